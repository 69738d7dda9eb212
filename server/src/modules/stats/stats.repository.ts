import { Injectable } from '@nestjs/common';
import type { NodeKind } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface StatsRow {
  node_id: string;
  name: string;
  kind: NodeKind;
  micro_grids: number;
  rental_groups: number;
  households: number;
  joined_households: number;
  members: number;
  under_care: number;
  overdue: number;
  visits_7d: number;
  open_check_requests: number;
  notices_30d: number;
  receipts_30d: number;
  receipts_read_30d: number;
  reports_submitted: number;
  reports_accepted: number;
  reports_in_progress: number;
  sla_breaches: number;
  tenancies_active: number;
  tenancies_pending: number;
  refreshed_at: Date;
}

/** Every counter, in the order of the table's columns. */
export const COUNTERS = [
  'households', 'joined_households', 'members', 'under_care', 'overdue', 'visits_7d', 'open_check_requests', 'notices_30d', 'receipts_30d',
  'receipts_read_30d', 'reports_submitted', 'reports_accepted', 'reports_in_progress', 'sla_breaches', 'tenancies_active', 'tenancies_pending',
] as const;

/**
 * Each counter of the rows that belong right at a node ("own" counts), as (node, counter, value).
 * Every source table carries its node (and district), so each is one indexed group-by.
 */
const OWN_COUNTS = `
  select node_id, 'households' as k, count(*) as v from household where district_id = $1 group by node_id
  union all
  select node_id, 'joined_households', count(distinct household_id) from membership
   where district_id = $1 and status = 'active' and household_id is not null group by node_id
  union all
  select node_id, 'members', count(*) from membership where district_id = $1 and status = 'active' and role in ('resident', 'tenant') group by node_id
  union all
  select node_id, 'under_care', count(*) from care_plan where district_id = $1 group by node_id
  union all
  select node_id, 'overdue', count(*) from care_plan where district_id = $1 and next_due_at < $2 group by node_id
  union all
  select node_id, 'visits_7d', count(*) from visit where district_id = $1 and occurred_at > $2::timestamptz - interval '7 days' and occurred_at <= $2 group by node_id
  union all
  select p.node_id, 'open_check_requests', count(*) from check_request c join person p on p.id = c.person_id
   where c.district_id = $1 and c.status <> 'answered' group by p.node_id
  union all
  select node_id, 'notices_30d', count(*) from notice where district_id = $1 and created_at > $2::timestamptz - interval '30 days' group by node_id
  union all
  select r.node_id, 'receipts_30d', count(*) from notice n join notice_receipt r on r.notice_id = n.id
   where n.district_id = $1 and n.created_at > $2::timestamptz - interval '30 days' group by r.node_id
  union all
  select r.node_id, 'receipts_read_30d', count(*) from notice n join notice_receipt r on r.notice_id = n.id
   where n.district_id = $1 and n.created_at > $2::timestamptz - interval '30 days' and r.read_at is not null group by r.node_id
  union all
  select node_id, 'reports_' || status, count(*) from report where district_id = $1 and status in ('submitted', 'accepted', 'in_progress') group by node_id, status
  union all
  select node_id, 'sla_breaches', count(*) from report
   where district_id = $1 and ((status = 'submitted' and accept_due_at < $2) or (status in ('accepted', 'in_progress') and resolve_due_at < $2))
   group by node_id
  union all
  select node_id, 'tenancies_' || status, count(*) from tenancy where district_id = $1 and status in ('active', 'pending') group by node_id, status`;

@Injectable()
export class StatsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Rebuilds a district's rollups: own counts per node, summed up every node's subtree (each node
   * joins its descendants through the ltree index), written in one statement. Serialised per
   * district, so a job and an on-demand refresh never interleave.
   */
  async refresh(districtId: string, now: Date, tx: EntityManager): Promise<number> {
    await tx.query(`select pg_advisory_xact_lock(hashtext('linli-stats:' || $1))`, [districtId]);
    // own counts pivoted to one row per node first, then summed over each node's subtree
    const pivot = COUNTERS.map((c) => `coalesce(sum(v) filter (where k = '${c}'), 0)::int as ${c}`).join(', ');
    const sums = COUNTERS.map((c) => `coalesce(sum(o.${c}), 0)::int`).join(', ');
    const rows: { n: number }[] = await tx.query(
      `with own_rows as (${OWN_COUNTS}),
            own as (select node_id, ${pivot} from own_rows group by node_id),
            subtree as (
              select a.id as node_id, a.district_id,
                     count(*) filter (where d.kind = 'micro_grid')::int as micro_grids,
                     count(*) filter (where d.kind = 'rental_group')::int as rental_groups,
                     ${sums}
                from grid_node a
                join grid_node d on d.path <@ a.path and d.district_id = $1
                left join own o on o.node_id = d.id
               where a.district_id = $1
               group by a.id, a.district_id),
            written as (
              insert into node_stats (node_id, district_id, micro_grids, rental_groups, ${COUNTERS.join(', ')}, refreshed_at)
              select *, $2::timestamptz from subtree
              on conflict (node_id) do update set
                micro_grids = excluded.micro_grids, rental_groups = excluded.rental_groups,
                ${COUNTERS.map((c) => `${c} = excluded.${c}`).join(', ')}, refreshed_at = excluded.refreshed_at
              returning 1)
       select count(*)::int as n from written`,
      [districtId, now],
    );
    return rows[0]?.n ?? 0;
  }

  async districts(db: Db = this.db): Promise<string[]> {
    const rows: { id: string }[] = await db.query(`select id from grid_node where parent_id is null order by seq`);
    return rows.map((r) => r.id);
  }

  async ofNode(nodeId: string): Promise<StatsRow | undefined> {
    const rows: StatsRow[] = await this.db.query(
      `select s.*, n.name, n.kind from node_stats s join grid_node n on n.id = s.node_id where s.node_id = $1`,
      [nodeId],
    );
    return rows[0];
  }

  async ofChildren(nodeId: string): Promise<StatsRow[]> {
    return this.db.query(
      `select s.*, n.name, n.kind from grid_node n join node_stats s on s.node_id = n.id where n.parent_id = $1 order by n.seq limit 1000`,
      [nodeId],
    );
  }
}
