import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { Gender, PersonName } from './household.js';
import { checkIdNumber, checkIdNumberAsTyped, normaliseIdNumber } from './id-number.js';
import { checkPhoneAsTyped, isMobilePhone, normalisePhone, PHONE_MESSAGE } from './phone.js';

/** Tenant registration (DESIGN.md capability 7): a landlord's houses, their rooms and tenancies. */

export const TENANCY_STATUSES = ['pending', 'active', 'ended'] as const;
export const TenancyStatus = z.enum(TENANCY_STATUSES, { error: '状态只能是 pending、active 或 ended' });
export type TenancyStatus = z.infer<typeof TenancyStatus>;
export const TENANCY_STATUS_LABELS: Record<TenancyStatus, string> = { pending: '待确认', active: '在租', ended: '已搬离' };

/** overdue: still registered past the expected move-out; unverified: not re-verified for REVERIFY_DAYS. */
export const TENANCY_FLAGS = ['overdue', 'unverified'] as const;
export const TenancyFlag = z.enum(TENANCY_FLAGS, { error: '标记只能是 overdue 或 unverified' });
export type TenancyFlag = z.infer<typeof TenancyFlag>;
export const TENANCY_FLAG_LABELS: Record<TenancyFlag, string> = { overdue: '已过预计搬离日', unverified: '超过 180 天未核验' };
export const REVERIFY_DAYS = 180;

/** A calendar date, YYYY-MM-DD, that exists. */
export const CalendarDate = z
  .string({ error: '请选择日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2024-01-31')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1990-01-01' && s <= '2099-12-31';
  }, '日期不存在');

export const RoomName = z.string({ error: '请填写房间号' }).trim().min(1, '请填写房间号').max(20, '房间号最多 20 个字');

export const CreatePropertyRequest = z.object({
  gridId: Id,
  address: z.string({ error: '请填写出租房地址' }).trim().min(2, '请填写出租房地址，如 金钱寺路12号').max(40, '地址最多 40 个字'),
  rooms: z
    .array(RoomName, { error: '请添加房间' })
    .min(1, '请至少添加一个房间')
    .max(100, '房间最多 100 个')
    .refine((rs) => new Set(rs).size === rs.length, '房间号有重复'),
});
export type CreatePropertyRequest = z.infer<typeof CreatePropertyRequest>;

export const CreatePropertyResponse = z.object({ id: Id, rentalGroupId: Id });
export type CreatePropertyResponse = z.infer<typeof CreatePropertyResponse>;

export const PropertyDto = z.object({
  /** A property is its rental_group node: one id for both. */
  id: Id,
  rentalGroupId: Id,
  gridId: Id,
  gridName: z.string(),
  address: z.string(),
  rooms: z.array(z.string()),
  activeCount: z.number().int(),
  pendingCount: z.number().int(),
  flaggedCount: z.number().int(),
  createdAt: Timestamp,
});
export type PropertyDto = z.infer<typeof PropertyDto>;

/**
 * The ID number and phone are plain strings here: their checks run in the service (and in the
 * form, through `tenantFieldProblems`) so that each reason has its own error code naming the field.
 */
export const TenantInput = z.object({
  name: PersonName,
  idNumber: z.string({ error: '请填写身份证号' }).max(30, '身份证号应为 18 位'),
  phone: z.string({ error: '请填写手机号' }).max(20, PHONE_MESSAGE),
  employer: z.string().trim().max(40, '工作单位最多 40 个字').optional(),
});
export type TenantInput = z.infer<typeof TenantInput>;

export const CoResident = z.object({
  name: PersonName,
  relation: z.string().trim().max(10, '关系最多 10 个字').optional(),
});
export type CoResident = z.infer<typeof CoResident>;

export const CreateTenancyRequest = z
  .object({
    tenant: TenantInput,
    room: RoomName,
    moveInDate: CalendarDate,
    expectedMoveOutDate: CalendarDate.optional(),
    coResidents: z.array(CoResident).max(10, '同住人最多 10 位').optional(),
  })
  .refine((b) => !b.expectedMoveOutDate || b.expectedMoveOutDate >= b.moveInDate, { message: '预计搬离日期不能早于入住日期', path: ['expectedMoveOutDate'] });
export type CreateTenancyRequest = z.infer<typeof CreateTenancyRequest>;

export interface FieldProblem {
  /** The field, as the request names it: `tenant.idNumber`, `tenant.phone`. */
  field: 'tenant.idNumber' | 'tenant.phone';
  code: 'ID_NUMBER_LENGTH' | 'ID_NUMBER_FORMAT' | 'ID_NUMBER_REGION' | 'ID_NUMBER_BIRTH_DATE' | 'ID_NUMBER_CHECKSUM' | 'PHONE_INVALID';
  message: string;
}

/** The complete check of a tenant's ID number and phone, used by the server and before a form is sent. */
export function tenantFieldProblems(t: Pick<TenantInput, 'idNumber' | 'phone'>, today: Date = new Date()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const id = checkIdNumber(t.idNumber, today);
  if (!id.ok) problems.push({ field: 'tenant.idNumber', code: id.code, message: id.message });
  if (!isMobilePhone(normalisePhone(t.phone))) problems.push({ field: 'tenant.phone', code: 'PHONE_INVALID', message: PHONE_MESSAGE });
  return problems;
}

/** The same checks while the person is still typing (nothing for an unfinished, still plausible value). */
export function tenantFieldProblemsAsTyped(t: Pick<TenantInput, 'idNumber' | 'phone'>, today: Date = new Date()): Partial<Record<FieldProblem['field'], string>> {
  const out: Partial<Record<FieldProblem['field'], string>> = {};
  const id = checkIdNumberAsTyped(t.idNumber, today);
  if (id && !id.ok) out['tenant.idNumber'] = id.message;
  const phone = checkPhoneAsTyped(t.phone);
  if (phone) out['tenant.phone'] = phone;
  return out;
}

export { normaliseIdNumber };

export const TenancyDto = z.object({
  id: Id,
  propertyId: Id,
  address: z.string(),
  room: z.string(),
  status: TenancyStatus,
  tenant: z.object({
    name: z.string(),
    /** Always masked: 330702********1234. */
    idNumber: z.string().nullable(),
    phone: z.string().nullable(),
    gender: Gender.nullable(),
    birthDate: z.string().nullable(),
    homeRegion: z.string().nullable(),
    employer: z.string().nullable(),
  }),
  coResidents: z.array(CoResident),
  moveInDate: z.string(),
  expectedMoveOutDate: z.string().nullable(),
  movedOutOn: z.string().nullable(),
  verifiedAt: Timestamp,
  flags: z.array(TenancyFlag),
  /** Registered by the tenant through the house's QR code (waits for the landlord's confirmation). */
  selfRegistered: z.boolean(),
  householdId: Id,
  personId: Id,
  createdAt: Timestamp,
});
export type TenancyDto = z.infer<typeof TenancyDto>;

export const TenanciesQuery = PageQuery.extend({
  status: TenancyStatus.optional(),
  flag: TenancyFlag.optional(),
});
export type TenanciesQuery = z.infer<typeof TenanciesQuery>;

export const RosterExportQuery = z.object({
  status: TenancyStatus.optional(),
  flag: TenancyFlag.optional(),
});
export type RosterExportQuery = z.infer<typeof RosterExportQuery>;

/** One row of a community's roster: the tenancy, and whose house it is. */
export const RosterItem = TenancyDto.extend({
  landlordName: z.string(),
  gridName: z.string(),
});
export type RosterItem = z.infer<typeof RosterItem>;

export const MoveOutRequest = z.object({ date: CalendarDate });
export type MoveOutRequest = z.infer<typeof MoveOutRequest>;
