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

  /** The node's own escalation time and the one that applies after inheritance (null: the server default). */
  async findSettings(id: string, db: DataSource | EntityManager = this.db): Promise<{ own: number | null; inherited: number | null } | undefined> {
    const rows: { own: number | null; inherited: number | null }[] = await db.query(
      `select n.check_request_escalate_minutes as own,
              (select a.check_request_escalate_minutes from grid_node a
                where a.path @> n.path and a.check_request_escalate_minutes is not null order by a.depth desc limit 1) as inherited
         from grid_node n where n.id = $1`,
      [id],
    );
    return rows[0];
  }

  async updateSettings(id: string, escalateMinutes: number | null): Promise<void> {
    await this.db.query(`update grid_node set check_request_escalate_minutes = $2 where id = $1`, [id, escalateMinutes]);
  }

  async insertChild(parentId: string, name: string, kind: NodeKind): Promise<NodeRow | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `insert into grid_node (parent_id, name, kind) values ($1, $2, $3) on conflict (parent_id, name) do nothing returning id`,
      [parentId, name, kind],
    );
    return rows[0] ? this.findById(rows[0].id) : undefined;
  }
}
