import { Injectable } from '@nestjs/common';
import type { GridCounts, GridNodeRef, NodeKind } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Visibility } from '../../common/scope/scope.policy.js';

export interface NodeRow {
  id: string;
  name: string;
  kind: NodeKind;
  parent_id: string | null;
  district_id: string;
  depth: number;
  path: string;
  created_at: Date;
  child_count: number;
}

const NODE_COLUMNS = `n.id, n.name, n.kind, n.parent_id, n.district_id, n.depth, n.path::text as path, n.created_at,
  (select count(*)::int from grid_node c where c.parent_id = n.id) as child_count`;

@Injectable()
export class GridsRepository {
  constructor(private readonly db: DataSource) {}

  async findById(id: string): Promise<NodeRow | undefined> {
    const rows: NodeRow[] = await this.db.query(`select ${NODE_COLUMNS} from grid_node n where n.id = $1`, [id]);
    return rows[0];
  }

  /** The nodes above the node at `path`, root first (and the node itself with `includeSelf`). */
  async findAncestors(path: string, options: { includeSelf?: boolean } = {}): Promise<GridNodeRef[]> {
    return this.db.query(
      `select id, name, kind from grid_node where path @> $1::ltree and ($2 or path <> $1::ltree) order by depth`,
      [path, options.includeSelf ?? false],
    );
  }

  /** Counts over the subtree, each an index-backed ltree query. */
  async countSubtree(id: string, path: string): Promise<GridCounts> {
    const rows: GridCounts[] = await this.db.query(
      `select
         (select count(*)::int from grid_node where parent_id = $1) as "children",
         (select count(*)::int from grid_node where path <@ $2::ltree and kind = 'micro_grid') as "microGrids",
         (select count(*)::int from membership where node_path <@ $2::ltree and status = 'active') as "activeMembers",
         (select count(*)::int from membership where node_path <@ $2::ltree and status = 'pending') as "pendingMembers"`,
      [id, path],
    );
    return rows[0]!;
  }

  /** Children the caller may see: all of them for staff above, else only those on the caller's own branch. */
  async findVisibleChildren(parentId: string, v: Visibility, limit: number, after?: { name: string; id: string }): Promise<NodeRow[]> {
    return this.db.query(
      `select ${NODE_COLUMNS} from grid_node n
        where n.parent_id = $1
          and (n.path <@ any($2::ltree[]) or n.path @> any($3::ltree[]))
          and ($4::text is null or (n.name, n.id) > ($4::text, $5::uuid))
        order by n.name, n.id
        limit $6`,
      [parentId, v.staffPaths, v.memberPaths, after?.name ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** The node's own settings and what applies after inheritance (null: the server default). */
  async findSettings(id: string, db: DataSource | EntityManager = this.db): Promise<NodeSettingsRow | undefined> {
    const inherited = (col: string) =>
      `(select a.${col} from grid_node a where a.path @> n.path and a.${col} is not null order by a.depth desc limit 1)`;
    const rows: NodeSettingsRow[] = await db.query(
      `select n.check_request_escalate_minutes as own, ${inherited('check_request_escalate_minutes')} as inherited,
              n.report_accept_hours as "ownAcceptHours", ${inherited('report_accept_hours')} as "acceptHours",
              n.report_resolve_days as "ownResolveDays", ${inherited('report_resolve_days')} as "resolveDays"
         from grid_node n where n.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Writes the given settings; a key left undefined stays as it is. */
  async updateSettings(id: string, s: { escalateMinutes: number | null; acceptHours?: number | null; resolveDays?: number | null }): Promise<void> {
    await this.db.query(
      `update grid_node set check_request_escalate_minutes = $2,
              report_accept_hours = case when $3 then $4::int else report_accept_hours end,
              report_resolve_days = case when $5 then $6::int else report_resolve_days end
        where id = $1`,
      [id, s.escalateMinutes, s.acceptHours !== undefined, s.acceptHours ?? null, s.resolveDays !== undefined, s.resolveDays ?? null],
    );
  }

  async insertChild(parentId: string, name: string, kind: NodeKind): Promise<NodeRow | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `insert into grid_node (parent_id, name, kind) values ($1, $2, $3) on conflict (parent_id, name) do nothing returning id`,
      [parentId, name, kind],
    );
    return rows[0] ? this.findById(rows[0].id) : undefined;
  }
}

export interface NodeSettingsRow {
  own: number | null;
  inherited: number | null;
  ownAcceptHours: number | null;
  acceptHours: number | null;
  ownResolveDays: number | null;
  resolveDays: number | null;
}
