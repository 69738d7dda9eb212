/** Times as people in China read them: Beijing time (UTC+8, no daylight saving), whatever the server's zone. */
const OFFSET_MS = 8 * 3_600_000;

function shifted(at: Date): Date {
  return new Date(at.getTime() + OFFSET_MS);
}

/** 2026-11-30 */
export function beijingDate(at: Date): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** 2026-11-30 09:30 */
export function beijingDateTime(at: Date): string {
  const iso = shifted(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** 11月30日 09:30 */
export function beijingShort(at: Date): string {
  const b = shifted(at);
  return `${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${String(b.getUTCHours()).padStart(2, '0')}:${String(b.getUTCMinutes()).padStart(2, '0')}`;
}
