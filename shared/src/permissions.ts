import type { NodeKind, Role } from './roles.js';

/**
 * What a route may do, named once and checked by one scope policy on the server.
 *
 * - `public`: no login needed.
 * - `user`: any logged-in user, acting on their own things.
 * - `node`: an object that belongs to a grid node. Granted when the caller holds one of
 *   `subtree` roles (active) at the node or any ancestor of it, or, when `path` is true, when
 *   the caller is an active member at the node or anywhere below it (members see their own
 *   branch up to the root, never their neighbours' branches).
 */
export type PermissionRule =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'node'; subtree: readonly Role[]; path: boolean };

export const PERMISSIONS = {
  public: { kind: 'public' },
  user: { kind: 'user' },
  'grid.read': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: true },
  'grid.create_child': { kind: 'node', subtree: ['admin'], path: false },
  'grid.settings': { kind: 'node', subtree: ['admin'], path: false },
  'members.read': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  'members.decide': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  'invites.manage': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  'households.read': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  'households.write': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  'persons.reveal': { kind: 'node', subtree: ['admin', 'grid_head'], path: false },
  'audit.read': { kind: 'node', subtree: ['admin'], path: false },
  /** Care plans and the care list: staff; volunteers see the people assigned to them. */
  'care.manage': { kind: 'node', subtree: ['admin', 'grid_head'], path: false },
  /** Visits: staff and the person's assigned carers write; family members of the person read. */
  'care.visit': { kind: 'node', subtree: ['admin', 'grid_head'], path: false },
  /** Reports: staff of the node handling it (a landlord for their rental groups) act on it and see the subtree's. */
  'reports.handle': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  // notices: staff publish to their subtree (a landlord to their own houses); members read what is addressed to their branch
  'notices.publish': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  'notices.read': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: true },
  'notices.receipts': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  /** The dashboard: staff of the node (a landlord of their own houses). */
  'stats.read': { kind: 'node', subtree: ['admin', 'grid_head', 'landlord'], path: false },
  // tenancy (issue 7)
  /** A landlord's own houses: registering, confirming, moving out and re-verifying tenants. */
  'tenancy.manage': { kind: 'node', subtree: ['landlord'], path: false },
  /** The community's roster of tenancies in a subtree, and its export. */
  'tenancy.roster': { kind: 'node', subtree: ['admin', 'grid_head'], path: false },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Whether a role held at a node of this kind makes its holder staff of that node's subtree.
 * Admins and grid heads are staff wherever they hold the role; a landlord only of the rental
 * groups they own (where their houses stand they are a plain member).
 */
export function grantsSubtreeStaff(role: Role, heldAtKind: NodeKind): boolean {
  if (role === 'admin' || role === 'grid_head') return true;
  if (role === 'landlord') return heldAtKind === 'rental_group';
  return false;
}
