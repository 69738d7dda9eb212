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
export interface QueuedVisit {
  body: CreateVisitRequest
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
  return raw.filter(
    (q): q is QueuedVisit =>
      typeof q === 'object' &&
      q !== null &&
      typeof (q as QueuedVisit).body?.id === 'string' &&
      typeof (q as QueuedVisit).userId === 'string' &&
      ((q as QueuedVisit).state === 'pending' || (q as QueuedVisit).state === 'failed'),
  )
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
): Promise<{ sent: number; rejected: number; stopped: boolean }> {
  let sent = 0
  let rejected = 0
  for (const entry of sendable(read(), userId)) {
    let result: SendResult
    try {
      await send(entry.body)
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
