import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Households and persons (phone and ID numbers only as ciphertext + blind index + masked form),
 * family links, invites (token only as a keyed hash + ciphertext), consents, the audit log and
 * the rate-limit counters shared by all server instances.
 */
export class HouseholdsInvitesAudit1764400000000 implements MigrationInterface {
  name = 'HouseholdsInvitesAudit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // district_id and node_path of node-owned rows are copied from the node, so no writer can get them wrong
    await q.query(`
      create function node_owned_derive() returns trigger language plpgsql as $$
      begin
        select path, district_id into new.node_path, new.district_id from grid_node where id = new.node_id;
        if new.node_path is null then raise exception 'node % does not exist', new.node_id using errcode = '23503'; end if;
        return new;
      end $$`);

    await q.query(`
      create table household (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        building text not null default '',
        unit text not null default '',
        room text not null,
        building_key text not null default '',
        unit_key text not null default '',
        room_key text not null,
        occupancy text not null default 'owner_occupied' check (occupancy in ('owner_occupied','rented','vacant')),
        -- numbers sort as numbers: 2 before 10
        sort_key text generated always as (lpad(building_key, 8, '0') || '|' || lpad(unit_key, 8, '0') || '|' || lpad(room_key, 8, '0')) stored,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create trigger household_derive before insert or update of node_id on household for each row execute function node_owned_derive()`);
    await q.query(`create unique index household_address on household (node_id, building_key, unit_key, room_key)`);
    await q.query(`create index household_path_gist on household using gist (node_path)`);
    await q.query(`create index household_node_order on household (node_id, sort_key, id)`);

    await q.query(`
      create table person (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        household_id uuid not null references household(id),
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        name text not null check (char_length(name) between 1 and 30),
        gender text check (gender in ('male','female')),
        birth_date date,
        relation text,
        phone_enc text,
        phone_bidx text,
        phone_masked text,
        id_number_enc text,
        id_number_bidx text,
        id_number_masked text,
        tags text[] not null default '{}',
        sensitive_tags_enc text,
        user_id uuid references app_user(id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    // a person lives where their household is
    await q.query(`
      create function person_derive() returns trigger language plpgsql as $$
      begin
        select h.node_id, h.node_path, h.district_id into new.node_id, new.node_path, new.district_id from household h where h.id = new.household_id;
        if new.node_id is null then raise exception 'household % does not exist', new.household_id using errcode = '23503'; end if;
        return new;
      end $$`);
    await q.query(`create trigger person_derive before insert or update of household_id on person for each row execute function person_derive()`);
    await q.query(`create index person_household on person (household_id)`);
    await q.query(`create index person_path_gist on person using gist (node_path)`);
    await q.query(`create index person_tags on person using gin (tags)`);
    await q.query(`create index person_phone_bidx on person (phone_bidx) where phone_bidx is not null`);
    await q.query(`create index person_id_number_bidx on person (id_number_bidx) where id_number_bidx is not null`);
    await q.query(`create index person_user on person (user_id) where user_id is not null`);

    await q.query(`alter table membership add column household_id uuid references household(id), add column person_id uuid references person(id), add column invite_id uuid`);

    await q.query(`
      create table family_link (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        user_id uuid not null references app_user(id),
        person_id uuid not null references person(id),
        relation text,
        created_at timestamptz not null default now(),
        unique (user_id, person_id)
      )`);
    await q.query(`create index family_link_person on family_link (person_id)`);

    await q.query(`
      create table invite (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        role text not null check (role in ('resident','tenant','family','volunteer')),
        token_hash text not null unique,
        token_enc text not null,
        linked_person_id uuid references person(id),
        require_approval boolean not null,
        max_uses int not null check (max_uses > 0),
        uses int not null default 0 check (uses >= 0),
        expires_at timestamptz not null,
        revoked_at timestamptz,
        created_by uuid not null references app_user(id),
        created_at timestamptz not null default now()
      )`);
    await q.query(`create trigger invite_derive before insert on invite for each row execute function node_owned_derive()`);
    await q.query(`create index invite_node_created on invite (node_id, created_at desc, id desc)`);
    await q.query(`alter table membership add constraint membership_invite_fk foreign key (invite_id) references invite(id)`);

    await q.query(`
      create table consent (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references app_user(id),
        notice_version text not null,
        invite_id uuid references invite(id),
        accepted_at timestamptz not null default now()
      )`);
    await q.query(`create index consent_user on consent (user_id, accepted_at desc)`);

    await q.query(`
      create table audit_log (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        actor_id uuid not null references app_user(id),
        action text not null,
        subject_type text not null,
        subject_id uuid,
        field text,
        reason text,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create trigger audit_log_derive before insert on audit_log for each row execute function node_owned_derive()`);
    await q.query(`create index audit_log_path_gist on audit_log using gist (node_path)`);
    await q.query(`create index audit_log_created on audit_log (created_at desc, id desc)`);

    // fixed-window counters; unlogged: losing them in a crash only forgives a few requests
    await q.query(`
      create unlogged table rate_limit (
        key text primary key,
        window_start timestamptz not null,
        hits int not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table rate_limit`);
    await q.query(`drop table audit_log`);
    await q.query(`drop table consent`);
    await q.query(`alter table membership drop constraint membership_invite_fk`);
    await q.query(`drop table invite`);
    await q.query(`drop table family_link`);
    await q.query(`alter table membership drop column household_id, drop column person_id, drop column invite_id`);
    await q.query(`drop table person`);
    await q.query(`drop table household`);
    await q.query(`drop function person_derive`);
    await q.query(`drop function node_owned_derive`);
  }
}
