import type { CreateNoticeRequest, NoticeDto, NoticeReceipts, NoticeSummary, Page, RemindResponse } from '@linli/shared'
import { http, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

/** My feed: notices addressed to my grids or any grid above them, newest first. */
export function listNotices(cursor?: string | null, options?: CallOptions): Promise<Page<NoticeSummary>> {
  return http.get<Page<NoticeSummary>>('/notices', { ...options, query: { cursor, limit: 20 } })
}

/** Opening a notice marks it read. */
export function openNotice(id: string, options?: CallOptions): Promise<NoticeDto> {
  return http.get<NoticeDto>(`/notices/${id}`, options)
}

export function confirmNotice(id: string, options?: CallOptions): Promise<NoticeDto> {
  return http.post<NoticeDto>(`/notices/${id}/confirm`, undefined, options)
}

export function publishNotice(gridId: string, body: CreateNoticeRequest, options?: CallOptions): Promise<NoticeDto> {
  return http.post<NoticeDto>(`/grids/${gridId}/notices`, body, options)
}

export function getReceipts(id: string, nodeId?: string, options?: CallOptions): Promise<NoticeReceipts> {
  return http.get<NoticeReceipts>(`/notices/${id}/receipts`, { ...options, query: { nodeId } })
}

export function remindNotice(id: string, nodeId?: string, options?: CallOptions): Promise<RemindResponse> {
  return http.post<RemindResponse>(`/notices/${id}/remind`, undefined, { ...options, query: { nodeId } })
}
