import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { GridNodeRef } from './grid.js';
import { AddressFields, DateOnly, Phone, PersonName } from './household.js';
import { MembershipStatus } from './roles.js';

/** The privacy notice a person consents to when joining; bump it when the text changes. */
export const PRIVACY_NOTICE_VERSION = '2026-11';

export const INVITE_ROLES = ['resident', 'tenant', 'family', 'volunteer'] as const;
export const InviteRole = z.enum(INVITE_ROLES, { error: '请选择邀请加入的身份' });
export type InviteRole = z.infer<typeof InviteRole>;

export const CreateInviteRequest = z
  .object({
    role: InviteRole,
    expiresInHours: z.number().int().min(1, '有效期至少 1 小时').max(24 * 365, '有效期最长一年'),
    maxUses: z.number().int().min(1, '次数至少 1 次').max(1000, '次数最多 1000 次'),
    requireApproval: z.boolean(),
    /** For a family invite: the person the family member will be linked to. */
    linkedPersonId: Id.optional(),
  })
  .refine((v) => v.role !== 'family' || v.linkedPersonId, { message: '家属邀请需要选择关联的老人', path: ['linkedPersonId'] });
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;

export const InviteStatus = z.enum(['active', 'expired', 'revoked', 'used_up']);
export type InviteStatus = z.infer<typeof InviteStatus>;

export const InviteDto = z.object({
  id: Id,
  nodeId: Id,
  role: InviteRole,
  /** ≤ 32 URL-safe characters: fits a WeChat mini-program code's `scene`. */
  token: z.string(),
  joinUrl: z.string(),
  expiresAt: Timestamp,
  maxUses: z.number().int(),
  uses: z.number().int(),
  requireApproval: z.boolean(),
  status: InviteStatus,
  linkedPerson: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: Timestamp,
});
export type InviteDto = z.infer<typeof InviteDto>;

export const InviteTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/, '邀请码格式不正确') });

export const InvitePreview = z.object({
  grid: GridNodeRef,
  /** From the root down to the grid. */
  path: z.array(GridNodeRef),
  role: InviteRole,
  requireApproval: z.boolean(),
  expiresAt: Timestamp,
  /** For family invites: whom the joiner will be linked to (masked name). */
  linkedPersonName: z.string().nullable(),
  privacyNoticeVersion: z.string(),
});
export type InvitePreview = z.infer<typeof InvitePreview>;

export const JoinRequest = z.object({
  consentVersion: z.string().trim().min(1, '请先阅读并同意隐私说明').max(20),
  household: z.union([z.object({ householdId: Id }), AddressFields]).optional(),
  person: z.object({ name: PersonName, phone: Phone.optional(), birthDate: DateOnly.optional() }),
  linkedPersonId: Id.optional(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const JoinResponse = z.object({
  membership: z.object({ id: Id, status: MembershipStatus }),
  grid: GridNodeRef,
  householdId: Id.nullable(),
});
export type JoinResponse = z.infer<typeof JoinResponse>;
