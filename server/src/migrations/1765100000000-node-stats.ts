import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboard rollups: one row per node with the numbers of its whole subtree, rebuilt for a district
 * by a queue job (every minute by default). Reading a node's stats is then one row plus its
 * children's rows, whatever the size of the subtree.
 */
export class NodeStats1765100000000 implements MigrationInterface {
  name = 'NodeStats1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table node_stats (
        node_id uuid primary key references grid_node(id),
        district_id uuid not null,
        micro_grids int not null,
        rental_groups int not null,
        households int not null,
        joined_households int not null,
        members int not null,
        under_care int not null,
        overdue int not null,
        visits_7d int not null,
        open_check_requests int not null,
        notices_30d int not null,
        receipts_30d int not null,
        receipts_read_30d int not null,
        reports_submitted int not null,
        reports_accepted int not null,
        reports_in_progress int not null,
        sla_breaches int not null,
        tenancies_active int not null,
        tenancies_pending int not null,
        refreshed_at timestamptz not null
      )`);
    await q.query(`create index node_stats_district on node_stats (district_id)`);
    // the rollup's own-counts read these: visits by time, receipts by notice time
    await q.query(`create index visit_occurred on visit (occurred_at)`);
    await q.query(`create index notice_created on notice (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index notice_created`);
    await q.query(`drop index visit_occurred`);
    await q.query(`drop table node_stats`);
  }
}
