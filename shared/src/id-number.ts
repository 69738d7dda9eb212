/**
 * Mainland resident ID numbers (GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence (odd: male, even: female), and a check character over the first 17 digits
 * (weights 2^(17-i) mod 11, the remainder mapped through "10X98765432").
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

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

export type IdNumberProblem = 'length' | 'format' | 'region' | 'birth_date' | 'checksum';

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  length: '身份证号应为 18 位',
  format: '身份证号前 17 位应为数字，最后一位为数字或 X',
  region: '身份证号开头的地区代码不存在，请核对',
  birth_date: '身份证号中的出生日期不正确，请核对',
  checksum: '身份证号校验位不对，可能有数字输错了，请逐位核对',
};

export interface IdNumberInfo {
  /** Normalised: upper-case X, no spaces. */
  value: string;
  regionCode: string;
  province: string;
  birthDate: string;
  gender: 'male' | 'female';
}

export type IdNumberCheck = ({ ok: true } & IdNumberInfo) | { ok: false; problem: IdNumberProblem; message: string };

export function normaliseIdNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/x$/, 'X').replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
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

export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberCheck {
  const value = normaliseIdNumber(raw);
  const fail = (problem: IdNumberProblem): IdNumberCheck => ({ ok: false, problem, message: ID_NUMBER_MESSAGES[problem] });
  if (value.length !== 18) return fail('length');
  if (!/^\d{17}[\dX]$/.test(value)) return fail('format');
  const province = PROVINCES[value.slice(0, 2)];
  if (!province) return fail('region');
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime()) return fail('birth_date');
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return fail('checksum');
  return {
    ok: true,
    value,
    regionCode: value.slice(0, 6),
    province,
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}
