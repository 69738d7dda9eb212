import type { GridStats } from '@linli/shared'
import { http, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

/** The dashboard numbers of a node's subtree and of each child node, worst first. */
export function getStats(gridId: string, options?: CallOptions): Promise<GridStats> {
  return http.get<GridStats>(`/grids/${gridId}/stats`, options)
}
