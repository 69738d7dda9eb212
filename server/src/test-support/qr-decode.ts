import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Reads a QR code out of a PNG with a real decoder (jsQR), as a phone camera would. */
export function decodeQrPng(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  // jsqr is CommonJS: under NodeNext typing its function is the `default` property of the module object
  return jsQR.default(new Uint8ClampedArray(img.data), img.width, img.height)?.data;
}
