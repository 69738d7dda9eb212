import zlib from 'node:zlib';
import QRCode from 'qrcode';

export interface QrPngOptions {
  /** Pixels per module (default 12: a typical join URL gives a ~590 px image). */
  scale?: number;
  /** Quiet zone in modules (default 4, what the QR specification asks for). */
  margin?: number;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A QR code as PNG. Error correction Q (25 %) so a code printed on a stairwell wall still scans
 * with a smudge, a staple or a torn corner; pure black on white for cheap printers. The PNG is
 * written here (8-bit greyscale, native zlib) rather than through a pure-JS encoder: same
 * bytes a decoder sees, a fraction of the time.
 */
export async function qrPng(text: string, options: QrPngOptions = {}): Promise<Buffer> {
  const scale = options.scale ?? 12;
  const margin = options.margin ?? 4;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'Q' });
  const side = (modules.size + margin * 2) * scale;
  const stride = side + 1; // a filter byte (0: none) before each scanline
  const raw = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) {
    raw[y * stride] = 0;
    const my = Math.floor(y / scale) - margin;
    if (my < 0 || my >= modules.size) continue;
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - margin;
      if (mx >= 0 && mx < modules.size && modules.get(my, mx)) raw[y * stride + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
