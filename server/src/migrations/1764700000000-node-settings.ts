import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-node settings that the nodes below inherit (null: ask the parent). */
export class NodeSettings1764700000000 implements MigrationInterface {
  name = 'NodeSettings1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table grid_node add column check_request_escalate_minutes int check (check_request_escalate_minutes between 5 and 1440)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table grid_node drop column check_request_escalate_minutes`);
  }
}
