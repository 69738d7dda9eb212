import type {
  CreatePropertyRequest,
  CreatePropertyResponse,
  CreateTenancyRequest,
  Page,
  PropertyDto,
  RosterItem,
  TenancyDto,
  TenancyFlag,
  TenancyStatus,
} from '@linli/shared'
import { apiUrl, http, type QueryValue, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

/** Tenant registration (capability 7): a landlord's houses and tenants, and the community's roster. */

export function listProperties(options?: CallOptions): Promise<{ items: PropertyDto[] }> {
  return http.get<{ items: PropertyDto[] }>('/properties', options)
}

export function createProperty(body: CreatePropertyRequest, options?: CallOptions): Promise<CreatePropertyResponse> {
  return http.post<CreatePropertyResponse>('/properties', body, options)
}

export function listTenancies(propertyId: string, options?: CallOptions): Promise<Page<TenancyDto>> {
  return http.get<Page<TenancyDto>>(`/properties/${propertyId}/tenancies`, { ...options, query: { limit: 100 } })
}

/** The landlord registers a tenant; the house's tenant registers themself (waits for the landlord). */
export function registerTenancy(propertyId: string, body: CreateTenancyRequest, options?: CallOptions): Promise<TenancyDto> {
  return http.post<TenancyDto>(`/properties/${propertyId}/tenancies`, body, options)
}

export function confirmTenancy(id: string, options?: CallOptions): Promise<TenancyDto> {
  return http.post<TenancyDto>(`/tenancies/${id}/confirm`, undefined, options)
}

export function verifyTenancy(id: string, options?: CallOptions): Promise<TenancyDto> {
  return http.post<TenancyDto>(`/tenancies/${id}/verify`, undefined, options)
}

export function moveOut(id: string, date: string, options?: CallOptions): Promise<TenancyDto> {
  return http.post<TenancyDto>(`/tenancies/${id}/move-out`, { date }, options)
}

export interface RosterFilter {
  status?: TenancyStatus
  flag?: TenancyFlag
}

export function listRoster(gridId: string, filter: RosterFilter, cursor?: string | null, options?: CallOptions): Promise<Page<RosterItem>> {
  return http.get<Page<RosterItem>>(`/grids/${gridId}/tenancies`, { ...options, query: { status: filter.status, flag: filter.flag, cursor, limit: 20 } })
}

/** Needs the bearer token: opened through the platform's file helper (H5 saves it, WeChat opens it). */
export function rosterExportUrl(gridId: string, filter: RosterFilter): string {
  const query: Record<string, QueryValue> = { status: filter.status, flag: filter.flag }
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')
  return apiUrl(`/grids/${gridId}/tenancies.xlsx${qs ? `?${qs}` : ''}`)
}
