import { Injectable } from '@nestjs/common';
import { maskName, type AuditEntry, type AuditQuery, type Page } from '@linli/shared';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { AuditRepository } from './audit.repository.js';

const AuditCursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });

@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly scope: ScopePolicy,
  ) {}

  /** Who saw or exported whose protected data, over a node's subtree: for community admins. */
  async list(auth: AuthContext, q: AuditQuery): Promise<Page<AuditEntry>> {
    const node = await this.scope.requireNode(auth, 'audit.read', q.gridId);
    const rows = await this.audit.findInSubtree(node.path, q.limit, decodeCursor(q.cursor, AuditCursor));
    return toPage(
      rows,
      q.limit,
      (r) => ({
        id: r.id,
        action: r.action,
        actor: { id: r.actor_id, displayName: r.actor_name },
        nodeId: r.node_id,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        subjectName: r.subject_name ? maskName(r.subject_name) : null,
        field: r.field,
        reason: r.reason,
        createdAt: r.created_at.toISOString(),
      }),
      (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }),
    );
  }
}
