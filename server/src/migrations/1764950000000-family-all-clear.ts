import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A family member chooses whether the elder's own "我很好" sends them an all-clear. */
export class FamilyAllClear1764950000000 implements MigrationInterface {
  name = 'FamilyAllClear1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table family_link add column notify_all_clear boolean not null default false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table family_link drop column notify_all_clear`);
  }
}
