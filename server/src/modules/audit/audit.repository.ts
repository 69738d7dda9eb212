import type { AuditAction } from '@linli/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditRecord {
  actorId: string;
  nodeId: string;
  action: AuditAction;
  subjectType: string;
  subjectId?: string | null;
  field?: string | null;
  reason?: string | null;
}

export interface AuditRow {
  id: string;
  action: AuditAction;
  actor_id: string;
  actor_name: string;
  node_id: string;
  subject_type: string;
  subject_id: string | null;
  subject_name: string | null;
  field: string | null;
  reason: string | null;
  created_at: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  async record(r: AuditRecord, db: DataSource | EntityManager = this.db): Promise<void> {
    await db.query(
      `insert into audit_log (actor_id, node_id, action, subject_type, subject_id, field, reason) values ($1, $2, $3, $4, $5, $6, $7)`,
      [r.actorId, r.nodeId, r.action, r.subjectType, r.subjectId ?? null, r.field ?? null, r.reason ?? null],
    );
  }

  async findInSubtree(path: string, limit: number, after?: { createdAt: string; id: string }): Promise<AuditRow[]> {
    return this.db.query(
      `select a.id, a.action, a.actor_id, u.display_name as actor_name, a.node_id, a.subject_type, a.subject_id,
              case when a.subject_type = 'person' then (select p.name from person p where p.id = a.subject_id) end as subject_name,
              a.field, a.reason, a.created_at
         from audit_log a join app_user u on u.id = a.actor_id
        where a.node_path <@ $1::ltree
          and ($2::timestamptz is null or (a.created_at, a.id) < ($2::timestamptz, $3::uuid))
        order by a.created_at desc, a.id desc
        limit $4`,
      [path, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
  }
}
