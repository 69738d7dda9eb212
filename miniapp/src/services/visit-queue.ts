import type { CreateVisitRequest } from '@linli/shared'

/**
 * The offline queue of visits, as pure logic (no Taro, no network): the wiring to storage,
 * the HTTP client and the app's events lives in `visit-sync.ts`.
 *
 * A visit gets its uuid when the form opens and is saved here BEFORE it is sent. It leaves
 * the queue only when the server answers 201/200 (a retry of the same id and body answers
 * 200, so sending twice is harmless). Network failures, timeouts, 401, 429 and 5xx leave it
 * pending; any other answer (409 VISIT_CONFLICT, 400, 403, 404) sets it aside as `failed`
 * with the server's reason, shown as 未能提交 until the carer removes it.
 */
/**
 * A photo of a queued visit: kept on the phone under `key` until it is uploaded. The visit is
 * sent only when each photo is uploaded or known lost, so every send carries the same photo ids
 * (a changed body would be a 409 on a retry).
 */
export interface QueuedPhoto {
  key: string
  uploadId?: string
  lost?: boolean
}

export interface QueuedVisit {
  body: CreateVisitRequest
  photos?: QueuedPhoto[]
  /** Shown in the queue list (the person's name). */
  personName: string
  /** Whose visit it is: only that user's token sends it. */
  userId: string
  savedAt: string
  state: 'pending' | 'failed'
  attempts: number
  error?: { code: string; message: string }
}

/** How a send ended, as the sync loop sees it. */
export type SendResult = { kind: 'sent' } | { kind: 'retry' } | { kind: 'rejected'; code: string; message: string }

/** Sort a failure of the HTTP client (an ApiError-like `{status, code, message}`) into retry or rejected. */
export function classifyFailure(err: unknown): SendResult {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { status?: unknown; code?: unknown; message?: unknown }
  const status = typeof e.status === 'number' ? e.status : 0
  // 0: no answer (offline, timeout); 401: log in again, then it goes; 408/429/5xx: try later.
  if (status === 0 || status === 401 || status === 408 || status === 429 || status >= 500) return { kind: 'retry' }
  return {
    kind: 'rejected',
    code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
    message: typeof e.message === 'string' && e.message ? e.message : '服务器没有接受这条记录',
  }
}

/** What is sent: the form's body with the ids of the photos uploaded so far (all of them, by then). */
export function visitBody(entry: QueuedVisit): CreateVisitRequest {
  const ids = (entry.photos ?? []).flatMap((p) => (p.uploadId ? [p.uploadId] : []))
  return ids.length > 0 ? { ...entry.body, photoIds: ids } : entry.body
}

/** Photos still to upload before the visit can go. */
export function unsettledPhotos(entry: QueuedVisit): QueuedPhoto[] {
  return (entry.photos ?? []).filter((p) => !p.uploadId && !p.lost)
}

export type PhotoResult = { kind: 'uploaded'; id: string } | { kind: 'retry' } | { kind: 'lost' }

/** The queue after one photo upload ended. */
export function settlePhoto(queue: readonly QueuedVisit[], visitId: string, key: string, result: PhotoResult): QueuedVisit[] {
  if (result.kind === 'retry') return [...queue]
  return queue.map((q) =>
    q.body.id !== visitId
      ? q
      : { ...q, photos: (q.photos ?? []).map((p) => (p.key !== key ? p : result.kind === 'uploaded' ? { ...p, uploadId: result.id } : { ...p, lost: true })) },
  )
}

/** Sort a failed photo upload: no network → later; the file gone or refused → the visit goes without it. */
export function classifyPhotoFailure(err: unknown): PhotoResult {
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'PHOTO_LOST') return { kind: 'lost' }
  return classifyFailure(err).kind === 'retry' ? { kind: 'retry' } : { kind: 'lost' }
}

/** Add a visit (a second add of the same id replaces it: the form only ever saves once). */
export function addVisit(queue: readonly QueuedVisit[], entry: QueuedVisit): QueuedVisit[] {
  return [...queue.filter((q) => q.body.id !== entry.body.id), entry]
}

/** The queue after one send ended. */
export function settleVisit(queue: readonly QueuedVisit[], id: string, result: SendResult): QueuedVisit[] {
  if (result.kind === 'sent') return queue.filter((q) => q.body.id !== id)
  return queue.map((q) => {
    if (q.body.id !== id) return q
    if (result.kind === 'retry') return { ...q, attempts: q.attempts + 1 }
    return { ...q, attempts: q.attempts + 1, state: 'failed', error: { code: result.code, message: result.message } }
  })
}

export function removeVisit(queue: readonly QueuedVisit[], id: string): QueuedVisit[] {
  return queue.filter((q) => q.body.id !== id)
}

/** What a sync should send now, oldest first: this user's pending visits. */
export function sendable(queue: readonly QueuedVisit[], userId: string | null): QueuedVisit[] {
  if (!userId) return []
  return queue.filter((q) => q.state === 'pending' && q.userId === userId)
}

/** Read what storage gave back, dropping anything that is not a queued visit. */
export function parseQueue(raw: unknown): QueuedVisit[] {
  if (!Array.isArray(raw)) return []
  const visits = raw.filter(
    (q): q is QueuedVisit =>
      typeof q === 'object' &&
      q !== null &&
      typeof (q as QueuedVisit).body?.id === 'string' &&
      typeof (q as QueuedVisit).userId === 'string' &&
      ((q as QueuedVisit).state === 'pending' || (q as QueuedVisit).state === 'failed'),
  )
  // photos that do not look right are dropped, not the visit
  return visits.map((q) => {
    const photos = Array.isArray(q.photos) ? q.photos.filter((p) => typeof p === 'object' && p !== null && typeof p.key === 'string') : undefined
    return photos && photos.length > 0 ? { ...q, photos } : { ...q, photos: undefined }
  })
}

/**
 * Send the sendable visits one by one. `send` throws the HTTP client's error on failure.
 * Stops at the first "retry" (the network is down: the rest would fail the same way).
 * `save` is called after every change, so a crash mid-sync loses nothing.
 */
export async function syncVisits(
  read: () => QueuedVisit[],
  save: (queue: QueuedVisit[]) => void,
  userId: string | null,
  send: (body: CreateVisitRequest) => Promise<unknown>,
  upload: (photoKey: string) => Promise<string> = () => Promise.reject({ code: 'PHOTO_LOST' }),
): Promise<{ sent: number; rejected: number; stopped: boolean }> {
  let sent = 0
  let rejected = 0
  for (const queued of sendable(read(), userId)) {
    // photos first: the visit goes once every photo is uploaded (or known lost)
    for (const photo of unsettledPhotos(queued)) {
      let result: PhotoResult
      try {
        result = { kind: 'uploaded', id: await upload(photo.key) }
      } catch (err) {
        result = classifyPhotoFailure(err)
      }
      if (result.kind === 'retry') return { sent, rejected, stopped: true }
      save(settlePhoto(read(), queued.body.id, photo.key, result))
    }
    const entry = read().find((q) => q.body.id === queued.body.id)
    if (!entry) continue
    let result: SendResult
    try {
      await send(visitBody(entry))
      result = { kind: 'sent' }
    } catch (err) {
      result = classifyFailure(err)
    }
    save(settleVisit(read(), entry.body.id, result))
    if (result.kind === 'sent') sent++
    else if (result.kind === 'rejected') rejected++
    else return { sent, rejected, stopped: true }
  }
  return { sent, rejected, stopped: false }
}
