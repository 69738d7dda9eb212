import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Elderly care: one plan per person (with the last contact and next due time kept on it, so the
 * carer's list is one index scan), visits keyed by the phone-made id (idempotent sync),
 * "我很好" check-ins, and follow-ups opened by worrying outcomes.
 */
export class Care1764500000000 implements MigrationInterface {
  name = 'Care1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function person_owned_derive() returns trigger language plpgsql as $$
      begin
        select p.node_id, p.node_path, p.district_id into new.node_id, new.node_path, new.district_id from person p where p.id = new.person_id;
        if new.node_id is null then raise exception 'person % does not exist', new.person_id using errcode = '23503'; end if;
        return new;
      end $$`);

    await q.query(`
      create table care_plan (
        person_id uuid primary key references person(id),
        district_id uuid not null,
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        every_hours int not null check (every_hours between 1 and 720),
        carer_user_ids uuid[] not null default '{}',
        source text not null check (source in ('policy','manual')),
        last_contact_at timestamptz,
        next_due_at timestamptz not null,
        updated_by uuid references app_user(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create trigger care_plan_derive before insert on care_plan for each row execute function person_owned_derive()`);
    await q.query(`create index care_plan_path_gist on care_plan using gist (node_path)`);
    await q.query(`create index care_plan_due on care_plan (next_due_at, person_id)`);
    await q.query(`create index care_plan_carers on care_plan using gin (carer_user_ids)`);

    await q.query(`
      create table visit (
        id uuid primary key,
        district_id uuid not null,
        person_id uuid not null references person(id),
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        carer_user_id uuid not null references app_user(id),
        occurred_at timestamptz not null,
        method text not null check (method in ('in_person','phone','video')),
        outcome text not null check (outcome in ('well','not_home','unwell','needs_help','emergency')),
        note text,
        photo_ids uuid[] not null default '{}',
        check_request_id uuid,
        body_hash text not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create trigger visit_derive before insert on visit for each row execute function person_owned_derive()`);
    await q.query(`create index visit_person_time on visit (person_id, occurred_at desc, id desc)`);
    await q.query(`create index visit_path_gist on visit using gist (node_path)`);

    await q.query(`
      create table check_in (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        person_id uuid not null references person(id),
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        by_user_id uuid not null references app_user(id),
        by_family boolean not null,
        note text,
        at timestamptz not null
      )`);
    await q.query(`create trigger check_in_derive before insert on check_in for each row execute function person_owned_derive()`);
    await q.query(`create index check_in_person on check_in (person_id, at desc)`);

    await q.query(`
      create table follow_up (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        person_id uuid not null references person(id),
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        visit_id uuid not null references visit(id) unique,
        outcome text not null,
        status text not null default 'open' check (status in ('open','closed')),
        created_at timestamptz not null,
        closed_at timestamptz,
        closed_by_visit_id uuid references visit(id)
      )`);
    await q.query(`create trigger follow_up_derive before insert on follow_up for each row execute function person_owned_derive()`);
    await q.query(`create index follow_up_open on follow_up (person_id) where status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table follow_up`);
    await q.query(`drop table check_in`);
    await q.query(`drop table visit`);
    await q.query(`drop table care_plan`);
    await q.query(`drop function person_owned_derive`);
  }
}
