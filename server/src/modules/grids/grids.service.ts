import { Inject, Injectable } from '@nestjs/common';
import { canBeChildOf, type CreateChildRequest, type GridDetail, type GridNodeDto, type GridSettingsDto, type GridSettingsRequest, type Page } from '@linli/shared';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { z } from 'zod';
import { GridsRepository, type NodeRow } from './grids.repository.js';

const ChildCursor = z.object({ name: z.string(), id: z.uuid() });

export function toNodeDto(n: NodeRow): GridNodeDto {
  return {
    id: n.id,
    name: n.name,
    kind: n.kind,
    parentId: n.parent_id,
    districtId: n.district_id,
    depth: n.depth,
    childCount: n.child_count,
    createdAt: n.created_at.toISOString(),
  };
}

@Injectable()
export class GridsService {
  constructor(
    private readonly grids: GridsRepository,
    private readonly scope: ScopePolicy,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'checkRequestEscalateMinutes' | 'reports'>,
  ) {}

  async get(auth: AuthContext, id: string): Promise<GridDetail> {
    const node = await this.grids.findById(id);
    if (!node) throw new AppError('NOT_FOUND');
    await this.scope.require(auth, 'grid.read', node);
    const [ancestors, counts, canManage] = await Promise.all([
      this.grids.findAncestors(node.path),
      this.grids.countSubtree(node.id, node.path),
      this.scope.can(auth, 'members.read', node),
    ]);
    return { node: toNodeDto(node), ancestors, counts, canManage };
  }

  async children(auth: AuthContext, id: string, query: { cursor?: string; limit: number }): Promise<Page<GridNodeDto>> {
    await this.scope.requireNode(auth, 'grid.read', id);
    const visibility = await this.scope.visibility(auth, 'grid.read');
    const rows = await this.grids.findVisibleChildren(id, visibility, query.limit, decodeCursor(query.cursor, ChildCursor));
    return toPage(rows, query.limit, toNodeDto, (r) => ({ name: r.name, id: r.id }));
  }

  async settings(auth: AuthContext, id: string): Promise<GridSettingsDto> {
    await this.scope.requireNode(auth, 'grid.settings', id);
    const s = (await this.grids.findSettings(id))!;
    return {
      own: { checkRequestEscalateMinutes: s.own, reportAcceptHours: s.ownAcceptHours, reportResolveDays: s.ownResolveDays },
      effective: {
        checkRequestEscalateMinutes: s.inherited ?? this.config.checkRequestEscalateMinutes,
        reportAcceptHours: s.acceptHours ?? this.config.reports.acceptHours,
        reportResolveDays: s.resolveDays ?? this.config.reports.resolveDays,
      },
    };
  }

  async updateSettings(auth: AuthContext, id: string, body: GridSettingsRequest): Promise<GridSettingsDto> {
    await this.scope.requireNode(auth, 'grid.settings', id);
    await this.grids.updateSettings(id, { escalateMinutes: body.checkRequestEscalateMinutes, acceptHours: body.reportAcceptHours, resolveDays: body.reportResolveDays });
    return this.settings(auth, id);
  }

  async createChild(auth: AuthContext, parentId: string, body: CreateChildRequest): Promise<GridNodeDto> {
    const parent = await this.scope.requireNode(auth, 'grid.create_child', parentId);
    if (!canBeChildOf(body.kind, parent.kind)) {
      throw new AppError('INVALID_CHILD_KIND', undefined, { parentKind: parent.kind, kind: body.kind });
    }
    const created = await this.grids.insertChild(parentId, body.name, body.kind);
    if (!created) throw new AppError('DUPLICATE_NODE_NAME', `「${body.name}」已存在，请换一个名称`);
    return toNodeDto(created);
  }
}
