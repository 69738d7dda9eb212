import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { PersonTag } from './household.js';
import { PhotoDto } from './upload.js';

export const VISIT_METHODS = ['in_person', 'phone', 'video'] as const;
export const VisitMethod = z.enum(VISIT_METHODS, { error: '请选择走访方式' });
export type VisitMethod = z.infer<typeof VisitMethod>;
export const VISIT_METHOD_LABELS: Record<VisitMethod, string> = { in_person: '上门', phone: '电话', video: '视频' };

/** From best to worst; `not_home` and worse open a follow-up. */
export const VISIT_OUTCOMES = ['well', 'not_home', 'unwell', 'needs_help', 'emergency'] as const;
export const VisitOutcome = z.enum(VISIT_OUTCOMES, { error: '请选择走访结果' });
export type VisitOutcome = z.infer<typeof VisitOutcome>;
export const VISIT_OUTCOME_LABELS: Record<VisitOutcome, string> = { well: '安好', not_home: '不在家', unwell: '身体不适', needs_help: '需要帮助', emergency: '紧急情况' };
export const FOLLOW_UP_OUTCOMES: readonly VisitOutcome[] = ['not_home', 'unwell', 'needs_help', 'emergency'];

export const CarePlanRequest = z.object({
  everyHours: z.number().int().min(1, '至少每 1 小时').max(24 * 30, '最长每 30 天'),
  carerUserIds: z.array(z.uuid({ error: '走访人编号不正确' })).max(20, '走访人最多 20 位'),
});
export type CarePlanRequest = z.infer<typeof CarePlanRequest>;

export const CarePlanDto = z.object({
  personId: Id,
  everyHours: z.number().int(),
  carers: z.array(z.object({ id: Id, displayName: z.string() })),
  /** `policy`: from the district's default for the person's tags; `manual`: set by staff. */
  source: z.enum(['policy', 'manual']),
  lastContactAt: Timestamp.nullable(),
  nextDueAt: Timestamp,
  updatedAt: Timestamp,
});
export type CarePlanDto = z.infer<typeof CarePlanDto>;

export const VisitDto = z.object({
  id: Id,
  personId: Id,
  occurredAt: Timestamp,
  method: VisitMethod,
  outcome: VisitOutcome,
  note: z.string().nullable(),
  carer: z.object({ id: Id, displayName: z.string() }),
  checkRequestId: Id.nullable(),
  /** Photos of the visit (signed URLs for the caller). */
  photos: z.array(PhotoDto),
  createdAt: Timestamp,
});
export type VisitDto = z.infer<typeof VisitDto>;

/** A visit as the phone sends it: `id` is made on the phone, so a retry is the same visit. */
export const CreateVisitRequest = z.object({
  id: z.uuid({ error: '走访记录编号不正确' }),
  personId: Id,
  occurredAt: z.iso.datetime({ offset: true, error: '走访时间格式不正确' }),
  method: VisitMethod,
  outcome: VisitOutcome,
  note: z.string().trim().max(500, '备注最多 500 字').optional(),
  photoIds: z.array(Id).max(9, '最多 9 张照片').optional(),
  checkRequestId: Id.optional(),
});
export type CreateVisitRequest = z.infer<typeof CreateVisitRequest>;

export const CareListItem = z.object({
  person: z.object({ id: Id, name: z.string(), age: z.number().int().nullable(), householdId: Id, address: z.string(), tags: z.array(PersonTag) }),
  everyHours: z.number().int(),
  lastVisit: z.object({ occurredAt: Timestamp, outcome: VisitOutcome, method: VisitMethod, carerName: z.string() }).nullable(),
  lastContactAt: Timestamp.nullable(),
  nextDueAt: Timestamp,
  /** Minutes past the due time; 0 when not yet due. */
  overdueMinutes: z.number().int(),
  openFollowUps: z.number().int(),
});
export type CareListItem = z.infer<typeof CareListItem>;

export const CareListQuery = PageQuery.extend({ overdueOnly: z.enum(['true', 'false']).optional() });
export type CareListQuery = z.infer<typeof CareListQuery>;

export const CheckInRequest = z.object({ note: z.string().trim().max(200).optional() });
export type CheckInRequest = z.infer<typeof CheckInRequest>;
export const CheckInResponse = z.object({ at: Timestamp, nextDueAt: Timestamp.nullable() });
export type CheckInResponse = z.infer<typeof CheckInResponse>;

/** A family member's own settings for one person: whether their "我很好" sends an all-clear. */
export const FamilySettings = z.object({ allClear: z.boolean({ error: '请选择是否接收报平安通知' }) });
export type FamilySettings = z.infer<typeof FamilySettings>;

/** The visit log export: a period of at most a year, by calendar day (Beijing time). */
export const VisitExportQuery = z
  .object({
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '开始日期格式应为 2026-11-01'),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '结束日期格式应为 2026-11-30'),
  })
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 366, { message: '一次最多导出一年', path: ['to'] });
export type VisitExportQuery = z.infer<typeof VisitExportQuery>;
