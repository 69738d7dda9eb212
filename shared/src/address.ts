/**
 * Household addresses inside a grid: building (栋/幢), unit (单元) and room (室). People write
 * them many ways ("2单元301", "2-301", "二单元301室", "29栋2单元301"): these helpers reduce each
 * part to a key so the same flat is found however it was typed.
 */

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十二 → 12, 二十 → 20, 三 → 3 (enough for building and unit numbers). */
function chineseNumber(s: string): string {
  if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return s;
  if (!s.includes('十')) return [...s].map((c) => CN_DIGITS[c]).join('');
  const [tens, ones] = s.split('十');
  return String((tens ? CN_DIGITS[tens]! : 1) * 10 + (ones ? CN_DIGITS[ones]! : 0));
}

function fullWidthToAscii(s: string): string {
  return s.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** One part of an address reduced to its key: digits without leading zeros, letters upper-case, suffixes dropped. */
export function addressPartKey(raw: string | undefined | null, suffixes: RegExp): string {
  if (!raw) return '';
  let s = fullWidthToAscii(raw.trim()).replace(/\s+/g, '').toUpperCase();
  s = s.replace(suffixes, '');
  s = chineseNumber(s);
  s = s.replace(/^0+(?=\d)/, '');
  return s;
}

const BUILDING_SUFFIX = /(号楼|栋|幢|座|楼)$/;
const UNIT_SUFFIX = /(单元|门)$/;
const ROOM_SUFFIX = /(室|号|房)$/;

export interface AddressParts {
  building?: string;
  unit?: string;
  room: string;
}

export interface AddressKey {
  building: string;
  unit: string;
  room: string;
}

export function addressKey(a: AddressParts): AddressKey {
  return {
    building: addressPartKey(a.building, BUILDING_SUFFIX),
    unit: addressPartKey(a.unit, UNIT_SUFFIX),
    room: addressPartKey(a.room, ROOM_SUFFIX),
  };
}

/**
 * Reads a free-text address: "29栋2单元301", "2单元301室", "2-301", "29-2-301", "301".
 * Answers undefined when no room number can be found.
 */
export function parseAddress(text: string): AddressParts | undefined {
  const s = fullWidthToAscii(text.trim()).replace(/\s+/g, '');
  if (!s) return undefined;
  const labelled = /^(?:(.+?)(?:号楼|栋|幢|座))?(?:(.+?)(?:单元|门))?(.+?)(?:室|号|房)?$/.exec(s);
  const dashed = /^(?:([^-]+)-)?([^-]+)-([^-]+)$/.exec(s);
  if (dashed && !/[栋幢单元室]/.test(s)) {
    return { building: dashed[1] ?? undefined, unit: dashed[2], room: dashed[3]! };
  }
  if (labelled && labelled[3]) {
    return { building: labelled[1] || undefined, unit: labelled[2] || undefined, room: labelled[3] };
  }
  return undefined;
}

/** How an address is shown: 29栋2单元301室 (parts left out when empty). */
export function formatAddress(a: AddressParts): string {
  const k = addressKey(a);
  return `${k.building ? `${k.building}栋` : ''}${k.unit ? `${k.unit}单元` : ''}${k.room}${/^\d+$/.test(k.room) ? '室' : ''}`;
}
