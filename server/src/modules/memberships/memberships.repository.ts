import { Injectable } from '@nestjs/common';
import type { MembershipStatus, NodeKind, Role } from '@linli/shared';
import { DataSource } from 'typeorm';

export interface MembershipRow {
  id: string;
  role: Role;
  status: MembershipStatus;
  user_id: string;
  display_name: string;
  node_id: string;
  node_path: string;
  node_kind: NodeKind;
  person_name: string | null;
  household_building: string | null;
  household_unit: string | null;
  household_room: string | null;
  reason: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const COLUMNS = `m.id, m.role, m.status, m.user_id, u.display_name, m.node_id, m.node_path::text as node_path, n.kind as node_kind,
  p.name as person_name, h.building as household_building, h.unit as household_unit, h.room as household_room,
  m.reason, m.created_at, m.decided_at`;
const FROM = `membership m join app_user u on u.id = m.user_id join grid_node n on n.id = m.node_id
  left join person p on p.id = m.person_id left join household h on h.id = m.household_id`;

@Injectable()
export class MembershipsRepository {
  constructor(private readonly db: DataSource) {}

  async findById(id: string): Promise<MembershipRow | undefined> {
    const rows: MembershipRow[] = await this.db.query(`select ${COLUMNS} from ${FROM} where m.id = $1`, [id]);
    return rows[0];
  }

  /** Memberships anywhere in the subtree of `path`, newest first. */
  async findInSubtree(path: string, status: MembershipStatus | undefined, limit: number, after?: { createdAt: string; id: string }): Promise<MembershipRow[]> {
    return this.db.query(
      `select ${COLUMNS} from ${FROM}
        where m.node_path <@ $1::ltree
          and ($2::text is null or m.status = $2)
          and ($3::timestamptz is null or (m.created_at, m.id) < ($3::timestamptz, $4::uuid))
        order by m.created_at desc, m.id desc
        limit $5`,
      [path, status ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** Moves a membership out of `from` only if it is still there: exactly one concurrent decision wins. */
  async transition(id: string, from: MembershipStatus[], to: MembershipStatus, decidedBy: string, reason: string | null): Promise<boolean> {
    // wrapped in a select: TypeORM answers a bare UPDATE with [rows, count], a select with rows
    const rows: unknown[] = await this.db.query(
      `with changed as (
         update membership set status = $3, decided_by = $4, decided_at = now(), reason = $5
          where id = $1 and status = any($2::text[]) returning id)
       select id from changed`,
      [id, from, to, decidedBy, reason],
    );
    return rows.length > 0;
  }
}
