import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL job queue (outbox: jobs are written in the transaction of the event that causes
 * them), the in-app inbox, and family check-on requests with their timeline.
 */
export class QueueNotificationsCheckRequests1764600000000 implements MigrationInterface {
  name = 'QueueNotificationsCheckRequests1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table job (
        id bigint generated always as identity primary key,
        kind text not null,
        payload jsonb not null,
        dedupe_key text unique,
        run_at timestamptz not null,
        attempts int not null default 0,
        max_attempts int not null default 8,
        locked_until timestamptz,
        last_error text,
        done_at timestamptz,
        failed boolean not null default false,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index job_due on job (run_at) where done_at is null`);

    await q.query(`
      create table notification (
        id uuid primary key,
        user_id uuid not null references app_user(id),
        kind text not null,
        title text not null,
        body text not null,
        link text,
        created_at timestamptz not null,
        read_at timestamptz
      )`);
    await q.query(`create index notification_user on notification (user_id, created_at desc, id desc)`);
    await q.query(`create index notification_unread on notification (user_id) where read_at is null`);

    await q.query(`
      create table check_request (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        person_id uuid not null references person(id),
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        requester_id uuid not null references app_user(id),
        message text not null,
        status text not null check (status in ('open','acknowledged','answered')),
        level int not null default 0,
        current_node_id uuid not null references grid_node(id),
        escalate_at timestamptz,
        acknowledged_by uuid references app_user(id),
        acknowledged_at timestamptz,
        answered_visit_id uuid references visit(id),
        answered_at timestamptz,
        created_at timestamptz not null
      )`);
    await q.query(`create trigger check_request_derive before insert on check_request for each row execute function person_owned_derive()`);
    await q.query(`create index check_request_path_gist on check_request using gist (node_path)`);
    await q.query(`create index check_request_requester on check_request (requester_id, created_at desc)`);
    await q.query(`create index check_request_person on check_request (person_id, created_at desc)`);
    await q.query(`
      create table check_request_event (
        id uuid primary key default gen_random_uuid(),
        seq bigint generated always as identity,
        request_id uuid not null references check_request(id),
        kind text not null check (kind in ('created','escalated','acknowledged','answered')),
        at timestamptz not null,
        actor_id uuid references app_user(id),
        node_id uuid references grid_node(id)
      )`);
    await q.query(`create index check_request_event_request on check_request_event (request_id, at)`);
    // one-time WeChat subscriptions: each acceptance in the mini-program allows one message of that kind
    await q.query(`
      create table wechat_subscription (
        user_id uuid not null references app_user(id),
        kind text not null,
        remaining int not null check (remaining >= 0),
        updated_at timestamptz not null,
        primary key (user_id, kind)
      )`);
    await q.query(`alter table visit add constraint visit_check_request_fk foreign key (check_request_id) references check_request(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table visit drop constraint visit_check_request_fk`);
    await q.query(`drop table wechat_subscription`);
    await q.query(`drop table check_request_event`);
    await q.query(`drop table check_request`);
    await q.query(`drop table notification`);
    await q.query(`drop table job`);
  }
}
