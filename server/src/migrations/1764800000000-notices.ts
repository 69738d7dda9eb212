import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices addressed to a node (and so to its whole subtree), one receipt per recipient written by
 * a background fan-out (read and confirmed state live there), and one row per WeChat message sent
 * for an urgent notice (claimed in the same transaction as the send: at most one per user).
 */
export class Notices1764800000000 implements MigrationInterface {
  name = 'Notices1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table notice (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        author_id uuid not null references app_user(id),
        title text not null,
        body text not null,
        category text not null check (category in ('epidemic','garbage','safety','civility','general','urgent')),
        require_confirm boolean not null default false,
        created_at timestamptz not null,
        delivered_at timestamptz,
        last_reminded_at timestamptz
      )`);
    await q.query(`create trigger notice_derive before insert on notice for each row execute function node_owned_derive()`);
    // the feed asks "notices at any of these (ancestor) paths, newest first"
    await q.query(`create index notice_path_created on notice (node_path, created_at desc, id desc)`);
    await q.query(`create index notice_author_created on notice (author_id, created_at desc, id desc)`);
    await q.query(`create index notice_path_gist on notice using gist (node_path)`);

    await q.query(`
      create table notice_receipt (
        notice_id uuid not null references notice(id),
        user_id uuid not null references app_user(id),
        district_id uuid not null,
        household_id uuid references household(id),
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        created_at timestamptz not null,
        read_at timestamptz,
        confirmed_at timestamptz,
        primary key (notice_id, user_id)
      )`);
    await q.query(`create index notice_receipt_user on notice_receipt (user_id)`);
    await q.query(`create index notice_receipt_unread on notice_receipt (notice_id, user_id) where read_at is null`);

    await q.query(`
      create table notice_wechat_send (
        notice_id uuid not null references notice(id),
        user_id uuid not null references app_user(id),
        sent_at timestamptz not null,
        primary key (notice_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table notice_wechat_send`);
    await q.query(`drop table notice_receipt`);
    await q.query(`drop table notice`);
  }
}
