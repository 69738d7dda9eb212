import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant registration: a landlord's rental house is a rental_group node (property shares its id)
 * with its rooms; a tenancy links the house to a household (the room) and the tenant's person
 * record, where the ID number and phone live as ciphertext + blind index + masked form.
 */
export class Tenancy1765000000000 implements MigrationInterface {
  name = 'Tenancy1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table property (
        id uuid primary key references grid_node(id),
        district_id uuid not null,
        node_id uuid not null references grid_node(id) check (node_id = id),
        node_path ltree not null,
        grid_id uuid not null references grid_node(id),
        address text not null check (char_length(address) between 1 and 40),
        rooms text[] not null default '{}',
        owner_id uuid not null references app_user(id),
        created_at timestamptz not null default now()
      )`);
    await q.query(`create trigger property_derive before insert on property for each row execute function node_owned_derive()`);
    await q.query(`create index property_owner on property (owner_id)`);
    await q.query(`create index property_path_gist on property using gist (node_path)`);

    await q.query(`
      create table tenancy (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        property_id uuid not null references property(id),
        household_id uuid not null references household(id),
        person_id uuid not null references person(id),
        user_id uuid references app_user(id),
        room text not null,
        status text not null check (status in ('pending','active','ended')),
        employer text,
        home_region text,
        -- [{name, relation, personId}]: the people living with the tenant, each a person of the household
        co_residents jsonb not null default '[]',
        move_in_date date not null,
        expected_move_out_date date,
        moved_out_on date,
        ended_at timestamptz,
        verified_at timestamptz not null,
        self_registered boolean not null default false,
        created_by uuid not null references app_user(id),
        confirmed_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create trigger tenancy_derive before insert on tenancy for each row execute function node_owned_derive()`);
    await q.query(`create index tenancy_path_gist on tenancy using gist (node_path)`);
    await q.query(`create index tenancy_property on tenancy (property_id, created_at desc, id desc)`);
    await q.query(`create index tenancy_status_created on tenancy (status, created_at desc, id desc)`);
    await q.query(`create unique index tenancy_person_live on tenancy (person_id) where status <> 'ended'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table tenancy`);
    await q.query(`drop table property`);
  }
}
