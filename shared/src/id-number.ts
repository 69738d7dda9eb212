/**
 * Mainland resident ID numbers (GB 11643-1999): 6-digit region code (GB/T 2260), 8-digit birth
 * date, 3-digit sequence (odd: male, even: female), and a check character over the first 17
 * digits (weights 2^(17-i) mod 11, the remainder mapped through "10X98765432").
 *
 * The same check runs in the mini-program's forms (as the person types) and on the server, so a
 * refusal reads the same in both places; each problem has its own error code.
 */
import { REGION_SOURCE, REGION_TABLE } from './regions.generated.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export { REGION_SOURCE };

/** GB/T 2260 province-level codes (the first two digits). */
export const PROVINCES: Record<string, string> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
  '71': '台湾省', '81': '香港特别行政区', '82': '澳门特别行政区',
};

let regions: Map<string, string> | undefined;

/** code → name for every GB/T 2260 code in the table (provinces, prefectures, counties); parsed once. */
function regionNames(): Map<string, string> {
  if (regions) return regions;
  regions = new Map();
  for (const provPart of REGION_TABLE.split(';')) {
    if (!provPart) continue;
    const [provHead, ...cityParts] = provPart.split('/');
    const p = provHead!.slice(0, 2);
    if (provHead!.length > 2) regions.set(`${p}0000`, provHead!.slice(2));
    for (const cityPart of cityParts) {
      const [cityHead, ...areas] = cityPart.split(',');
      const c = cityHead!.slice(0, 2);
      if (cityHead!.length > 2) regions.set(`${p}${c}00`, cityHead!.slice(2));
      for (const a of areas) regions.set(`${p}${c}${a.slice(0, 2)}`, a.slice(2));
    }
  }
  return regions;
}

/** The full name of a known region code ("浙江省金华市婺城区"), or undefined when GB/T 2260 has no such code. */
export function regionName(code: string): string | undefined {
  const names = regionNames();
  const own = names.get(code);
  if (!own) return undefined;
  const parts = [names.get(`${code.slice(0, 2)}0000`), code.slice(2, 6) === '0000' ? undefined : names.get(`${code.slice(0, 4)}00`), code.slice(4, 6) === '00' ? undefined : own];
  return parts.filter((x, i, all) => x && all.indexOf(x) === i).join('');
}

export type IdNumberProblem = 'length' | 'format' | 'region' | 'birth_date' | 'checksum';

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  length: '身份证号应为 18 位',
  format: '身份证号前 17 位应为数字，最后一位为数字或 X',
  region: '身份证号开头的地区代码不存在，请核对',
  birth_date: '身份证号中的出生日期不正确，请核对',
  checksum: '身份证号校验位不对，可能有数字输错了，请逐位核对',
};

/** The API error code of each problem (listed in errors.ts with the same messages). */
export const ID_NUMBER_ERROR_CODES = {
  length: 'ID_NUMBER_LENGTH',
  format: 'ID_NUMBER_FORMAT',
  region: 'ID_NUMBER_REGION',
  birth_date: 'ID_NUMBER_BIRTH_DATE',
  checksum: 'ID_NUMBER_CHECKSUM',
} as const satisfies Record<IdNumberProblem, string>;

export interface IdNumberInfo {
  /** Normalised: upper-case X, no spaces. */
  value: string;
  regionCode: string;
  province: string;
  /** The home region's full name, e.g. 浙江省金华市婺城区. */
  region: string;
  birthDate: string;
  gender: 'male' | 'female';
}

export type IdNumberCheck = ({ ok: true } & IdNumberInfo) | { ok: false; problem: IdNumberProblem; message: string; code: (typeof ID_NUMBER_ERROR_CODES)[IdNumberProblem] };

export function normaliseIdNumber(raw: string): string {
  return raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[ｘＸ]/g, 'X')
    .replace(/[\s-]/g, '')
    .replace(/x$/, 'X');
}

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function fail(problem: IdNumberProblem): IdNumberCheck {
  return { ok: false, problem, message: ID_NUMBER_MESSAGES[problem], code: ID_NUMBER_ERROR_CODES[problem] };
}

function birthProblem(value: string, today: Date): boolean {
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  return y < 1900 || !isRealDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime();
}

export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberCheck {
  const value = normaliseIdNumber(raw);
  if (value.length !== 18) return fail('length');
  if (!/^\d{17}[\dX]$/.test(value)) return fail('format');
  const region = regionName(value.slice(0, 6));
  if (!region) return fail('region');
  if (birthProblem(value, today)) return fail('birth_date');
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return fail('checksum');
  return {
    ok: true,
    value,
    regionCode: value.slice(0, 6),
    province: PROVINCES[value.slice(0, 2)] ?? regionName(`${value.slice(0, 2)}0000`) ?? '',
    region,
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * For a form, as the person types: a problem as soon as the characters typed so far show one
 * (a letter, an unknown region once 6 digits are in, an impossible date once 14 are), the full
 * check at 18 characters, and nothing while an unfinished number is still plausible.
 */
export function checkIdNumberAsTyped(raw: string, today: Date = new Date()): IdNumberCheck | null {
  const value = normaliseIdNumber(raw);
  if (value === '') return null;
  if (value.length >= 18) return checkIdNumber(value, today);
  if (!/^\d*$/.test(value)) return fail('format');
  if (value.length >= 6 && !regionName(value.slice(0, 6))) return fail('region');
  if (value.length >= 14 && birthProblem(value, today)) return fail('birth_date');
  return null;
}
