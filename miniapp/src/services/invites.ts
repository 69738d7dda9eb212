import type { CreateInviteRequest, InviteDto, InvitePreview, JoinRequest, JoinResponse, Page } from '@linli/shared'
import { apiUrl, http, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

const enc = encodeURIComponent

/** Public: what the invite is for (grid, path, role). Works before logging in. */
export function previewInvite(token: string, options?: CallOptions): Promise<InvitePreview> {
  return http.get<InvitePreview>(`/invites/${enc(token)}`, { ...options, auth: false })
}

export function joinInvite(token: string, body: JoinRequest, options?: CallOptions): Promise<JoinResponse> {
  return http.post<JoinResponse>(`/invites/${enc(token)}/join`, body, options)
}

export function createInvite(gridId: string, body: CreateInviteRequest, options?: CallOptions): Promise<InviteDto> {
  return http.post<InviteDto>(`/grids/${gridId}/invites`, body, options)
}

export function listInvites(gridId: string, cursor?: string | null, options?: CallOptions): Promise<Page<InviteDto>> {
  return http.get<Page<InviteDto>>(`/grids/${gridId}/invites`, { ...options, query: { cursor, limit: 20 } })
}

export function revokeInvite(id: string, options?: CallOptions): Promise<{ ok: true }> {
  return http.delete<{ ok: true }>(`/invites/${id}`, options)
}

/** The code to scan (a mini-program code on WeChat, a QR code of the H5 link otherwise). Public. */
export function inviteQrUrl(token: string): string {
  return apiUrl(`/invites/${enc(token)}/qr.png`)
}

/** The A4 poster for the stairwell. Public. */
export function invitePosterUrl(token: string): string {
  return apiUrl(`/invites/${enc(token)}/poster.pdf`)
}
