import { Injectable } from '@nestjs/common';
import { grantsSubtreeStaff, PERMISSIONS, ROLE_RANK, ROLES, type Permission, type PermissionRule, type Role } from '@linli/shared';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context.js';
import { AppError } from '../errors/app-error.js';
import { isAtOrBelow } from './ltree.js';
import type { ScopedNode, ScopeMembership } from './scope.types.js';

/** A caller's active memberships with their nodes (exported for the benchmark's bare baseline). */
export const MEMBERSHIPS_SQL = `select m.id, m.role, m.node_id, n.kind, n.path::text as path, m.household_id, m.person_id
   from membership m join grid_node n on n.id = m.node_id
  where m.user_id = $1 and m.status = 'active'`;

const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);

/** The rule of a permission; an unknown name is a programming error and grants nothing (fail closed). */
export function ruleOf(permission: string): PermissionRule {
  if (!Object.hasOwn(PERMISSIONS, permission)) throw new AppError('FORBIDDEN', undefined, undefined);
  return PERMISSIONS[permission as Permission];
}

/** SQL-ready visibility of a permission for one caller: node paths it covers as staff, and as a member. */
export interface Visibility {
  staffPaths: string[];
  memberPaths: string[];
}

/**
 * The one place that answers "may this caller do this to an object of that node".
 * Objects are checked through `requireNode`; lists filter with `visibility`, the same rule in
 * SQL form, so a list never shows what the object route would hide. Refusals are 404.
 */
@Injectable()
export class ScopePolicy {
  constructor(private readonly db: DataSource) {}

  async memberships(auth: AuthContext): Promise<ScopeMembership[]> {
    if (!auth.memberships) {
      const rows: { id: string; role: Role; node_id: string; kind: ScopeMembership['nodeKind']; path: string; household_id: string | null; person_id: string | null }[] = await this.db.query(
        MEMBERSHIPS_SQL,
        [auth.userId],
      );
      auth.memberships = rows.filter((r) => KNOWN_ROLES.has(r.role)).map((r) => ({ id: r.id, role: r.role, nodeId: r.node_id, nodeKind: r.kind, path: r.path, householdId: r.household_id, personId: r.person_id }));
    }
    return auth.memberships;
  }

  /** Memberships that make the caller staff, for this permission, of a subtree. */
  private staffGrants(memberships: ScopeMembership[], permission: Permission): ScopeMembership[] {
    const rule = ruleOf(permission);
    if (rule.kind !== 'node') return [];
    const roles: readonly Role[] = rule.subtree;
    return memberships.filter((m) => KNOWN_ROLES.has(m.role) && roles.includes(m.role) && grantsSubtreeStaff(m.role, m.nodeKind));
  }

  async visibility(auth: AuthContext, permission: Permission): Promise<Visibility> {
    const rule = ruleOf(permission);
    if (rule.kind !== 'node') throw new Error(`visibility asked for non-node permission ${permission}`);
    const memberships = await this.memberships(auth);
    return {
      staffPaths: this.staffGrants(memberships, permission).map((m) => m.path),
      memberPaths: rule.path ? memberships.filter((m) => KNOWN_ROLES.has(m.role)).map((m) => m.path) : [],
    };
  }

  /** The caller's strongest staff role over the node for this permission, or undefined. */
  async staffRoleOver(auth: AuthContext, permission: Permission, node: Pick<ScopedNode, 'path'>): Promise<Role | undefined> {
    const grants = this.staffGrants(await this.memberships(auth), permission).filter((m) => isAtOrBelow(node.path, m.path));
    return grants.sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role])[0]?.role;
  }

  async can(auth: AuthContext, permission: Permission, node: Pick<ScopedNode, 'path'>): Promise<boolean> {
    const rule = ruleOf(permission);
    if (rule.kind === 'public') return true;
    if (rule.kind === 'user') return true;
    if ((await this.staffRoleOver(auth, permission, node)) !== undefined) return true;
    if (!rule.path) return false;
    return (await this.memberships(auth)).some((m) => KNOWN_ROLES.has(m.role) && isAtOrBelow(m.path, node.path));
  }

  /** The part of a node the policy works with, or undefined. */
  async findNode(nodeId: string): Promise<ScopedNode | undefined> {
    const rows: ScopedNode[] = await this.db.query('select id, name, path::text as path, kind from grid_node where id = $1', [nodeId]);
    return rows[0];
  }

  /** Loads a node and checks the permission; a missing node and a refused one look the same (404). */
  async requireNode(auth: AuthContext, permission: Permission, nodeId: string): Promise<ScopedNode> {
    const node = await this.findNode(nodeId);
    if (!node || !(await this.can(auth, permission, node))) throw new AppError('NOT_FOUND');
    return node;
  }

  /** Whether the caller is an active member of this household (a resident reading their own home). */
  async ownsHousehold(auth: AuthContext, householdId: string): Promise<boolean> {
    return (await this.memberships(auth)).some((m) => m.householdId === householdId);
  }

  /** For an object already loaded with its node path. */
  async require(auth: AuthContext, permission: Permission, node: Pick<ScopedNode, 'path'>): Promise<void> {
    if (!(await this.can(auth, permission, node))) throw new AppError('NOT_FOUND');
  }
}
