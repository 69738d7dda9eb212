import type { MembershipDto, MembershipStatus, Page, RejectMembershipRequest } from '@linli/shared'
import { http, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

export function listMembers(
  gridId: string,
  status: MembershipStatus,
  cursor?: string | null,
  options?: CallOptions,
): Promise<Page<MembershipDto>> {
  return http.get<Page<MembershipDto>>(`/grids/${gridId}/members`, { ...options, query: { status, cursor, limit: 20 } })
}

export function approveMembership(id: string, options?: CallOptions): Promise<MembershipDto> {
  return http.post<MembershipDto>(`/memberships/${id}/approve`, undefined, options)
}

export function rejectMembership(id: string, body: RejectMembershipRequest, options?: CallOptions): Promise<MembershipDto> {
  return http.post<MembershipDto>(`/memberships/${id}/reject`, body, options)
}
