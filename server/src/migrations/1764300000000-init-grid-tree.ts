import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The grid tree (ltree paths kept by a trigger), users and memberships. */
export class InitGridTree1764300000000 implements MigrationInterface {
  name = 'InitGridTree1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists ltree`);
    await q.query(`create sequence grid_node_seq`);
    await q.query(`
      create table grid_node (
        id uuid primary key default gen_random_uuid(),
        seq bigint not null default nextval('grid_node_seq') unique,
        district_id uuid not null,
        parent_id uuid references grid_node(id),
        kind text not null check (kind in ('district','street','community','village','grid','micro_grid','rental_group')),
        name text not null check (char_length(name) between 1 and 60),
        path ltree not null,
        depth int not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`alter sequence grid_node_seq owned by grid_node.seq`);
    await q.query(`create index grid_node_path_gist on grid_node using gist (path)`);
    await q.query(`create unique index grid_node_parent_name on grid_node (parent_id, name)`);
    await q.query(`create index grid_node_district on grid_node (district_id)`);
    await q.query(`create index grid_node_kind_path on grid_node using gist (path) where kind = 'micro_grid'`);
    // Path, depth and district are derived from the parent, so no writer can get them wrong.
    await q.query(`
      create function grid_node_derive() returns trigger language plpgsql as $$
      declare parent grid_node%rowtype;
      begin
        if new.parent_id is null then
          new.path := text2ltree(new.seq::text);
          new.depth := 0;
          new.district_id := new.id;
        else
          select * into parent from grid_node where id = new.parent_id;
          if not found then raise exception 'parent node % does not exist', new.parent_id using errcode = '23503'; end if;
          new.path := parent.path || text2ltree(new.seq::text);
          new.depth := parent.depth + 1;
          new.district_id := parent.district_id;
        end if;
        return new;
      end $$`);
    await q.query(`create trigger grid_node_derive before insert on grid_node for each row execute function grid_node_derive()`);

    await q.query(`
      create table app_user (
        id uuid primary key default gen_random_uuid(),
        openid text not null unique,
        unionid text,
        display_name text not null,
        created_at timestamptz not null default now(),
        last_login_at timestamptz
      )`);

    await q.query(`
      create table membership (
        id uuid primary key default gen_random_uuid(),
        district_id uuid not null,
        user_id uuid not null references app_user(id),
        node_id uuid not null references grid_node(id),
        node_path ltree not null,
        role text not null check (role in ('admin','grid_head','volunteer','landlord','resident','tenant','family')),
        status text not null check (status in ('pending','active','rejected','removed')),
        reason text,
        decided_by uuid references app_user(id),
        decided_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await q.query(`
      create function membership_derive() returns trigger language plpgsql as $$
      begin
        select path, district_id into new.node_path, new.district_id from grid_node where id = new.node_id;
        return new;
      end $$`);
    await q.query(`create trigger membership_derive before insert on membership for each row execute function membership_derive()`);
    await q.query(`create unique index membership_one_live on membership (user_id, node_id, role) where status in ('pending','active')`);
    await q.query(`create index membership_user_live on membership (user_id) where status in ('pending','active')`);
    await q.query(`create index membership_path_gist on membership using gist (node_path)`);
    await q.query(`create index membership_node_created on membership (node_id, created_at desc, id desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table membership`);
    await q.query(`drop function membership_derive`);
    await q.query(`drop table app_user`);
    await q.query(`drop table grid_node`);
    await q.query(`drop function grid_node_derive`);
  }
}
