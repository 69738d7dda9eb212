import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { GridNodeRef } from './grid.js';

export const NOTICE_CATEGORIES = ['epidemic', 'garbage', 'safety', 'civility', 'general', 'urgent'] as const;
export const NoticeCategory = z.enum(NOTICE_CATEGORIES, { error: '请选择通知类别' });
export type NoticeCategory = z.infer<typeof NoticeCategory>;
export const NOTICE_CATEGORY_LABELS: Record<NoticeCategory, string> = {
  epidemic: '防疫',
  garbage: '垃圾分类',
  safety: '安全',
  civility: '文明',
  general: '通知',
  urgent: '紧急',
};

/** How long after a reminder the next one may be sent (per notice). */
export const NOTICE_REMIND_COOLDOWN_HOURS = 6;

export const CreateNoticeRequest = z.object({
  title: z.string().trim().min(1, '请填写标题').max(40, '标题最多 40 字'),
  body: z.string().trim().min(1, '请填写通知内容').max(2000, '内容最多 2000 字'),
  category: NoticeCategory,
  requireConfirm: z.boolean().default(false),
});
export type CreateNoticeRequest = z.infer<typeof CreateNoticeRequest>;

/** One notice in a member's feed, with the caller's own read and confirmed state. */
export const NoticeSummary = z.object({
  id: Id,
  title: z.string(),
  /** The first line or so of the body, for the feed. */
  excerpt: z.string(),
  category: NoticeCategory,
  requireConfirm: z.boolean(),
  node: GridNodeRef,
  authorName: z.string(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
  confirmedAt: Timestamp.nullable(),
});
export type NoticeSummary = z.infer<typeof NoticeSummary>;

export const NoticeDto = NoticeSummary.omit({ excerpt: true }).extend({
  body: z.string(),
  /** Whether the caller is one of the people it is addressed to (so reading and confirming count). */
  isRecipient: z.boolean(),
  /** The nodes whose receipts the caller may open: the notice's own node for its author and the staff above, else the caller's own grids below it (a landlord's houses). */
  receiptNodes: z.array(GridNodeRef),
});
export type NoticeDto = z.infer<typeof NoticeDto>;

export const NoticesQuery = PageQuery;
export type NoticesQuery = z.infer<typeof NoticesQuery>;

export const ReceiptsQuery = z.object({ nodeId: Id.optional() });
export type ReceiptsQuery = z.infer<typeof ReceiptsQuery>;

export const ReceiptCounts = z.object({
  /** Households reached (a member without a household counts as one). */
  reached: z.number().int(),
  read: z.number().int(),
  confirmed: z.number().int(),
});
export type ReceiptCounts = z.infer<typeof ReceiptCounts>;

export const UnreadHousehold = z.object({
  /** The household's address (or empty for a member without one). */
  address: z.string(),
  /** Masked names of the household's members who received it: 赵*龙. */
  names: z.array(z.string()),
  node: GridNodeRef,
});
export type UnreadHousehold = z.infer<typeof UnreadHousehold>;

export const NoticeReceipts = z.object({
  notice: z.object({ id: Id, title: z.string(), category: NoticeCategory, requireConfirm: z.boolean(), createdAt: Timestamp }),
  node: GridNodeRef,
  totals: ReceiptCounts,
  /** One row per child node (and the node itself when members sit directly at it). */
  children: z.array(ReceiptCounts.extend({ node: GridNodeRef })),
  /** Households that have not read it, at most 200; `unreadTotal` counts them all. */
  unread: z.array(UnreadHousehold),
  unreadTotal: z.number().int(),
  /** False while the notice is still being delivered to everyone below (counts are still growing). */
  delivered: z.boolean(),
  lastRemindedAt: Timestamp.nullable(),
  /** When a reminder may be sent again (null: now). */
  nextRemindAt: Timestamp.nullable(),
});
export type NoticeReceipts = z.infer<typeof NoticeReceipts>;

export const RemindRequest = z.object({ nodeId: Id.optional() });
export type RemindRequest = z.infer<typeof RemindRequest>;

export const RemindResponse = z.object({
  /** People who will be reminded (in their inbox). */
  recipients: z.number().int(),
  nextRemindAt: Timestamp,
});
export type RemindResponse = z.infer<typeof RemindResponse>;
