import sharp from 'sharp';
import { AppError } from '../../common/errors/app-error.js';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type from the first bytes, whatever the file is called; undefined for anything else. */
export function sniffImageType(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

export interface ProcessedImage {
  type: ImageType;
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

/** Largest side of a stored photo and of its thumbnail; bigger phone photos are scaled down. */
const FULL_MAX = 2048;
const THUMB_MAX = 360;
/** A decompression bomb (a tiny file that decodes to gigapixels) is refused before it is decoded. */
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * Re-encodes the image: turned upright by its EXIF orientation, then written without any metadata
 * (EXIF, GPS, XMP, ICC comments: sharp keeps none unless asked), scaled to at most 2048 px, and a
 * 360 px JPEG thumbnail. Bytes that only look like an image are refused with UPLOAD_UNREADABLE.
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  const type = sniffImageType(bytes);
  if (!type) throw new AppError('UPLOAD_NOT_IMAGE');
  try {
    const base = () => sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    const resized = base().resize({ width: FULL_MAX, height: FULL_MAX, fit: 'inside', withoutEnlargement: true });
    const encoded = type === 'image/png' ? resized.png({ compressionLevel: 8 }) : type === 'image/webp' ? resized.webp({ quality: 85 }) : resized.jpeg({ quality: 85, mozjpeg: true });
    const { data: full, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await base()
      .resize({ width: THUMB_MAX, height: THUMB_MAX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { type, full, thumb, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('UPLOAD_UNREADABLE');
  }
}
