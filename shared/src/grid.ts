import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { CREATABLE_CHILD_KINDS, NodeKind } from './roles.js';

export const GridNodeRef = z.object({ id: Id, name: z.string(), kind: NodeKind });
export type GridNodeRef = z.infer<typeof GridNodeRef>;

export const GridNodeDto = GridNodeRef.extend({
  parentId: Id.nullable(),
  districtId: Id,
  depth: z.number().int(),
  childCount: z.number().int(),
  createdAt: Timestamp,
});
export type GridNodeDto = z.infer<typeof GridNodeDto>;

export const GridCounts = z.object({
  children: z.number().int(),
  microGrids: z.number().int(),
  activeMembers: z.number().int(),
  pendingMembers: z.number().int(),
});
export type GridCounts = z.infer<typeof GridCounts>;

export const GridDetail = z.object({
  node: GridNodeDto,
  /** From the root down to the parent. */
  ancestors: z.array(GridNodeRef),
  counts: GridCounts,
  /** Whether the caller may manage this node (staff of it). */
  canManage: z.boolean(),
});
export type GridDetail = z.infer<typeof GridDetail>;

export const CreateChildRequest = z.object({
  name: z.string().trim().min(1, '请填写名称').max(60, '名称最多 60 个字'),
  kind: z.enum(CREATABLE_CHILD_KINDS, { error: '请选择网格类型' }),
});
export type CreateChildRequest = z.infer<typeof CreateChildRequest>;

/** A path shown to people: 江南街道 › 兴学社区 › 第三平安小区西29栋. The district is left out unless it is all there is. */
export function formatGridPath(nodes: readonly { name: string; kind: NodeKind }[]): string {
  const shown = nodes.length > 1 && nodes[0]?.kind === 'district' ? nodes.slice(1) : nodes;
  return shown.map((n) => n.name).join(' › ');
}

/** Per-node settings; `null` inherits from the node above (and at the root, the server's default). */
export const GridSettingsRequest = z.object({
  checkRequestEscalateMinutes: z.number().int().min(5, '至少 5 分钟').max(24 * 60, '最长 24 小时').nullable(),
  /** Reports: accept within this many hours (absent: unchanged; null: inherit). */
  reportAcceptHours: z.number().int().min(1, '至少 1 小时').max(7 * 24, '最长 7 天').nullable().optional(),
  /** Reports: resolve within this many days of being reported. */
  reportResolveDays: z.number().int().min(1, '至少 1 天').max(90, '最长 90 天').nullable().optional(),
});
export type GridSettingsRequest = z.infer<typeof GridSettingsRequest>;

export const GridSettingsDto = z.object({
  /** What is set on this node itself. */
  own: GridSettingsRequest,
  /** What applies here, after inheritance. */
  effective: z.object({ checkRequestEscalateMinutes: z.number().int(), reportAcceptHours: z.number().int(), reportResolveDays: z.number().int() }),
});
export type GridSettingsDto = z.infer<typeof GridSettingsDto>;
