import { z } from 'zod';

/** Node kinds of the grid tree, from the root down. `village` sits at the level of `community`. */
export const NODE_KINDS = ['district', 'street', 'community', 'village', 'grid', 'micro_grid', 'rental_group'] as const;
export const NodeKind = z.enum(NODE_KINDS);
export type NodeKind = z.infer<typeof NodeKind>;

/** Depth rank of each kind: a child must rank strictly below (a larger number than) its parent. */
export const NODE_KIND_RANK: Record<NodeKind, number> = {
  district: 0,
  street: 1,
  community: 2,
  village: 2,
  grid: 3,
  micro_grid: 4,
  rental_group: 5,
};

export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  district: '区',
  street: '街道/镇',
  community: '社区',
  village: '村',
  grid: '网格',
  micro_grid: '微网格',
  rental_group: '出租房微网格',
};

/** Kinds that may be created through `POST /grids/:id/children` (rental groups come from property registration). */
export const CREATABLE_CHILD_KINDS = ['street', 'community', 'village', 'grid', 'micro_grid'] as const satisfies readonly NodeKind[];

export function canBeChildOf(child: NodeKind, parent: NodeKind): boolean {
  return NODE_KIND_RANK[child] > NODE_KIND_RANK[parent];
}

export const ROLES = ['admin', 'grid_head', 'volunteer', 'landlord', 'resident', 'tenant', 'family'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, string> = {
  admin: '社区工作人员',
  grid_head: '网格长',
  volunteer: '志愿者',
  landlord: '房东',
  resident: '居民',
  tenant: '租客',
  family: '家属',
};

/**
 * Rank of authority: a staff member may grant or approve only roles ranked at or below their own.
 * Landlords rank with volunteers: they run their own rental groups but grant only tenant roles there.
 */
export const ROLE_RANK: Record<Role, number> = {
  admin: 40,
  grid_head: 30,
  landlord: 20,
  volunteer: 20,
  resident: 10,
  tenant: 10,
  family: 10,
};

/** Roles whose holders are staff of the whole subtree of the node where they hold them. */
export const SUBTREE_STAFF_ROLES = ['admin', 'grid_head'] as const satisfies readonly Role[];

export const MEMBERSHIP_STATUSES = ['pending', 'active', 'rejected', 'removed'] as const;
export const MembershipStatus = z.enum(MEMBERSHIP_STATUSES);
export type MembershipStatus = z.infer<typeof MembershipStatus>;

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = {
  pending: '待审核',
  active: '已加入',
  rejected: '已拒绝',
  removed: '已移除',
};
