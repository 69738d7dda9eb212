/** Mainland mobile numbers: 11 digits starting 13–19; +86 / 0086 prefixes and separators are dropped. */
export const PHONE_MESSAGE = '请填写 11 位手机号，如 13812345678';

export function normalisePhone(raw: string): string {
  return raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-()（）]/g, '')
    .replace(/^(\+86|0086)/, '');
}

export function isMobilePhone(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** For a form, as the person types: the message once the digits typed so far cannot become a mobile number. */
export function checkPhoneAsTyped(raw: string): string | null {
  const v = normalisePhone(raw);
  if (v === '') return null;
  if (!/^\d+$/.test(v) || v[0] !== '1' || (v.length >= 2 && !/[3-9]/.test(v[1]!)) || v.length > 11) return PHONE_MESSAGE;
  return null;
}
