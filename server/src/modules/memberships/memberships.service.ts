import { Injectable } from '@nestjs/common';
import { formatAddress, ROLE_RANK, type MembersQuery, type MembershipDto, type Page } from '@linli/shared';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { MembershipsRepository, type MembershipRow } from './memberships.repository.js';

const MemberCursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });

function toDto(m: MembershipRow): MembershipDto {
  return {
    id: m.id,
    role: m.role,
    status: m.status,
    user: { id: m.user_id, displayName: m.display_name },
    nodeId: m.node_id,
    personName: m.person_name,
    householdAddress: m.household_room ? formatAddress({ building: m.household_building ?? '', unit: m.household_unit ?? '', room: m.household_room }) : null,
    reason: m.reason,
    createdAt: m.created_at.toISOString(),
    decidedAt: m.decided_at ? m.decided_at.toISOString() : null,
  };
}

@Injectable()
export class MembershipsService {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly scope: ScopePolicy,
  ) {}

  async list(auth: AuthContext, nodeId: string, q: MembersQuery): Promise<Page<MembershipDto>> {
    const node = await this.scope.requireNode(auth, 'members.read', nodeId);
    const rows = await this.memberships.findInSubtree(node.path, q.status, q.limit, decodeCursor(q.cursor, MemberCursor));
    return toPage(rows, q.limit, toDto, (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
  }

  /** Loads a membership the caller may decide on, refusing roles above the caller's own. */
  private async decidable(auth: AuthContext, id: string): Promise<MembershipRow> {
    const m = await this.memberships.findById(id);
    if (!m) throw new AppError('NOT_FOUND');
    const staffRole = await this.scope.staffRoleOver(auth, 'members.decide', { path: m.node_path });
    if (!staffRole) throw new AppError('NOT_FOUND');
    if (ROLE_RANK[m.role] > ROLE_RANK[staffRole]) throw new AppError('ROLE_ABOVE_OWN');
    return m;
  }

  async approve(auth: AuthContext, id: string): Promise<MembershipDto> {
    await this.decidable(auth, id);
    if (!(await this.memberships.transition(id, ['pending'], 'active', auth.userId, null))) throw new AppError('MEMBERSHIP_NOT_PENDING');
    return toDto((await this.memberships.findById(id))!);
  }

  async reject(auth: AuthContext, id: string, reason: string): Promise<MembershipDto> {
    await this.decidable(auth, id);
    if (!(await this.memberships.transition(id, ['pending'], 'rejected', auth.userId, reason))) throw new AppError('MEMBERSHIP_NOT_PENDING');
    return toDto((await this.memberships.findById(id))!);
  }

  /** Staff remove a member; a member may always leave on their own. */
  async remove(auth: AuthContext, id: string): Promise<{ ok: true }> {
    const own = await this.memberships.findById(id);
    if (!own || own.user_id !== auth.userId) await this.decidable(auth, id);
    if (!(await this.memberships.transition(id, ['pending', 'active'], 'removed', auth.userId, null))) throw new AppError('NOT_FOUND');
    return { ok: true };
  }
}
