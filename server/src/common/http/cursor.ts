import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/** Keyset cursors: the sort key of the last item, base64url JSON, opaque to clients. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, shape: T): z.infer<T> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the coded refusal
  }
  throw new AppError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', [{ path: 'cursor', message: 'invalid cursor' }]);
}

/** Fetch `limit + 1` rows, give back `limit` and a cursor when there was one more. */
export function toPage<R, T>(rows: R[], limit: number, map: (r: R) => T, keyOf: (r: R) => Record<string, string | number>) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
