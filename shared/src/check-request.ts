import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { GridNodeRef } from './grid.js';
import { VisitMethod, VisitOutcome } from './care.js';

export const CHECK_REQUEST_STATUSES = ['open', 'acknowledged', 'answered'] as const;
export const CheckRequestStatus = z.enum(CHECK_REQUEST_STATUSES);
export type CheckRequestStatus = z.infer<typeof CheckRequestStatus>;
export const CHECK_REQUEST_STATUS_LABELS: Record<CheckRequestStatus, string> = { open: '等待网格员接单', acknowledged: '网格员已接单，正在上门', answered: '已上门查看' };

export const CreateCheckRequest = z.object({
  message: z.string().trim().min(1, '请写一句想让网格员做什么').max(200, '最多 200 字'),
});
export type CreateCheckRequest = z.infer<typeof CreateCheckRequest>;

export const CheckRequestEvent = z.object({
  kind: z.enum(['created', 'escalated', 'acknowledged', 'answered']),
  at: Timestamp,
  actorName: z.string().nullable(),
  /** For escalations: the node whose staff it went up to. */
  node: GridNodeRef.nullable(),
});
export type CheckRequestEvent = z.infer<typeof CheckRequestEvent>;

export const CheckRequestDto = z.object({
  id: Id,
  person: z.object({ id: Id, name: z.string() }),
  message: z.string(),
  status: CheckRequestStatus,
  requester: z.object({ id: Id, displayName: z.string() }),
  acknowledgedBy: z.object({ id: Id, displayName: z.string() }).nullable(),
  acknowledgedAt: Timestamp.nullable(),
  answer: z.object({ visitId: Id, outcome: VisitOutcome, method: VisitMethod, occurredAt: Timestamp, carerName: z.string() }).nullable(),
  /** 0: with the person's own carers; each escalation moves it one node up the tree. */
  escalationLevel: z.number().int(),
  currentNode: GridNodeRef,
  /** When it goes up a level if nobody acknowledges it (null once acknowledged). */
  escalateAt: Timestamp.nullable(),
  events: z.array(CheckRequestEvent),
  createdAt: Timestamp,
});
export type CheckRequestDto = z.infer<typeof CheckRequestDto>;

export const CheckRequestsQuery = PageQuery.extend({ status: CheckRequestStatus.optional() });
export type CheckRequestsQuery = z.infer<typeof CheckRequestsQuery>;

export const NotificationDto = z.object({
  id: Id,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** Where tapping it goes in the mini-program, e.g. `check-request:<id>`. */
  link: z.string().nullable(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});
export type NotificationDto = z.infer<typeof NotificationDto>;

export const NotificationsPage = z.object({ items: z.array(NotificationDto), nextCursor: z.string().nullable(), unreadCount: z.number().int() });
export type NotificationsPage = z.infer<typeof NotificationsPage>;

/** Notification kinds a user can accept WeChat subscription messages for. */
export const SUBSCRIBABLE_KINDS = ['check-request', 'visit', 'check-in', 'emergency', 'notice-urgent', 'report'] as const;
export type SubscribableKind = (typeof SUBSCRIBABLE_KINDS)[number];
/** After `wx.requestSubscribeMessage`: the kinds the user accepted (each acceptance allows one message). */
export const SubscribeRequest = z.object({ kinds: z.array(z.enum(SUBSCRIBABLE_KINDS)).min(1).max(SUBSCRIBABLE_KINDS.length) });
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;

/** The subscription message templates the mini-program may ask for, by kind (only kinds that have one). */
export const MessageTemplates = z.object({ templates: z.partialRecord(z.enum(SUBSCRIBABLE_KINDS), z.string()) });
export type MessageTemplates = z.infer<typeof MessageTemplates>;
