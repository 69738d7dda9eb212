import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded images (stored outside the database), issue reports (随手拍) with their timeline, and report SLAs per node. */
export class UploadsReports1764900000000 implements MigrationInterface {
  name = 'UploadsReports1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table upload (
        id uuid primary key,
        owner_user_id uuid not null references app_user(id),
        content_type text not null check (content_type in ('image/jpeg','image/png','image/webp')),
        byte_size int not null,
        width int,
        height int,
        storage_key text not null,
        thumb_key text not null,
        check_status text not null default 'pending' check (check_status in ('pending','pass','risky')),
        check_trace_id text unique,
        attached_kind text check (attached_kind in ('visit','report','report_event')),
        attached_id uuid,
        created_at timestamptz not null
      )`);
    await q.query(`create index upload_attached on upload (attached_kind, attached_id) where attached_id is not null`);
    await q.query(`create index upload_owner on upload (owner_user_id, created_at desc)`);

    await q.query(`alter table grid_node add column report_accept_hours int check (report_accept_hours between 1 and 168)`);
    await q.query(`alter table grid_node add column report_resolve_days int check (report_resolve_days between 1 and 90)`);

    await q.query(`
      create table report (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        handler_node_id uuid not null references grid_node(id),
        handler_path ltree not null,
        reporter_id uuid not null references app_user(id),
        anonymous boolean not null default false,
        category text not null check (category in ('rubbish','environment','facility','hazard','uncivil','dispute','other')),
        description text not null,
        location jsonb,
        photo_ids uuid[] not null default '{}',
        status text not null check (status in ('submitted','accepted','in_progress','resolved','closed','rejected')),
        escalation_level int not null default 0,
        accept_due_at timestamptz,
        resolve_due_at timestamptz,
        resolved_at timestamptz,
        closed_at timestamptz,
        reply_event_id uuid,
        client_id uuid,
        version int not null default 0,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    // The node's grid path and district come from the node, so no writer can get them wrong.
    await q.query(`
      create function report_derive() returns trigger language plpgsql as $$
      begin
        select path, district_id into new.node_path, new.district_id from grid_node where id = new.node_id;
        select path into new.handler_path from grid_node where id = new.handler_node_id;
        return new;
      end $$`);
    await q.query(`create trigger report_derive before insert or update of node_id, handler_node_id on report for each row execute function report_derive()`);
    await q.query(`create index report_node_path on report using gist (node_path)`);
    await q.query(`create index report_handler_path on report using gist (handler_path) where status in ('submitted','accepted','in_progress')`);
    await q.query(`create index report_reporter on report (reporter_id, created_at desc)`);
    await q.query(`create unique index report_client on report (reporter_id, client_id) where client_id is not null`);
    await q.query(`create index report_node_created on report (node_id, created_at desc)`);

    await q.query(`
      create table report_event (
        id uuid primary key default gen_random_uuid(),
        seq bigint generated always as identity,
        report_id uuid not null references report(id) on delete cascade,
        actor_id uuid references app_user(id),
        actor_role text not null check (actor_role in ('reporter','handler','system')),
        action text not null check (action in ('submit','accept','start','resolve','reject','escalate','reopen','confirm','comment','auto_escalate','auto_close')),
        from_status text,
        to_status text not null,
        note text,
        responsible_party text,
        photo_ids uuid[] not null default '{}',
        public boolean not null,
        node_id uuid references grid_node(id),
        created_at timestamptz not null
      )`);
    await q.query(`create index report_event_report on report_event (report_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table report_event`);
    await q.query(`drop table report`);
    await q.query(`drop function report_derive`);
    await q.query(`alter table grid_node drop column report_accept_hours, drop column report_resolve_days`);
    await q.query(`drop table upload`);
  }
}
