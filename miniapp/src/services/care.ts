import type {
  CareListItem,
  CarePlanDto,
  CarePlanRequest,
  CheckInResponse,
  CheckRequestDto,
  CheckRequestStatus,
  CreateVisitRequest,
  FamilySettings,
  NotificationsPage,
  Page,
  VisitDto,
} from '@linli/shared'
import { http, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

/** Everyone under care in a grid's subtree, most overdue first (a volunteer: the people assigned). */
export function listCare(gridId: string, cursor?: string | null, options?: CallOptions): Promise<Page<CareListItem>> {
  return http.get<Page<CareListItem>>(`/grids/${gridId}/care`, { ...options, query: { cursor, limit: 20 } })
}

export function getCarePlan(personId: string, options?: CallOptions): Promise<CarePlanDto> {
  return http.get<CarePlanDto>(`/persons/${personId}/care-plan`, options)
}

export function setCarePlan(personId: string, body: CarePlanRequest, options?: CallOptions): Promise<CarePlanDto> {
  return http.put<CarePlanDto>(`/persons/${personId}/care-plan`, body, options)
}

export function listVisits(personId: string, cursor?: string | null, options?: CallOptions): Promise<Page<VisitDto>> {
  return http.get<Page<VisitDto>>(`/persons/${personId}/visits`, { ...options, query: { cursor, limit: 20 } })
}

/** Idempotent on `body.id`: 201 the first time, 200 on a retry of the same visit. */
export function createVisit(body: CreateVisitRequest, options?: CallOptions): Promise<VisitDto> {
  return http.post<VisitDto>('/visits', body, options)
}

/** A family member's own setting: an all-clear when the person taps "我很好". */
export function getFamilySettings(personId: string, options?: CallOptions): Promise<FamilySettings> {
  return http.get<FamilySettings>(`/persons/${personId}/family-settings`, options)
}

export function setFamilySettings(personId: string, body: FamilySettings, options?: CallOptions): Promise<FamilySettings> {
  return http.put<FamilySettings>(`/persons/${personId}/family-settings`, body, options)
}

/** The elder's own "我很好", or family confirming by phone. */
export function checkIn(personId: string, note?: string, options?: CallOptions): Promise<CheckInResponse> {
  return http.post<CheckInResponse>(`/persons/${personId}/check-ins`, note ? { note } : {}, options)
}

export function createCheckRequest(personId: string, message: string, options?: CallOptions): Promise<CheckRequestDto> {
  return http.post<CheckRequestDto>(`/persons/${personId}/check-requests`, { message }, options)
}

export function listCheckRequests(
  status: CheckRequestStatus | undefined,
  cursor?: string | null,
  options?: CallOptions,
): Promise<Page<CheckRequestDto>> {
  return http.get<Page<CheckRequestDto>>('/check-requests', { ...options, query: { status, cursor, limit: 20 } })
}

export function getCheckRequest(id: string, options?: CallOptions): Promise<CheckRequestDto> {
  return http.get<CheckRequestDto>(`/check-requests/${id}`, options)
}

export function acknowledgeCheckRequest(id: string, options?: CallOptions): Promise<CheckRequestDto> {
  return http.post<CheckRequestDto>(`/check-requests/${id}/acknowledge`, undefined, options)
}

export function listNotifications(cursor?: string | null, options?: CallOptions): Promise<NotificationsPage> {
  return http.get<NotificationsPage>('/notifications', { ...options, query: { cursor, limit: 20 } })
}

export function markNotificationRead(id: string, options?: CallOptions): Promise<void> {
  return http.post<void>(`/notifications/${id}/read`, undefined, options)
}
