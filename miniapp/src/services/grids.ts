import type { GridDetail } from '@linli/shared'
import { http, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

/** A node with its ancestors, counts (pending members…) and whether the caller manages it. */
export function getGrid(id: string, options?: CallOptions): Promise<GridDetail> {
  return http.get<GridDetail>(`/grids/${id}`, options)
}
