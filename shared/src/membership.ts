import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { GridNodeRef } from './grid.js';
import { MembershipStatus, Role } from './roles.js';
import { UserDto } from './auth.js';

export const MembershipDto = z.object({
  id: Id,
  role: Role,
  status: MembershipStatus,
  user: z.object({ id: Id, displayName: z.string() }),
  nodeId: Id,
  /** The name and household address the applicant gave when joining, for the head to check. */
  personName: z.string().nullable(),
  householdAddress: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});
export type MembershipDto = z.infer<typeof MembershipDto>;

export const MembersQuery = PageQuery.extend({ status: MembershipStatus.optional() });
export type MembersQuery = z.infer<typeof MembersQuery>;

export const RejectMembershipRequest = z.object({
  reason: z.string().trim().min(1, '请填写拒绝原因').max(200, '原因最多 200 个字'),
});
export type RejectMembershipRequest = z.infer<typeof RejectMembershipRequest>;

export const MyMembership = z.object({
  id: Id,
  role: Role,
  status: MembershipStatus,
  node: GridNodeRef,
  /** From the root down to the node itself. */
  path: z.array(GridNodeRef),
  isStaff: z.boolean(),
  /** The household the member joined with, and their own person record in it. */
  householdId: Id.nullable(),
  personId: Id.nullable(),
  /** Why an application was turned down (rejected memberships stay listed for 30 days). */
  reason: z.string().nullable(),
  createdAt: Timestamp,
});
export type MyMembership = z.infer<typeof MyMembership>;

/** A person a family member is linked to (usually an elderly parent): name, where they live. */
export const LinkedPerson = z.object({
  id: Id,
  name: z.string(),
  relation: z.string().nullable(),
  householdId: Id,
  node: GridNodeRef,
});
export type LinkedPerson = z.infer<typeof LinkedPerson>;

export const MeResponse = z.object({
  user: UserDto,
  memberships: z.array(MyMembership),
  linkedPersons: z.array(LinkedPerson),
});
export type MeResponse = z.infer<typeof MeResponse>;
