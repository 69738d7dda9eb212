import { z } from 'zod';

export const Id = z.uuid({ error: '编号格式不正确' });
export type Id = z.infer<typeof Id>;

export const IdParams = z.object({ id: Id });

export const Timestamp = z.iso.datetime({ offset: true });

/** Opaque cursor for keyset pagination: lists answer `{items, nextCursor}`. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
