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

  /** Live memberships of a user, each with its node's path from the root (one query). */
  async findLiveMemberships(userId: string): Promise<MyMembershipRow[]> {
    return this.db.query(
      `select m.id, m.role, m.status, m.created_at, n.id as node_id, n.name as node_name, n.kind as node_kind,
              (select json_agg(json_build_object('id', a.id, 'name', a.name, 'kind', a.kind) order by a.depth)
                 from grid_node a where a.path @> n.path) as path
         from membership m join grid_node n on n.id = m.node_id
        where m.user_id = $1 and m.status in ('pending', 'active')
        order by m.created_at, m.id`,
      [userId],
    );
  }
}
