import { Injectable } from '@nestjs/common';
import type { CheckRequestEvent, CheckRequestStatus, NodeKind, VisitMethod, VisitOutcome } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface CheckRequestRow {
  id: string;
  person_id: string;
  person_name: string;
  node_id: string;
  node_path: string;
  requester_id: string;
  requester_name: string;
  message: string;
  status: CheckRequestStatus;
  level: number;
  current_node_id: string;
  current_node_name: string;
  current_node_kind: NodeKind;
  escalate_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_name: string | null;
  acknowledged_at: Date | null;
  answered_visit_id: string | null;
  answer_outcome: VisitOutcome | null;
  answer_method: VisitMethod | null;
  answer_occurred_at: Date | null;
  answer_carer: string | null;
  created_at: Date;
  events: CheckRequestEvent[];
}

const COLUMNS = `cr.id, cr.person_id, p.name as person_name, cr.node_id, cr.node_path::text as node_path, cr.requester_id, ru.display_name as requester_name,
  cr.message, cr.status, cr.level, cr.current_node_id, cn.name as current_node_name, cn.kind as current_node_kind, cr.escalate_at,
  cr.acknowledged_by, au.display_name as acknowledged_name, cr.acknowledged_at, cr.answered_visit_id,
  v.outcome as answer_outcome, v.method as answer_method, v.occurred_at as answer_occurred_at, vu.display_name as answer_carer, cr.created_at,
  coalesce((select json_agg(json_build_object('kind', e.kind, 'at', e.at, 'actorName', eu.display_name,
              'node', case when e.node_id is null then null else json_build_object('id', en.id, 'name', en.name, 'kind', en.kind) end) order by e.at, e.seq)
       from check_request_event e left join app_user eu on eu.id = e.actor_id left join grid_node en on en.id = e.node_id
      where e.request_id = cr.id), '[]') as events`;
const FROM = `check_request cr join person p on p.id = cr.person_id join app_user ru on ru.id = cr.requester_id
  join grid_node cn on cn.id = cr.current_node_id left join app_user au on au.id = cr.acknowledged_by
  left join visit v on v.id = cr.answered_visit_id left join app_user vu on vu.id = v.carer_user_id`;

@Injectable()
export class CheckRequestsRepository {
  constructor(private readonly db: DataSource) {}

  async findById(id: string, db: Db = this.db): Promise<CheckRequestRow | undefined> {
    const rows: CheckRequestRow[] = await db.query(`select ${COLUMNS} from ${FROM} where cr.id = $1`, [id]);
    return rows[0];
  }

  async lock(id: string, tx: EntityManager): Promise<{ id: string; person_id: string; status: CheckRequestStatus; level: number; current_node_id: string } | undefined> {
    const rows: { id: string; person_id: string; status: CheckRequestStatus; level: number; current_node_id: string }[] = await tx.query(
      `select id, person_id, status, level, current_node_id from check_request where id = $1 for update`,
      [id],
    );
    return rows[0];
  }

  async insert(r: { personId: string; requesterId: string; message: string; escalateAt: Date; now: Date }, tx: EntityManager): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `insert into check_request (person_id, requester_id, message, status, current_node_id, escalate_at, created_at)
       select $1, $2, $3, 'open', p.node_id, $4, $5 from person p where p.id = $1 returning id`,
      [r.personId, r.requesterId, r.message, r.escalateAt, r.now],
    );
    return rows[0]!.id;
  }

  async event(requestId: string, kind: CheckRequestEvent['kind'], at: Date, actorId: string | null, nodeId: string | null, tx: Db): Promise<void> {
    await tx.query(`insert into check_request_event (request_id, kind, at, actor_id, node_id) values ($1, $2, $3, $4, $5)`, [requestId, kind, at, actorId, nodeId]);
  }

  /** Takes an open request; false when someone else took (or answered) it first. */
  async acknowledge(id: string, userId: string, at: Date, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `with taken as (update check_request set status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, escalate_at = null
                       where id = $1 and status = 'open' returning id) select id from taken`,
      [id, userId, at],
    );
    return rows.length > 0;
  }

  async answer(id: string, visitId: string, userId: string, at: Date, tx: EntityManager): Promise<void> {
    await tx.query(
      `update check_request set status = 'answered', answered_visit_id = $2, answered_at = $4, escalate_at = null,
              acknowledged_by = coalesce(acknowledged_by, $3), acknowledged_at = coalesce(acknowledged_at, $4)
        where id = $1`,
      [id, visitId, userId, at],
    );
  }

  async escalate(id: string, nodeId: string, escalateAt: Date, tx: EntityManager): Promise<void> {
    await tx.query(`update check_request set level = level + 1, current_node_id = $2, escalate_at = $3 where id = $1`, [id, nodeId, escalateAt]);
  }

  async parentOf(nodeId: string, tx: Db): Promise<{ id: string } | undefined> {
    const rows: { id: string }[] = await tx.query(`select parent_id as id from grid_node where id = $1 and parent_id is not null`, [nodeId]);
    return rows[0];
  }

  /** Staff who hold their role at exactly this node. */
  async staffAt(nodeId: string, tx: Db): Promise<string[]> {
    const rows: { user_id: string }[] = await tx.query(`select user_id from membership where node_id = $1 and role in ('admin','grid_head') and status = 'active'`, [nodeId]);
    return rows.map((r) => r.user_id);
  }

  /** Requests the caller asked, or may answer (assigned carer, or staff over the person's grid). */
  async findVisible(userId: string, staffPaths: string[], status: CheckRequestStatus | undefined, limit: number, after?: { createdAt: string; id: string }): Promise<CheckRequestRow[]> {
    return this.db.query(
      `select ${COLUMNS} from ${FROM}
        where (cr.requester_id = $1 or cr.node_path <@ any($2::ltree[])
               or exists (select 1 from care_plan cp where cp.person_id = cr.person_id and $1 = any(cp.carer_user_ids)))
          and ($3::text is null or cr.status = $3)
          and ($4::timestamptz is null or (cr.created_at, cr.id) < ($4::timestamptz, $5::uuid))
        order by cr.created_at desc, cr.id desc limit $6`,
      [userId, staffPaths, status ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
  }
}
