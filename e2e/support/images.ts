import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// sharp is the server's dependency: borrow it rather than add a second copy to the e2e package
const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../server/package.json'));
interface SharpLike {
  jpeg(options?: { quality?: number }): SharpLike;
  png(): SharpLike;
  composite(layers: { input: Buffer; left: number; top: number }[]): SharpLike;
  withExif(exif: Record<string, Record<string, string>>): SharpLike;
  toBuffer(): Promise<Buffer>;
}
const sharp = require('sharp') as (input: { create: { width: number; height: number; channels: 3; background: string | { r: number; g: number; b: number } } }) => SharpLike;

/** A real JPEG as a phone makes one, GPS in its EXIF (the server must strip it). */
export async function phonePhoto(width = 1200, height = 900, colour = '#7a9a5a'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 5/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '119/1 38/1 1200/100' } })
    .toBuffer();
}

/** A small real JPEG of one colour with a darker block in the middle, like a photo of something. */
export async function makeJpeg(width = 640, height = 480, rgb: [number, number, number] = [70, 120, 90]): Promise<Buffer> {
  const block = await sharp({ create: { width: Math.round(width / 3), height: Math.round(height / 3), channels: 3, background: { r: 40, g: 40, b: 40 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .composite([{ input: block, left: Math.round(width / 3), top: Math.round(height / 3) }])
    .jpeg({ quality: 80 })
    .toBuffer();
}
