import { Injectable } from '@nestjs/common';
import type { PersonTag, VisitMethod, VisitOutcome } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface PlanRow {
  person_id: string;
  node_path: string;
  every_hours: number;
  carer_user_ids: string[];
  carers: { id: string; displayName: string }[];
  source: 'policy' | 'manual';
  last_contact_at: Date | null;
  next_due_at: Date;
  updated_at: Date;
}

export interface VisitRow {
  id: string;
  person_id: string;
  node_path: string;
  carer_user_id: string;
  carer_name: string;
  occurred_at: Date;
  method: VisitMethod;
  outcome: VisitOutcome;
  note: string | null;
  check_request_id: string | null;
  photo_ids: string[];
  body_hash: string;
  created_at: Date;
}

export interface CareRow {
  person_id: string;
  name: string;
  birth_date: string | null;
  household_id: string;
  building: string;
  unit: string;
  room: string;
  tags: PersonTag[];
  every_hours: number;
  last_contact_at: Date | null;
  next_due_at: Date;
  last_occurred_at: Date | null;
  last_outcome: VisitOutcome | null;
  last_method: VisitMethod | null;
  last_carer: string | null;
  open_follow_ups: number;
}

const PLAN_COLUMNS = `cp.person_id, cp.node_path::text as node_path, cp.every_hours, cp.carer_user_ids, cp.source, cp.last_contact_at, cp.next_due_at, cp.updated_at,
  coalesce((select json_agg(json_build_object('id', u.id, 'displayName', u.display_name) order by u.display_name)
              from app_user u where u.id = any(cp.carer_user_ids)), '[]') as carers`;
const VISIT_COLUMNS = `v.id, v.person_id, v.node_path::text as node_path, v.carer_user_id, u.display_name as carer_name, v.occurred_at, v.method,
  v.outcome, v.note, v.check_request_id, v.photo_ids, v.body_hash, v.created_at`;

@Injectable()
export class CareRepository {
  constructor(private readonly db: DataSource) {}

  async findPlan(personId: string, db: Db = this.db): Promise<PlanRow | undefined> {
    const rows: PlanRow[] = await db.query(`select ${PLAN_COLUMNS} from care_plan cp where cp.person_id = $1`, [personId]);
    return rows[0];
  }

  /** Creates or replaces a plan; the next due time follows from the last contact (or now, for a new plan). */
  async upsertPlan(p: { personId: string; everyHours: number; carerUserIds: string[]; source: 'policy' | 'manual'; updatedBy: string | null; now: Date }, db: Db = this.db): Promise<void> {
    await db.query(
      `insert into care_plan (person_id, every_hours, carer_user_ids, source, next_due_at, updated_by, created_at, updated_at)
       values ($1, $2, $3::uuid[], $4, $6::timestamptz + make_interval(hours => $2), $5, $6, $6)
       on conflict (person_id) do update set
         every_hours = excluded.every_hours, carer_user_ids = excluded.carer_user_ids, source = excluded.source,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at,
         next_due_at = coalesce(care_plan.last_contact_at, care_plan.created_at) + make_interval(hours => excluded.every_hours)`,
      [p.personId, p.everyHours, p.carerUserIds, p.source, p.updatedBy, p.now],
    );
  }

  /** Only where there is no plan yet: a policy default never overrides what staff set. */
  async insertPolicyPlan(personId: string, everyHours: number, carerUserIds: string[], now: Date, db: Db = this.db): Promise<void> {
    await db.query(
      `insert into care_plan (person_id, every_hours, carer_user_ids, source, next_due_at, created_at, updated_at)
       values ($1, $2, $3::uuid[], 'policy', $4::timestamptz + make_interval(hours => $2), $4, $4) on conflict (person_id) do nothing`,
      [personId, everyHours, carerUserIds, now],
    );
  }

  /** Active grid heads of the person's own grid: the default carers. */
  async headsOfPersonNode(personId: string, db: Db = this.db): Promise<string[]> {
    const rows: { user_id: string }[] = await db.query(
      `select m.user_id from membership m join person p on p.node_id = m.node_id
        where p.id = $1 and m.role = 'grid_head' and m.status = 'active' order by m.created_at`,
      [personId],
    );
    return rows.map((r) => r.user_id);
  }

  /** A contact moves the plan's clock on (never back: an old visit synced late changes nothing). */
  async recordContact(personId: string, at: Date, db: Db = this.db): Promise<void> {
    await db.query(
      `update care_plan set last_contact_at = greatest(coalesce(last_contact_at, $2), $2),
              next_due_at = greatest(coalesce(last_contact_at, $2), $2) + make_interval(hours => every_hours)
        where person_id = $1`,
      [personId, at],
    );
  }

  /** Inserts a visit unless its id is taken; answers whether this call stored it. */
  async insertVisit(v: { id: string; personId: string; carerUserId: string; occurredAt: Date; method: VisitMethod; outcome: VisitOutcome; note: string | null; checkRequestId: string | null; photoIds: string[]; bodyHash: string; now: Date }, db: Db = this.db): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `insert into visit (id, person_id, carer_user_id, occurred_at, method, outcome, note, check_request_id, photo_ids, body_hash, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (id) do nothing returning id`,
      [v.id, v.personId, v.carerUserId, v.occurredAt, v.method, v.outcome, v.note, v.checkRequestId, v.photoIds, v.bodyHash, v.now],
    );
    return rows.length > 0;
  }

  async findVisit(id: string, db: Db = this.db): Promise<VisitRow | undefined> {
    const rows: VisitRow[] = await db.query(`select ${VISIT_COLUMNS} from visit v join app_user u on u.id = v.carer_user_id where v.id = $1`, [id]);
    return rows[0];
  }

  async findVisitsOfPerson(personId: string, limit: number, after?: { occurredAt: string; id: string }): Promise<VisitRow[]> {
    return this.db.query(
      `select ${VISIT_COLUMNS} from visit v join app_user u on u.id = v.carer_user_id
        where v.person_id = $1 and ($2::timestamptz is null or (v.occurred_at, v.id) < ($2::timestamptz, $3::uuid))
        order by v.occurred_at desc, v.id desc limit $4`,
      [personId, after?.occurredAt ?? null, after?.id ?? null, limit + 1],
    );
  }

  async openFollowUp(personId: string, visitId: string, outcome: VisitOutcome, at: Date, db: Db): Promise<void> {
    await db.query(`insert into follow_up (person_id, visit_id, outcome, created_at) values ($1, $2, $3, $4) on conflict (visit_id) do nothing`, [personId, visitId, outcome, at]);
  }

  async closeFollowUps(personId: string, visitId: string, at: Date, db: Db): Promise<void> {
    await db.query(`update follow_up set status = 'closed', closed_at = $3, closed_by_visit_id = $2 where person_id = $1 and status = 'open'`, [personId, visitId, at]);
  }

  async insertCheckIn(personId: string, userId: string, byFamily: boolean, note: string | null, at: Date, db: Db): Promise<void> {
    await db.query(`insert into check_in (person_id, by_user_id, by_family, note, at) values ($1, $2, $3, $4, $5)`, [personId, userId, byFamily, note, at]);
  }

  /** Which of these users hold an active membership on the branch of `path` (at, above or below it). */
  async membersOfBranch(userIds: string[], path: string): Promise<string[]> {
    const rows: { user_id: string }[] = await this.db.query(
      `select distinct user_id from membership where user_id = any($1::uuid[]) and status = 'active'
          and (node_path @> $2::ltree or node_path <@ $2::ltree)`,
      [userIds, path],
    );
    return rows.map((r) => r.user_id);
  }

  async familyOf(personId: string, db: Db = this.db): Promise<string[]> {
    const rows: { user_id: string }[] = await db.query(`select user_id from family_link where person_id = $1`, [personId]);
    return rows.map((r) => r.user_id);
  }

  /** Staff (admins, grid heads) holding their role at the node and up to `levels` nodes above it. */
  async staffAtAndAbove(nodeId: string, levels: number, db: Db = this.db): Promise<string[]> {
    const rows: { user_id: string }[] = await db.query(
      `select distinct m.user_id from grid_node n join grid_node a on a.path @> n.path and a.depth >= n.depth - $2
         join membership m on m.node_id = a.id and m.role in ('admin','grid_head') and m.status = 'active'
        where n.id = $1`,
      [nodeId, levels],
    );
    return rows.map((r) => r.user_id);
  }

  /** Visits of a subtree in [from, to), oldest first, for the export. */
  async findVisitsForExport(path: string, from: Date, to: Date): Promise<import('./visit-export.js').ExportRow[]> {
    return this.db.query(
      `select p.name as person_name, p.id_number_masked, p.gender, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date,
              concat_ws('', nullif(h.building, '') || '栋', nullif(h.unit, '') || '单元', h.room) as address, n.name as grid_name,
              v.occurred_at, v.method, v.outcome, v.note, u.display_name as carer_name
         from visit v join person p on p.id = v.person_id join household h on h.id = p.household_id
         join grid_node n on n.id = v.node_id join app_user u on u.id = v.carer_user_id
        where v.node_path <@ $1::ltree and v.occurred_at >= $2 and v.occurred_at < $3
        order by v.occurred_at, v.id
        limit 100000`,
      [path, from, to],
    );
  }

  /** Family members who asked for an all-clear when the person checks in. */
  async familyWantingAllClear(personId: string, db: Db = this.db): Promise<string[]> {
    const rows: { user_id: string }[] = await db.query(`select user_id from family_link where person_id = $1 and notify_all_clear`, [personId]);
    return rows.map((r) => r.user_id);
  }

  /** The link's settings, or undefined when the user is not linked to the person. */
  async familySettings(userId: string, personId: string): Promise<{ allClear: boolean } | undefined> {
    const rows: { all_clear: boolean }[] = await this.db.query(`select notify_all_clear as all_clear from family_link where user_id = $1 and person_id = $2`, [userId, personId]);
    return rows[0] ? { allClear: rows[0].all_clear } : undefined;
  }

  async setFamilyAllClear(userId: string, personId: string, allClear: boolean): Promise<void> {
    await this.db.query(`update family_link set notify_all_clear = $3 where user_id = $1 and person_id = $2`, [userId, personId, allClear]);
  }

  async isFamilyOf(userId: string, personId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`select 1 from family_link where user_id = $1 and person_id = $2`, [userId, personId]);
    return rows.length > 0;
  }

  /**
   * The carer's list: plans in a subtree (optionally only those naming one carer), most overdue
   * first. One index scan on the plan's path and due time; the last visit per person by index.
   */
  async findCareList(path: string, carerUserId: string | null, overdueOnly: boolean, now: Date, limit: number, after?: { nextDueAt: string; personId: string }): Promise<CareRow[]> {
    return this.db.query(
      `select cp.person_id, p.name, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.household_id, h.building, h.unit, h.room, p.tags,
              cp.every_hours, cp.last_contact_at, cp.next_due_at,
              lv.occurred_at as last_occurred_at, lv.outcome as last_outcome, lv.method as last_method, lv.carer_name as last_carer,
              (select count(*)::int from follow_up f where f.person_id = cp.person_id and f.status = 'open') as open_follow_ups
         from care_plan cp
         join person p on p.id = cp.person_id
         join household h on h.id = p.household_id
         left join lateral (
           select v.occurred_at, v.outcome, v.method, u.display_name as carer_name
             from visit v join app_user u on u.id = v.carer_user_id
            where v.person_id = cp.person_id order by v.occurred_at desc limit 1) lv on true
        where cp.node_path <@ $1::ltree
          and ($2::uuid is null or $2::uuid = any(cp.carer_user_ids))
          and (not $3 or cp.next_due_at < $4)
          and ($5::timestamptz is null or (cp.next_due_at, cp.person_id) > ($5::timestamptz, $6::uuid))
        order by cp.next_due_at, cp.person_id
        limit $7`,
      [path, carerUserId, overdueOnly, now, after?.nextDueAt ?? null, after?.personId ?? null, limit + 1],
    );
  }
}
