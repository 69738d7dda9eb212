import { Injectable } from '@nestjs/common';
import type { GridNodeRef, MembershipStatus, NodeKind, Role } from '@linli/shared';
import { DataSource } from 'typeorm';

export interface UserRow {
  id: string;
  openid: string;
  display_name: string;
  created_at: Date;
}

export interface MyMembershipRow {
  id: string;
  role: Role;
  status: MembershipStatus;
  created_at: Date;
  node_id: string;
  node_name: string;
  node_kind: NodeKind;
  path: GridNodeRef[];
  household_id: string | null;
  person_id: string | null;
  reason: string | null;
}

export interface LinkedPersonRow {
  id: string;
  name: string;
  relation: string | null;
  household_id: string;
  node_id: string;
  node_name: string;
  node_kind: NodeKind;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly db: DataSource) {}

  /** Finds the user of an openid, creating them on first login, and stamps the login time. */
  async upsertByOpenid(openid: string, unionid: string | undefined, defaultName: string): Promise<UserRow> {
    const rows: UserRow[] = await this.db.query(
      `insert into app_user (openid, unionid, display_name, last_login_at) values ($1, $2, $3, now())
       on conflict (openid) do update set last_login_at = now(), unionid = coalesce(excluded.unionid, app_user.unionid)
       returning id, openid, display_name, created_at`,
      [openid, unionid ?? null, defaultName],
    );
    return rows[0]!;
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.db.query('select id, openid, display_name, created_at from app_user where id = $1', [id]);
    return rows[0];
  }

  /** Live memberships of a user (and applications turned down in the last 30 days), each with its node's path from the root (one query). */
  async findLiveMemberships(userId: string): Promise<MyMembershipRow[]> {
    return this.db.query(
      `select m.id, m.role, m.status, m.created_at, m.household_id, m.person_id, m.reason, n.id as node_id, n.name as node_name, n.kind as node_kind,
              (select json_agg(json_build_object('id', a.id, 'name', a.name, 'kind', a.kind) order by a.depth)
                 from grid_node a where a.path @> n.path) as path
         from membership m join grid_node n on n.id = m.node_id
        where m.user_id = $1
          and (m.status in ('pending', 'active') or (m.status = 'rejected' and m.decided_at > now() - interval '30 days'))
        order by m.created_at, m.id`,
      [userId],
    );
  }

  /** The people a family member is linked to (an elderly parent), with where they live. */
  async findLinkedPersons(userId: string): Promise<LinkedPersonRow[]> {
    return this.db.query(
      `select p.id, p.name, f.relation, p.household_id, n.id as node_id, n.name as node_name, n.kind as node_kind
         from family_link f join person p on p.id = f.person_id join grid_node n on n.id = p.node_id
        where f.user_id = $1 order by f.created_at`,
      [userId],
    );
  }
}
