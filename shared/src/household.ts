import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { GridNodeRef } from './grid.js';
import { checkIdNumber, normaliseIdNumber } from './id-number.js';
import { isMobilePhone, normalisePhone, PHONE_MESSAGE } from './phone.js';

export const OCCUPANCIES = ['owner_occupied', 'rented', 'vacant'] as const;
export const Occupancy = z.enum(OCCUPANCIES, { error: '请选择居住类型' });
export type Occupancy = z.infer<typeof Occupancy>;
export const OCCUPANCY_LABELS: Record<Occupancy, string> = { owner_occupied: '自住', rented: '出租', vacant: '空置' };

/**
 * Person tags. `sensitive` tags are health-related (PIPL sensitive personal information): they are
 * stored encrypted and are never used as a filter in SQL.
 */
export const PERSON_TAGS = ['独居老人', '空巢', '残疾', '党员', '低保', '重点关注'] as const;
export const PersonTag = z.enum(PERSON_TAGS, { error: '标签只能是：独居老人、空巢、残疾、党员、低保、重点关注' });
export type PersonTag = z.infer<typeof PersonTag>;
export const SENSITIVE_TAGS: readonly PersonTag[] = ['残疾'];

export const GENDERS = ['male', 'female'] as const;
export const Gender = z.enum(GENDERS, { error: '性别只能是男或女' });
export type Gender = z.infer<typeof Gender>;
export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女' };

export const RELATIONS = ['户主', '配偶', '子女', '父母', '祖父母', '孙辈', '兄弟姐妹', '租客', '其他'] as const;
export const Relation = z.enum(RELATIONS, { error: '请选择与户主关系' });

export const PersonName = z.string().trim().min(1, '请填写姓名').max(30, '姓名最多 30 个字');

/** A calendar date, YYYY-MM-DD, not in the future. */
export const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2024-01-31')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在')
  .refine((s) => s >= '1900-01-01' && new Date(`${s}T00:00:00Z`).getTime() <= Date.now() + 86_400_000, '日期不在合理范围内');

export const Phone = z
  .string()
  .transform(normalisePhone)
  .refine(isMobilePhone, PHONE_MESSAGE);

/** Checked by GB 11643 (length, region, birth date, checksum); each refusal says what is wrong. */
export const IdNumber = z
  .string()
  .transform(normaliseIdNumber)
  .superRefine((v, ctx) => {
    const r = checkIdNumber(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, params: { problem: r.problem } });
  });

export const AddressFields = z.object({
  building: z.string().trim().max(20, '楼栋最多 20 个字').optional().default(''),
  unit: z.string().trim().max(20, '单元最多 20 个字').optional().default(''),
  room: z.string().trim().min(1, '请填写门牌号').max(20, '门牌号最多 20 个字'),
});
export type AddressFields = z.infer<typeof AddressFields>;

export const HouseholdSummary = z.object({
  id: Id,
  nodeId: Id,
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  address: z.string(),
  occupancy: Occupancy,
  personCount: z.number().int(),
  /** Non-sensitive tags of the people in it (独居老人 stands out in lists). */
  tags: z.array(PersonTag),
  joinedCount: z.number().int(),
  updatedAt: Timestamp,
});
export type HouseholdSummary = z.infer<typeof HouseholdSummary>;

export const HouseholdsQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  tag: PersonTag.optional(),
});
export type HouseholdsQuery = z.infer<typeof HouseholdsQuery>;

export const CreateHouseholdRequest = AddressFields.extend({ occupancy: Occupancy.default('owner_occupied') });
export type CreateHouseholdRequest = z.infer<typeof CreateHouseholdRequest>;

export const PersonDto = z.object({
  id: Id,
  householdId: Id,
  name: z.string(),
  gender: Gender.nullable(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  relation: z.string().nullable(),
  /** Masked (138****5678); the full value only through /persons/:id/reveal. */
  phone: z.string().nullable(),
  /** Masked (330702********1234). */
  idNumber: z.string().nullable(),
  tags: z.array(PersonTag),
  /** Whether this person has joined with a WeChat account. */
  joined: z.boolean(),
  updatedAt: Timestamp,
});
export type PersonDto = z.infer<typeof PersonDto>;

export const HouseholdDetail = z.object({
  household: HouseholdSummary,
  /** From the root down to the household's grid. */
  path: z.array(GridNodeRef),
  persons: z.array(PersonDto),
  /** Whether the caller may change it (staff), as opposed to a resident reading their own. */
  canEdit: z.boolean(),
  /** Whether the caller may see full phone and ID numbers (with a reason, audited). */
  canReveal: z.boolean(),
});
export type HouseholdDetail = z.infer<typeof HouseholdDetail>;

export const CreatePersonRequest = z.object({
  name: PersonName,
  gender: Gender.optional(),
  birthDate: DateOnly.optional(),
  relation: Relation.optional(),
  phone: Phone.optional(),
  idNumber: IdNumber.optional(),
  tags: z.array(PersonTag).max(6).default([]),
});
export type CreatePersonRequest = z.infer<typeof CreatePersonRequest>;

/** Every field optional; `null` clears phone, ID number, birth date or relation. */
export const UpdatePersonRequest = z
  .object({
    name: PersonName,
    gender: Gender.nullable(),
    birthDate: DateOnly.nullable(),
    relation: Relation.nullable(),
    phone: Phone.nullable(),
    idNumber: IdNumber.nullable(),
    tags: z.array(PersonTag).max(6),
  })
  .partial()
  .refine((o) => Object.keys(o).length > 0, '没有要修改的内容');
export type UpdatePersonRequest = z.infer<typeof UpdatePersonRequest>;

export const REVEAL_FIELDS = ['phone', 'idNumber'] as const;
export const RevealRequest = z.object({
  field: z.enum(REVEAL_FIELDS, { error: '只能查看手机号或身份证号' }),
  reason: z.string().trim().min(2, '请写明查看原因（会被记录）').max(200, '原因最多 200 个字'),
});
export type RevealRequest = z.infer<typeof RevealRequest>;
export const RevealResponse = z.object({ value: z.string() });

export const ImportResult = z.object({
  /** Persons created and updated (households are counted in `households`). */
  created: z.number().int(),
  updated: z.number().int(),
  households: z.object({ created: z.number().int(), updated: z.number().int() }),
  /** Spreadsheet row numbers (as Excel shows them) that went in. */
  appliedRows: z.array(z.number().int()),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** Columns of the roster template, in order. Re-importing the same file updates, never duplicates. */
export const IMPORT_COLUMNS = ['楼栋', '单元', '门牌号', '居住类型', '姓名', '性别', '出生日期', '与户主关系', '手机号', '身份证号', '标签'] as const;
