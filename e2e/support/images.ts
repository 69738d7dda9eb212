import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './server.js';

/** sharp is the server's dependency (image work): borrowed here to make real photos for uploads. */
const sharp = createRequire(path.join(ROOT, 'server/package.json'))('sharp') as typeof import('sharp');

/** A small real JPEG of one colour with a darker block, like a photo of something. */
export async function makeJpeg(width = 640, height = 480, rgb: [number, number, number] = [70, 120, 90]): Promise<Buffer> {
  const block = await sharp({ create: { width: Math.round(width / 3), height: Math.round(height / 3), channels: 3, background: { r: 40, g: 40, b: 40 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .composite([{ input: block, left: Math.round(width / 3), top: Math.round(height / 3) }])
    .jpeg({ quality: 80 })
    .toBuffer();
}
