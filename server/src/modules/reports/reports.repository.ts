import { Injectable } from '@nestjs/common';
import type { NodeKind, ReportCategory, ReportLocation, ReportStatus } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface ReportRow {
  id: string;
  node_id: string;
  node_path: string;
  node_name: string;
  node_kind: NodeKind;
  handler_node_id: string;
  handler_path: string;
  handler_name: string;
  handler_kind: NodeKind;
  handler_depth: number;
  reporter_id: string;
  reporter_name: string;
  anonymous: boolean;
  category: ReportCategory;
  description: string;
  location: ReportLocation | null;
  photo_ids: string[];
  status: ReportStatus;
  escalation_level: number;
  accept_due_at: Date | null;
  resolve_due_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  reply_event_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface EventRow {
  id: string;
  report_id: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: 'reporter' | 'handler' | 'system';
  action: string;
  from_status: ReportStatus | null;
  to_status: ReportStatus;
  note: string | null;
  responsible_party: string | null;
  photo_ids: string[];
  public: boolean;
  node_id: string | null;
  node_name: string | null;
  node_kind: NodeKind | null;
  created_at: Date;
}

const COLUMNS = `r.id, r.node_id, r.node_path::text as node_path, n.name as node_name, n.kind as node_kind,
  r.handler_node_id, r.handler_path::text as handler_path, h.name as handler_name, h.kind as handler_kind, h.depth as handler_depth,
  r.reporter_id, u.display_name as reporter_name, r.anonymous, r.category, r.description, r.location, r.photo_ids, r.status,
  r.escalation_level, r.accept_due_at, r.resolve_due_at, r.resolved_at, r.closed_at, r.reply_event_id, r.version, r.created_at, r.updated_at`;
const FROM = `report r join grid_node n on n.id = r.node_id join grid_node h on h.id = r.handler_node_id join app_user u on u.id = r.reporter_id`;
/** The deadline of the current step, for the handler's queue. */
const DUE = `(case when r.status = 'submitted' then r.accept_due_at when r.status in ('accepted','in_progress') then r.resolve_due_at end)`;
const OPEN = `('submitted','accepted','in_progress')`;
/** The same, for sorting and cursors: no deadline sorts last. */
const DUE_SORT = `coalesce(${DUE}, 'infinity'::timestamptz)`;

export interface ListFilter {
  status?: ReportStatus | 'open';
  limit: number;
}

@Injectable()
export class ReportsRepository {
  constructor(private readonly db: DataSource) {}

  /** The new report's id, or undefined when this reporter already sent one with the same client id. */
  async insert(r: { nodeId: string; reporterId: string; anonymous: boolean; category: ReportCategory; description: string; location: ReportLocation | null; photoIds: string[]; clientId: string | null; acceptDueAt: Date; resolveDueAt: Date; now: Date }, tx: EntityManager): Promise<string | undefined> {
    const rows: { id: string }[] = await tx.query(
      `insert into report (node_id, handler_node_id, reporter_id, anonymous, category, description, location, photo_ids, client_id, status, accept_due_at, resolve_due_at, created_at, updated_at)
       values ($1, $1, $2, $3, $4, $5, $6, $7, $8, 'submitted', $9, $10, $11, $11)
       on conflict (reporter_id, client_id) where client_id is not null do nothing returning id`,
      [r.nodeId, r.reporterId, r.anonymous, r.category, r.description, r.location, r.photoIds, r.clientId, r.acceptDueAt, r.resolveDueAt, r.now],
    );
    return rows[0]?.id;
  }

  async findByClientId(reporterId: string, clientId: string, db: Db = this.db): Promise<string | undefined> {
    const rows: { id: string }[] = await db.query(`select id from report where reporter_id = $1 and client_id = $2`, [reporterId, clientId]);
    return rows[0]?.id;
  }

  async find(id: string, db: Db = this.db, lock = false): Promise<ReportRow | undefined> {
    if (lock) await db.query(`select id from report where id = $1 for update`, [id]);
    const rows: ReportRow[] = await db.query(`select ${COLUMNS} from ${FROM} where r.id = $1`, [id]);
    return rows[0];
  }

  /** Applies a step: the new status and fields, one more version. */
  async update(
    id: string,
    s: { status: ReportStatus; handlerNodeId?: string; escalate?: boolean; acceptDueAt?: Date | null; resolveDueAt?: Date | null; resolvedAt?: Date | null; closedAt?: Date | null; replyEventId?: string; now: Date },
    tx: EntityManager,
  ): Promise<number> {
    const rows: { version: number }[] = await tx.query(
      `with u as (
         update report set status = $2,
                handler_node_id = coalesce($3, handler_node_id),
                escalation_level = escalation_level + case when $4 then 1 else 0 end,
                accept_due_at = case when $5 then $6::timestamptz else accept_due_at end,
                resolve_due_at = case when $7 then $8::timestamptz else resolve_due_at end,
                resolved_at = case when $9 then $10::timestamptz else resolved_at end,
                closed_at = case when $11 then $12::timestamptz else closed_at end,
                reply_event_id = coalesce($13, reply_event_id),
                version = version + 1, updated_at = $14
          where id = $1 returning version)
       select version from u`,
      [
        id,
        s.status,
        s.handlerNodeId ?? null,
        s.escalate === true,
        s.acceptDueAt !== undefined,
        s.acceptDueAt ?? null,
        s.resolveDueAt !== undefined,
        s.resolveDueAt ?? null,
        s.resolvedAt !== undefined,
        s.resolvedAt ?? null,
        s.closedAt !== undefined,
        s.closedAt ?? null,
        s.replyEventId ?? null,
        s.now,
      ],
    );
    return rows[0]!.version;
  }

  async touch(id: string, now: Date, tx: EntityManager): Promise<void> {
    await tx.query(`update report set updated_at = $2 where id = $1`, [id, now]);
  }

  async insertEvent(
    e: { reportId: string; actorId: string | null; actorRole: EventRow['actor_role']; action: string; from: ReportStatus | null; to: ReportStatus; note: string | null; responsibleParty: string | null; photoIds: string[]; isPublic: boolean; nodeId: string | null; now: Date },
    tx: EntityManager,
  ): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `insert into report_event (report_id, actor_id, actor_role, action, from_status, to_status, note, responsible_party, photo_ids, public, node_id, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
      [e.reportId, e.actorId, e.actorRole, e.action, e.from, e.to, e.note, e.responsibleParty, e.photoIds, e.isPublic, e.nodeId, e.now],
    );
    return rows[0]!.id;
  }

  async events(reportId: string): Promise<EventRow[]> {
    return this.db.query(
      `select e.id, e.report_id, e.actor_id, u.display_name as actor_name, e.actor_role, e.action, e.from_status, e.to_status, e.note,
              e.responsible_party, e.photo_ids, e.public, e.node_id, n.name as node_name, n.kind as node_kind, e.created_at
         from report_event e left join app_user u on u.id = e.actor_id left join grid_node n on n.id = e.node_id
        where e.report_id = $1 order by e.seq limit 500`,
      [reportId],
    );
  }

  /** The handling node's ancestors (for escalation), nearest first. */
  async ancestors(nodeId: string, db: Db = this.db): Promise<{ id: string; name: string; kind: NodeKind; depth: number }[]> {
    return db.query(
      `select a.id, a.name, a.kind, a.depth from grid_node n join grid_node a on a.path @> n.path and a.id <> n.id where n.id = $1 order by a.depth desc`,
      [nodeId],
    );
  }

  /** Staff holding a role right at the node; where there are none, the staff of the nearest node above that has some. */
  async handlersOf(nodeId: string, db: Db = this.db): Promise<string[]> {
    const rows: { user_id: string; depth: number }[] = await db.query(
      `select m.user_id, a.depth from grid_node n join grid_node a on a.path @> n.path
         join membership m on m.node_id = a.id and m.status = 'active'
          and (m.role in ('admin','grid_head') or (m.role = 'landlord' and a.kind = 'rental_group'))
        where n.id = $1 order by a.depth desc`,
      [nodeId],
    );
    const nearest = rows[0]?.depth;
    return [...new Set(rows.filter((r) => r.depth === nearest).map((r) => r.user_id))];
  }

  /** The SLA that applies at a node (null: the server default). */
  async sla(nodeId: string, db: Db = this.db): Promise<{ acceptHours: number | null; resolveDays: number | null }> {
    const rows: { accept_hours: number | null; resolve_days: number | null }[] = await db.query(
      `select (select a.report_accept_hours from grid_node a where a.path @> n.path and a.report_accept_hours is not null order by a.depth desc limit 1) as accept_hours,
              (select a.report_resolve_days from grid_node a where a.path @> n.path and a.report_resolve_days is not null order by a.depth desc limit 1) as resolve_days
         from grid_node n where n.id = $1`,
      [nodeId],
    );
    return { acceptHours: rows[0]?.accept_hours ?? null, resolveDays: rows[0]?.resolve_days ?? null };
  }

  /** Every parameter is referenced, so PostgreSQL can type it whether or not a status is given. */
  private statusClause(param: string, openByDefault = false): string {
    return `((${param}::text is null and ${openByDefault ? `r.status in ${OPEN}` : 'true'}) or (${param}::text = 'open' and r.status in ${OPEN}) or r.status = ${param}::text)`;
  }

  /** Reports I made, newest first. */
  async mine(userId: string, f: ListFilter, after?: { createdAt: string; id: string }): Promise<ReportRow[]> {
    return this.db.query(
      `select ${COLUMNS} from ${FROM}
        where r.reporter_id = $1 and ${this.statusClause('$2')}
          and ($3::timestamptz is null or (r.created_at, r.id) < ($3::timestamptz, $4::uuid))
        order by r.created_at desc, r.id desc limit $5`,
      [userId, f.status ?? null, after?.createdAt ?? null, after?.id ?? null, f.limit + 1],
    );
  }

  /**
   * My queue: open reports handled right at a node where I am staff, soonest deadline first.
   * (Staff above see the whole subtree through the grid view; escalation brings a report to them.)
   */
  async handling(nodeIds: string[], f: ListFilter, after?: { due: string; id: string }): Promise<(ReportRow & { due: Date | null })[]> {
    return this.db.query(
      `select ${COLUMNS}, ${DUE} as due from ${FROM}
        where r.handler_node_id = any($1::uuid[]) and ${this.statusClause('$2', true)}
          and ($3::timestamptz is null or (${DUE_SORT}, r.id) > ($3::timestamptz, $4::uuid))
        order by ${DUE_SORT}, r.id limit $5`,
      [nodeIds, f.status ?? null, after?.due ?? null, after?.id ?? null, f.limit + 1],
    );
  }

  /**
   * A grid's reports, newest first: everything in the subtrees the caller is staff of; as a member, the
   * non-private reports of the nodes on their own branch (their grid and the levels above it).
   */
  async grid(
    scope: { rootPath: string | null; staffPaths: string[]; branchPaths: string[]; userId: string; privateCategories: readonly string[] },
    f: ListFilter,
    after?: { createdAt: string; id: string },
  ): Promise<ReportRow[]> {
    return this.db.query(
      `select ${COLUMNS} from ${FROM}
        where ($1::ltree is null or r.node_path <@ $1::ltree)
          and (r.node_path <@ any($2::ltree[])
               or r.reporter_id = $3
               or (r.node_path @> any($4::ltree[]) and not (r.category = any($5::text[]))))
          and ${this.statusClause('$6')}
          and ($7::timestamptz is null or (r.created_at, r.id) < ($7::timestamptz, $8::uuid))
        order by r.created_at desc, r.id desc limit $9`,
      [scope.rootPath, scope.staffPaths, scope.userId, scope.branchPaths, scope.privateCategories, f.status ?? null, after?.createdAt ?? null, after?.id ?? null, f.limit + 1],
    );
  }
}
