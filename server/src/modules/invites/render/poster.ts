import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

export interface PosterInput {
  gridName: string;
  /** From the street down to the grid, e.g. 江南街道 › 兴学社区 › 第三平安小区西29栋. */
  pathText: string;
  /** The role the invite grants, in Chinese (居民). */
  roleLabel: string;
  /** PNG of the QR code or WeChat mini-program code. */
  code: Buffer;
  requireApproval: boolean;
  expiresAt: Date;
}

// A4 portrait in points. The code image is printed 11 cm wide: with the quiet zone a PNG carries,
// the code itself is still about 9 cm, which scans from an arm's length on a stairwell wall.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN_X = 56;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN_X;
const CM = 72 / 2.54;
const CODE_SIZE = 11 * CM;

// Calm colours that still print legibly in black and white.
const INK = '#1f2933';
const MUTED = '#52606d';
const PRIMARY = '#1c6b58';
const TINT = '#e7f2ee';

const FONT_REGULAR = 'NotoSansSC-Regular';
const FONT_BOLD = 'NotoSansSC-Bold';

interface FontBytes {
  regular: Buffer;
  bold: Buffer;
}

let fontBytes: Promise<FontBytes> | undefined;

/** The two Noto Sans SC files (~10 MB each) are read once per process; pdfkit embeds only the glyphs used. */
function loadFonts(): Promise<FontBytes> {
  if (!fontBytes) {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    fontBytes = Promise.all([
      readFile(path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf')),
      readFile(path.join(dir, '700Bold', 'NotoSansSC_700Bold.ttf')),
    ]).then(
      ([regular, bold]) => ({ regular, bold }),
      (err: unknown) => {
        fontBytes = undefined; // let the next request try again rather than caching the failure
        throw err;
      },
    );
  }
  return fontBytes;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * "有效期至 2026年12月28日", in Beijing time (no daylight saving). The time of day is added unless
 * the invite runs to the end of a day, so a short invite does not look valid all day; an expiry at
 * exactly midnight is shown as the day before (valid through that whole day).
 */
export function formatExpiry(expiresAt: Date): string {
  const local = new Date(expiresAt.getTime() + BEIJING_OFFSET_MS);
  const h = local.getUTCHours();
  const m = local.getUTCMinutes();
  const atMidnight = h === 0 && m === 0 && local.getUTCSeconds() === 0;
  const day = atMidnight ? new Date(local.getTime() - 1) : local;
  const date = `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
  const endOfDay = atMidnight || (h === 23 && m === 59);
  return `有效期至 ${date}${endOfDay ? '' : ` ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`}`;
}

export function posterSteps(requireApproval: boolean): [string, string, string] {
  return [
    '微信扫一扫上面的二维码',
    '同意隐私说明，填写门牌号和姓名',
    requireApproval ? '网格长审核通过后即可收到通知' : '提交后立即加入，就能收到本网格通知',
  ];
}

type Doc = PDFKit.PDFDocument;

const lineGapFor = (size: number): number => size * 0.1;

function linesOf(doc: Doc, text: string, size: number): number {
  doc.fontSize(size);
  const gap = lineGapFor(size);
  return Math.round(doc.heightOfString(text, { width: CONTENT_WIDTH, lineGap: gap }) / (doc.currentLineHeight(true) + gap));
}

/** The largest size from `max` down to `min` at which `text` takes at most `lines` lines, or `min`. */
function fitSize(doc: Doc, text: string, font: string, max: number, min: number, lines = 1): number {
  doc.font(font);
  for (let size = max; size > min; size -= 1) {
    if (linesOf(doc, text, size) <= lines) return size;
  }
  return min;
}

/** Centred text in the content column; answers the y below it. */
function centred(doc: Doc, text: string, y: number, font: string, size: number, color: string): number {
  doc.font(font).fontSize(size).fillColor(color);
  const opts = { width: CONTENT_WIDTH, align: 'center' as const, lineGap: lineGapFor(size) };
  doc.text(text, MARGIN_X, y, opts);
  return y + doc.heightOfString(text, opts);
}

/**
 * Names are up to 60 characters and paths hold several of them: the title gets at most two lines
 * and the path at most two (losing its start, the end names the grid), so the layout below never
 * runs into the footer.
 */
function headerSizes(doc: Doc, title: string, pathText: string): { titleSize: number; pathText: string; pathSize: number } {
  const oneLine = fitSize(doc, title, FONT_BOLD, 36, 22);
  const titleSize = linesOf(doc.font(FONT_BOLD), title, oneLine) <= 1 ? oneLine : fitSize(doc, title, FONT_BOLD, 26, 14, 2);
  let pathSize = fitSize(doc, pathText, FONT_REGULAR, 16, 11);
  if (linesOf(doc.font(FONT_REGULAR), pathText, pathSize) > 1) {
    pathSize = 12;
    while (pathText.length > 1 && linesOf(doc, pathText, pathSize) > 2) pathText = `…${pathText.slice(2)}`;
  }
  return { titleSize, pathText, pathSize };
}

export async function posterPdf(input: PosterInput): Promise<Buffer> {
  const fonts = await loadFonts();
  const title = `「${input.gridName}」微网格`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 0, bottom: 0, left: MARGIN_X, right: MARGIN_X },
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: `扫码加入${title}`, Author: '邻里微网格', Subject: '微网格住户扫码加入' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT_REGULAR, fonts.regular);
  doc.registerFont(FONT_BOLD, fonts.bold);

  // A thin band of colour: recognisable without spending much toner.
  doc.rect(0, 0, PAGE.width, 10).fill(PRIMARY);
  let y = 36;
  y = centred(doc, '扫码加入', y, FONT_BOLD, 30, INK) + 2;
  const header = headerSizes(doc, title, input.pathText);
  y = centred(doc, title, y, FONT_BOLD, header.titleSize, PRIMARY) + 6;
  y = centred(doc, header.pathText, y, FONT_REGULAR, header.pathSize, MUTED) + 16;

  // The code, framed and centred.
  const pad = 6;
  const frame = CODE_SIZE + 2 * pad;
  const frameX = (PAGE.width - frame) / 2;
  doc.roundedRect(frameX, y, frame, frame, 14).lineWidth(1.5).strokeColor(PRIMARY).stroke();
  doc.image(input.code, frameX + pad, y + pad, { fit: [CODE_SIZE, CODE_SIZE], align: 'center', valign: 'center' });
  y += frame + 16;

  // The role as a pill under the code.
  const role = `加入身份：${input.roleLabel}`;
  doc.font(FONT_BOLD).fontSize(17);
  const pillW = doc.widthOfString(role) + 40;
  const pillH = 34;
  doc.roundedRect((PAGE.width - pillW) / 2, y, pillW, pillH, pillH / 2).fill(TINT);
  doc.fillColor(PRIMARY).text(role, MARGIN_X, y + (pillH - 17 * 1.45) / 2, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
  y += pillH + 24;

  // Three numbered steps, large type for elderly readers, as a left-aligned block centred on the page.
  const steps = posterSteps(input.requireApproval);
  const stepSize = 21;
  const radius = 15;
  doc.font(FONT_REGULAR).fontSize(stepSize);
  const textW = Math.max(...steps.map((s) => doc.widthOfString(s)));
  const blockW = Math.min(CONTENT_WIDTH, 2 * radius + 14 + textW);
  const blockX = (PAGE.width - blockW) / 2;
  const textX = blockX + 2 * radius + 14;
  const stepGap = 42;
  steps.forEach((step, i) => {
    const cy = y + i * stepGap + radius;
    doc.circle(blockX + radius, cy, radius).fill(PRIMARY);
    doc.font(FONT_BOLD).fontSize(18).fillColor('#ffffff');
    doc.text(String(i + 1), blockX, cy - 18 * 0.72, { width: 2 * radius, align: 'center', lineBreak: false });
    doc.font(FONT_REGULAR).fontSize(stepSize).fillColor(INK);
    doc.text(step, textX, cy - stepSize * 0.74, { width: PAGE.width - MARGIN_X - textX, lineBreak: false });
  });
  y += steps.length * stepGap + 8;

  centred(doc, formatExpiry(input.expiresAt), y, FONT_BOLD, 17, INK);

  // Footer: who keeps the data, in small type, above a hairline.
  const footerY = PAGE.height - 52;
  doc.moveTo(MARGIN_X, footerY - 12).lineTo(PAGE.width - MARGIN_X, footerY - 12).lineWidth(0.5).strokeColor('#cbd2d9').stroke();
  centred(doc, '邻里微网格 · 个人信息加密保存，仅本网格工作人员可见', footerY, FONT_REGULAR, 11, MUTED);

  doc.end();
  return done;
}
