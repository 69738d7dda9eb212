import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { formatExpiry, posterPdf, posterSteps, type PosterInput } from './poster.js';
import { qrPng } from './qr.js';

const JOIN_URL = 'http://localhost:3000/#/pages/join/index?t=AbC_dEf-GhIjKlMnOpQrStUvWx';

function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  // jsqr is CommonJS: under NodeNext typing its function is the module object's `default`
  return jsQR.default(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data;
}

/**
 * The text a PDF viewer would extract, enough of a reader for what pdfkit writes: objects with
 * (Flate) streams, Type0 fonts with a ToUnicode CMap, and Tj/TJ strings of 2-byte glyph ids.
 */
function extractText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  for (const m of src.matchAll(/(\d+) 0 obj\n/g)) {
    const start = m.index + m[0].length;
    const end = src.indexOf('\nendobj', start);
    const body = src.slice(start, end);
    const s = body.indexOf('\nstream\n');
    if (s < 0) {
      objects.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, s);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const raw = pdf.subarray(start + s + 8, start + s + 8 + length);
    objects.set(Number(m[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
  }
  const ref = (dict: string, key: string): number => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);

  const toUnicode = new Map<string, Map<number, string>>();
  const unhex = (h: string): string => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
  let text = '';
  for (const page of [...objects.values()].filter((o) => /\/Type \/Page\n/.test(o.dict))) {
    const resources = objects.get(ref(page.dict, 'Resources'))!.dict;
    const fontBlock = /\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    for (const [, name, num] of fontBlock.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const cmap = objects.get(ref(objects.get(Number(num))!.dict, 'ToUnicode'))?.stream?.toString('latin1') ?? '';
      const map = new Map<number, string>();
      for (const [, from, , list] of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
        [...list!.matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => map.set(parseInt(from!, 16) + i, unhex(u[1]!)));
      }
      for (const [, from, to] of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4,})>\n/gi)) map.set(parseInt(from!, 16), unhex(to!));
      toUnicode.set(name!, map);
    }
    const content = objects.get(ref(page.dict, 'Contents'))!.stream!.toString('latin1');
    let font = new Map<number, string>();
    for (const [, fontName, shown] of content.matchAll(/\/(\w+) [\d.]+ Tf|(\[[^\]]*\] TJ|<[0-9a-f]*> Tj)/gi)) {
      if (fontName) font = toUnicode.get(fontName) ?? new Map();
      else for (const [, hex] of shown!.matchAll(/<([0-9a-f]*)>/gi)) for (const g of hex!.match(/.{4}/g) ?? []) text += font.get(parseInt(g, 16)) ?? '\uFFFD';
    }
  }
  return text;
}

describe('qrPng', () => {
  it('encodes the join URL so a real QR decoder reads back exactly the same text', async () => {
    const png = await qrPng(JOIN_URL);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(decodeQr(png)).toBe(JOIN_URL);
  });

  it('is large enough to print: several pixels per module, with a quiet zone', async () => {
    const image = PNG.sync.read(await qrPng(JOIN_URL));
    expect(image.width).toBeGreaterThanOrEqual(400);
    // the corner (inside the 4-module quiet zone) is white
    expect([...image.data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('honours scale and margin', async () => {
    const small = PNG.sync.read(await qrPng(JOIN_URL, { scale: 2, margin: 1 }));
    const large = PNG.sync.read(await qrPng(JOIN_URL, { scale: 8, margin: 4 }));
    expect(large.width).toBeGreaterThan(small.width * 3);
    expect(decodeQr(await qrPng(JOIN_URL, { scale: 4, margin: 2 }))).toBe(JOIN_URL);
  });
});

describe('formatExpiry', () => {
  it('shows the Beijing date, without a time when the invite runs to the end of the day', () => {
    expect(formatExpiry(new Date('2026-12-28T15:59:59Z'))).toBe('有效期至 2026年12月28日');
    expect(formatExpiry(new Date('2026-12-28T16:00:00Z'))).toBe('有效期至 2026年12月28日'); // midnight: through the 28th
  });

  it('adds the time of day otherwise, in Beijing time', () => {
    expect(formatExpiry(new Date('2026-12-28T06:32:00Z'))).toBe('有效期至 2026年12月28日 14:32');
    expect(formatExpiry(new Date('2026-12-31T17:05:00Z'))).toBe('有效期至 2027年1月1日 01:05');
  });
});

describe('posterPdf', () => {
  const input: PosterInput = {
    gridName: '第三平安小区西29栋',
    pathText: '江南街道 › 兴学社区 › 第三平安小区西29栋',
    roleLabel: '居民',
    code: Buffer.alloc(0),
    requireApproval: true,
    expiresAt: new Date('2026-12-28T15:59:00Z'),
  };
  let pdf: Buffer;

  beforeAll(async () => {
    input.code = await qrPng(JOIN_URL);
    pdf = await posterPdf(input);
  }, 60_000);

  it('is a one-page A4 PDF that embeds a subset of the Chinese font and stays small', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const src = pdf.toString('latin1');
    expect(src.match(/\/Type \/Page\n/g)).toHaveLength(1);
    expect(src).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(src).toContain('/FontFile2');
    expect(src).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(src).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(pdf.length).toBeLessThan(1024 * 1024);
  });

  it('contains the title, path, steps, role, expiry and footer as real Chinese text', () => {
    const text = extractText(pdf).replace(/\s+/g, '');
    for (const expected of [
      '扫码加入',
      '「第三平安小区西29栋」微网格',
      '江南街道›兴学社区›第三平安小区西29栋',
      '加入身份：居民',
      '1微信扫一扫上面的二维码',
      '2同意隐私说明，填写门牌号和姓名',
      '3网格长审核通过后即可收到通知',
      '有效期至2026年12月28日',
      '邻里微网格·个人信息加密保存，仅本网格工作人员可见',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('\uFFFD');
  });

  it('says joining is immediate when no approval is needed', async () => {
    const text = extractText(await posterPdf({ ...input, requireApproval: false })).replace(/\s+/g, '');
    expect(text).toContain(posterSteps(false)[2]);
    expect(text).not.toContain('审核');
  }, 30_000);

  it('keeps a 60-character grid name and a long path on one page', async () => {
    const gridName = '金钱寺社区第四网格张建国房东出租屋五级微网格东阳路一百二十八号院内后排左手边第二幢三层楼房全体租户住户'.slice(0, 60);
    const long = await posterPdf({ ...input, gridName, pathText: `金华经济技术开发区 › 江南街道 › 金钱寺社区 › 第四网格 › ${gridName}` });
    expect(long.toString('latin1').match(/\/Type \/Page\n/g)).toHaveLength(1);
    expect(extractText(long).replace(/\s+/g, '')).toContain(`「${gridName}」微网格`);
  }, 30_000);

  it('prints a code that scans from the rasterised page (pdftoppm, 100 dpi)', () => {
    try {
      execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    } catch {
      console.warn('pdftoppm not found (apt-get install -y poppler-utils): the poster was not rasterised');
      return;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'linli-poster-'));
    try {
      writeFileSync(path.join(dir, 'poster.pdf'), pdf);
      execFileSync('pdftoppm', ['-r', '100', '-f', '1', '-l', '1', '-png', '-singlefile', 'poster.pdf', 'page'], { cwd: dir });
      const png = readFileSync(path.join(dir, 'page.png'));
      const page = PNG.sync.read(png);
      // A4 at 100 dpi: 8.27 in × 11.69 in (pdftoppm rounds either way)
      expect(Math.abs(page.width - 827)).toBeLessThanOrEqual(1);
      expect(Math.abs(page.height - 1169)).toBeLessThanOrEqual(1);
      expect(decodeQr(png)).toBe(JOIN_URL);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
