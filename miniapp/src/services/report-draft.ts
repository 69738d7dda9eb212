import type { CreateReportRequest, PhotoDto, ReportCategory } from '@linli/shared'
import { uuidv4 } from '../utils/uuid'

/**
 * The new-report form as pure logic (no Taro, no network; tested in report-draft.spec.ts):
 * the draft kept in storage until the report is sent, and the photo slots of the uploader.
 *
 * Nothing typed is lost on a bad connection: every change of the form is saved as a draft
 * (text, choices, and the ids of photos already uploaded), and the draft goes away only when
 * the server has taken the report. Photos still on the phone are not kept: a temporary file
 * path does not survive a restart, and only what the server holds can be sent.
 */

export const MAX_PHOTOS = 9
export const DESCRIPTION_MAX = 500
export const LOCATION_MAX = 100

/** An uploaded photo as the form keeps it (the URLs are signed and may expire: the id is what counts). */
export interface DraftPhoto {
  id: string
  url: string
  thumbUrl: string
}

export interface ReportDraft {
  /** Whose draft it is: another login on the same phone starts empty. */
  userId: string
  /** Made when the draft starts: a resend after a lost answer is the same report, not a second one. */
  clientId: string
  gridId?: string
  category?: ReportCategory
  description: string
  locationText: string
  latitude?: number
  longitude?: number
  anonymous: boolean
  photos: DraftPhoto[]
}

export function emptyDraft(userId: string, clientId: string = uuidv4()): ReportDraft {
  return { userId, clientId, description: '', locationText: '', anonymous: false, photos: [] }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

const CATEGORIES: readonly string[] = ['rubbish', 'environment', 'facility', 'hazard', 'uncivil', 'dispute', 'other']

function str(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : ''
}

function finite(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : undefined
}

/** A stored draft, checked field by field (storage may hold anything); null when it is not this user's. */
export function parseDraft(raw: unknown, userId: string): ReportDraft | null {
  if (typeof raw !== 'object' || raw === null) return null
  const d = raw as Record<string, unknown>
  if (d.userId !== userId) return null
  const photos: DraftPhoto[] = []
  if (Array.isArray(d.photos)) {
    for (const p of d.photos as unknown[]) {
      if (typeof p !== 'object' || p === null) continue
      const { id, url, thumbUrl } = p as Record<string, unknown>
      if (typeof id === 'string' && id && !photos.some((x) => x.id === id)) {
        photos.push({ id, url: typeof url === 'string' ? url : '', thumbUrl: typeof thumbUrl === 'string' ? thumbUrl : '' })
      }
    }
  }
  const latitude = finite(d.latitude, -90, 90)
  const longitude = finite(d.longitude, -180, 180)
  return {
    userId,
    clientId: typeof d.clientId === 'string' && UUID.test(d.clientId) ? d.clientId : uuidv4(),
    gridId: typeof d.gridId === 'string' && d.gridId ? d.gridId : undefined,
    category: typeof d.category === 'string' && CATEGORIES.includes(d.category) ? (d.category as ReportCategory) : undefined,
    description: str(d.description, DESCRIPTION_MAX),
    locationText: str(d.locationText, LOCATION_MAX),
    // A point is kept only whole.
    latitude: latitude !== undefined && longitude !== undefined ? latitude : undefined,
    longitude: latitude !== undefined && longitude !== undefined ? longitude : undefined,
    anonymous: d.anonymous === true,
    photos: photos.slice(0, MAX_PHOTOS),
  }
}

/** Nothing worth keeping (or worth a "continue where you left off?"). */
export function isDraftEmpty(d: ReportDraft): boolean {
  return !d.category && d.description.trim() === '' && d.locationText.trim() === '' && d.latitude === undefined && d.photos.length === 0
}

/**
 * The request body. The grid is sent when chosen, or when the person belongs to exactly one
 * (the server would pick it anyway); with several and none chosen the server answers
 * REPORT_GRID_REQUIRED, which the form shows at the grid picker.
 */
export function toCreateRequest(d: ReportDraft, gridIds: readonly string[]): CreateReportRequest {
  const gridId = d.gridId && gridIds.includes(d.gridId) ? d.gridId : gridIds.length === 1 ? gridIds[0] : undefined
  const text = d.locationText.trim()
  const hasPoint = d.latitude !== undefined && d.longitude !== undefined
  const location = text || hasPoint ? { ...(text ? { text } : {}), ...(hasPoint ? { latitude: d.latitude, longitude: d.longitude } : {}) } : undefined
  return {
    ...(gridId ? { gridId } : {}),
    // The schema refuses a missing category with its Chinese message; the cast lets it get there.
    category: d.category as ReportCategory,
    description: d.description.trim(),
    photoIds: d.photos.map((p) => p.id),
    ...(location ? { location } : {}),
    anonymous: d.anonymous,
    clientId: d.clientId,
  }
}

/* ---------- photo slots of the uploader ---------- */

/** One photo in the uploader: on its way up, up (with the server's id), or failed (with a retry). */
export interface PhotoSlot {
  /** Stable key for React and for the upload callbacks. */
  key: string
  /** The file on the phone (a temp path or a blob: URL); absent for photos restored from a draft. */
  localPath?: string
  state: 'uploading' | 'done' | 'failed'
  /** 0–100 while uploading. */
  progress: number
  photo?: DraftPhoto
  /** Why the upload failed, in Chinese. */
  error?: string
}

export function slotsFromPhotos(photos: readonly DraftPhoto[]): PhotoSlot[] {
  return photos.map((photo) => ({ key: `p:${photo.id}`, state: 'done', progress: 100, photo }))
}

/** Room left for more photos. */
export function roomLeft(slots: readonly PhotoSlot[], max = MAX_PHOTOS): number {
  return Math.max(0, max - slots.length)
}

/** New slots for picked files, as many as fit; `makeKey` gives each a unique key. */
export function addPicked(slots: readonly PhotoSlot[], paths: readonly string[], makeKey: () => string, max = MAX_PHOTOS): { slots: PhotoSlot[]; added: PhotoSlot[]; dropped: number } {
  const fit = paths.slice(0, roomLeft(slots, max))
  const added: PhotoSlot[] = fit.map((localPath) => ({ key: makeKey(), localPath, state: 'uploading', progress: 0 }))
  return { slots: [...slots, ...added], added, dropped: paths.length - fit.length }
}

export function setProgress(slots: readonly PhotoSlot[], key: string, progress: number): PhotoSlot[] {
  return slots.map((s) => (s.key === key && s.state === 'uploading' ? { ...s, progress: Math.max(s.progress, Math.min(99, Math.round(progress))) } : s))
}

export function setUploaded(slots: readonly PhotoSlot[], key: string, photo: PhotoDto | DraftPhoto): PhotoSlot[] {
  return slots.map((s) =>
    s.key === key ? { ...s, state: 'done', progress: 100, error: undefined, photo: { id: photo.id, url: photo.url, thumbUrl: photo.thumbUrl } } : s,
  )
}

export function setFailed(slots: readonly PhotoSlot[], key: string, error: string): PhotoSlot[] {
  return slots.map((s) => (s.key === key ? { ...s, state: 'failed', progress: 0, error } : s))
}

/** A failed slot goes back to uploading (the caller starts the upload again). */
export function setRetrying(slots: readonly PhotoSlot[], key: string): PhotoSlot[] {
  return slots.map((s) => (s.key === key && s.state === 'failed' ? { ...s, state: 'uploading', progress: 0, error: undefined } : s))
}

export function removeSlot(slots: readonly PhotoSlot[], key: string): PhotoSlot[] {
  return slots.filter((s) => s.key !== key)
}

/** The photos the server holds, in the order shown. */
export function uploadedPhotos(slots: readonly PhotoSlot[]): DraftPhoto[] {
  return slots.filter((s) => s.state === 'done' && s.photo).map((s) => s.photo!)
}

export function countSlots(slots: readonly PhotoSlot[]): { uploading: number; failed: number; done: number } {
  return {
    uploading: slots.filter((s) => s.state === 'uploading').length,
    failed: slots.filter((s) => s.state === 'failed').length,
    done: slots.filter((s) => s.state === 'done').length,
  }
}

/* ---------- server errors next to their fields ---------- */

/** The form's fields, as the page names them. */
export type ReportField = 'gridId' | 'category' | 'description' | 'photoIds' | 'location' | 'anonymous' | 'note' | 'responsibleParty' | 'form'

/**
 * Where an error of the server belongs: VALIDATION_FAILED paths (`location.text`,
 * `photoIds.3`), CONTENT_REJECTED's `details.field`, or a code that names one field.
 */
export function fieldOf(path: string): ReportField {
  const head = path.split('.')[0] ?? ''
  if (head === 'gridId' || head === 'category' || head === 'description' || head === 'photoIds' || head === 'anonymous' || head === 'note' || head === 'responsibleParty') return head
  if (head === 'location' || head === 'locationText') return 'location'
  if (head === 'photos' || head === 'photo' || head === 'file') return 'photoIds'
  return 'form'
}

/** An error answer (an ApiError-like `{code, message, details}`) as messages per field. */
export function fieldErrorsOf(err: unknown): Partial<Record<ReportField, string>> {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown; details?: unknown }
  const message = typeof e.message === 'string' ? e.message : ''
  const out: Partial<Record<ReportField, string>> = {}
  if (e.code === 'VALIDATION_FAILED' && Array.isArray(e.details)) {
    for (const item of e.details as unknown[]) {
      if (typeof item !== 'object' || item === null) continue
      const { path, message: m } = item as { path?: unknown; message?: unknown }
      const key = fieldOf(Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '')
      // Only Chinese messages are for people (zod's own English ones are not).
      if (typeof m === 'string' && /[\u4e00-\u9fff]/.test(m) && !(key in out)) out[key] = m
    }
    if (Object.keys(out).length > 0) return out
  }
  if (e.code === 'CONTENT_REJECTED') {
    const field = (e.details as { field?: unknown } | undefined)?.field
    out[typeof field === 'string' ? fieldOf(field) : 'form'] = message
    return out
  }
  if (e.code === 'REPORT_GRID_REQUIRED') return { gridId: message }
  if (message) out.form = message
  return out
}
