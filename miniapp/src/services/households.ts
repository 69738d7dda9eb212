import type {
  CreateHouseholdRequest,
  CreatePersonRequest,
  HouseholdDetail,
  HouseholdSummary,
  Page,
  PersonDto,
  PersonTag,
  RevealRequest,
  UpdatePersonRequest,
} from '@linli/shared'
import { apiUrl, http, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

export interface HouseholdFilter {
  q?: string
  tag?: PersonTag
}

export function listHouseholds(
  gridId: string,
  filter: HouseholdFilter,
  cursor?: string | null,
  options?: CallOptions,
): Promise<Page<HouseholdSummary>> {
  return http.get<Page<HouseholdSummary>>(`/grids/${gridId}/households`, {
    ...options,
    query: { q: filter.q, tag: filter.tag, cursor, limit: 20 },
  })
}

/** The body is the *input* of the schema: occupancy may be left to its default. */
export function createHousehold(
  gridId: string,
  body: Partial<CreateHouseholdRequest> & Pick<CreateHouseholdRequest, 'room'>,
  options?: CallOptions,
): Promise<HouseholdSummary> {
  return http.post<HouseholdSummary>(`/grids/${gridId}/households`, body, options)
}

/** Staff: any household in their subtree; a resident: their own. */
export function getHousehold(id: string, options?: CallOptions): Promise<HouseholdDetail> {
  return http.get<HouseholdDetail>(`/households/${id}`, options)
}

export function addPerson(householdId: string, body: CreatePersonRequest, options?: CallOptions): Promise<PersonDto> {
  return http.post<PersonDto>(`/households/${householdId}/persons`, body, options)
}

export function getPerson(id: string, options?: CallOptions): Promise<PersonDto> {
  return http.get<PersonDto>(`/persons/${id}`, options)
}

export function updatePerson(id: string, body: UpdatePersonRequest, options?: CallOptions): Promise<PersonDto> {
  return http.patch<PersonDto>(`/persons/${id}`, body, options)
}

/** The full phone or ID number; the server writes who looked, at whose, why and when. */
export function revealPerson(id: string, body: RevealRequest, options?: CallOptions): Promise<{ value: string }> {
  return http.post<{ value: string }>(`/persons/${id}/reveal`, body, options)
}

/** Needs the bearer token (staff only): opened through the platform's file helper, not a plain link. */
export function importTemplateUrl(gridId: string): string {
  return apiUrl(`/grids/${gridId}/households/import-template.xlsx`)
}

export function importUrl(gridId: string): string {
  return apiUrl(`/grids/${gridId}/households/import`)
}
