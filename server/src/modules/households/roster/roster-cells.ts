import type { CellValue } from 'exceljs';

/** What a cell holds once formulas, rich text and links are looked through. */
export type Plain = string | number | boolean | Date | undefined;

export function plain(value: CellValue): Plain {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('result' in value) return plain(value.result as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return undefined; // a formula never calculated
  return undefined; // an error value such as #N/A
}

const FULL_WIDTH = /[０-９Ａ-Ｚａ-ｚ]/g;

export function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Trimmed text of a cell, including full-width and no-break spaces people paste in. */
export function cellText(value: Plain): string {
  if (value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDate(value);
  if (typeof value === 'number') return String(value);
  return String(value).replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '');
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// Excel's day 0 is 1899-12-30 (counting its fictitious 1900-02-29, which dates after 1900-03-01 absorb).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A birth date as YYYY-MM-DD (not yet checked to exist), or undefined when the text is not a date
 * at all. Excel hands dates over as Date objects (date-formatted cells, which exceljs reads as UTC
 * midnight), serial numbers (a date cell formatted as a number), 8-digit numbers (19450302), or
 * text: 1945-03-02, 1945/3/2, 1945.3.2, 1945年3月2日.
 */
export function cellDate(value: Plain): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : isoDate(value);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 10_000_000 && value <= 99_999_999) return cellDate(String(value));
    if (value >= 1 && value < 100_000) return isoDate(new Date(EXCEL_EPOCH_MS + Math.floor(value) * DAY_MS));
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const s = halfWidth(cellText(value));
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!parts) return undefined;
  return `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
}
