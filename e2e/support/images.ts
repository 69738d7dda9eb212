import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// sharp is the server's dependency: borrow it rather than add a second copy to the e2e package
const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../server/package.json'));
interface SharpLike {
  jpeg(): SharpLike;
  withExif(exif: Record<string, Record<string, string>>): SharpLike;
  toBuffer(): Promise<Buffer>;
}
const sharp = require('sharp') as (input: { create: { width: number; height: number; channels: 3; background: string } }) => SharpLike;

/** A real JPEG as a phone makes one, GPS in its EXIF (the server must strip it). */
export async function phonePhoto(width = 1200, height = 900, colour = '#7a9a5a'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 5/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '119/1 38/1 1200/100' } })
    .toBuffer();
}
