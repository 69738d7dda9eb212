import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { CreateVisitRequest } from '@linli/shared'
import { getSession } from '../store/session'
import { createVisit } from './care'
import { onRequestSuccess } from './http'
import { platformFiles } from '../platform/files'
import { uploadImage } from './uploads'
import { addVisit, parseQueue, removeVisit, sendable, syncVisits, type QueuedPhoto, type QueuedVisit } from './visit-queue'

/**
 * The offline visit queue wired to the phone: kept in Taro storage (survives a restart),
 * synced on app show, on network change, after any successful request, every 30 s while
 * something waits, and when the carer taps 立即同步.
 */
const STORAGE_KEY = 'linli.visitQueue'
const RETRY_MS = 30_000

let queue: QueuedVisit[] = load()
let syncing: Promise<void> | null = null
let retryTimer: ReturnType<typeof setTimeout> | null = null
const listeners = new Set<() => void>()

function load(): QueuedVisit[] {
  try {
    return parseQueue(Taro.getStorageSync(STORAGE_KEY))
  } catch {
    return []
  }
}

function save(next: QueuedVisit[]): void {
  queue = next
  try {
    Taro.setStorageSync(STORAGE_KEY, next)
  } catch {
    // Storage full: the visit stays in memory for this session.
  }
  listeners.forEach((l) => l())
}

function currentUserId(): string | null {
  return getSession().user?.id ?? null
}

function scheduleRetry(): void {
  if (retryTimer !== null) return
  if (sendable(queue, currentUserId()).length === 0) return
  retryTimer = setTimeout(() => {
    retryTimer = null
    void syncNow()
  }, RETRY_MS)
}

/** Send what waits; concurrent calls share one run. */
export function syncNow(): Promise<void> {
  if (syncing) return syncing
  if (!getSession().token || sendable(queue, currentUserId()).length === 0) return Promise.resolve()
  syncing = syncVisits(
    () => queue,
    save,
    currentUserId(),
    (body) => createVisit(body, { toast: false }),
    uploadKept,
  )
    .then(() => undefined)
    .finally(() => {
      syncing = null
      listeners.forEach((l) => l())
      scheduleRetry()
    })
  return syncing
}

/** Upload a photo kept for a queued visit; a photo the phone no longer has is lost, not retried. */
async function uploadKept(key: string): Promise<string> {
  const file = platformFiles.keptImage(key)
  if (!file) throw { code: 'PHOTO_LOST' }
  const uploaded = await uploadImage(file)
  platformFiles.dropImage(key)
  return uploaded.id
}

export type SubmitOutcome = { kind: 'sent' } | { kind: 'queued' } | { kind: 'rejected'; message: string }

/**
 * Save a visit to the queue first, then try to send it. `sent`: the server has it;
 * `queued`: no network, it goes later by itself; `rejected`: kept aside as 未能提交.
 */
export async function submitVisit(body: CreateVisitRequest, personName: string, photos: QueuedPhoto[] = []): Promise<SubmitOutcome> {
  const userId = currentUserId() ?? ''
  save(addVisit(queue, { body, ...(photos.length > 0 ? { photos } : {}), personName, userId, savedAt: new Date().toISOString(), state: 'pending', attempts: 0 }))
  await syncNow()
  // A sync already running may have skipped the new visit: run once more.
  if (queue.some((q) => q.body.id === body.id && q.state === 'pending' && q.attempts === 0)) await syncNow()
  const left = queue.find((q) => q.body.id === body.id)
  if (!left) return { kind: 'sent' }
  if (left.state === 'failed') return { kind: 'rejected', message: left.error?.message ?? '服务器没有接受这条记录' }
  return { kind: 'queued' }
}

/** Forget a visit set aside as 未能提交. */
export function discardVisit(id: string): void {
  save(removeVisit(queue, id))
}

/** Start the automatic syncs (app.ts calls this once). */
export function startVisitSync(): void {
  Taro.onNetworkStatusChange((res) => {
    if (res.isConnected) void syncNow()
  })
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    window.addEventListener('online', () => void syncNow())
  }
  onRequestSuccess(() => {
    if (!syncing && sendable(queue, currentUserId()).length > 0) setTimeout(() => void syncNow(), 0)
  })
  void syncNow()
}

export interface VisitQueueView {
  /** This user's visits waiting to be sent. */
  pending: QueuedVisit[]
  /** This user's visits the server refused (未能提交). */
  failed: QueuedVisit[]
  syncing: boolean
}

function view(): VisitQueueView {
  const userId = currentUserId()
  const mine = queue.filter((q) => q.userId === userId)
  return { pending: mine.filter((q) => q.state === 'pending'), failed: mine.filter((q) => q.state === 'failed'), syncing: syncing !== null }
}

/** The queue for the current user, re-rendering on change. */
export function useVisitQueue(): VisitQueueView {
  const [state, setState] = useState(view)
  useEffect(() => {
    const update = () => setState(view())
    update()
    listeners.add(update)
    return () => {
      listeners.delete(update)
    }
  }, [])
  return state
}

/** Run a sync and re-render listeners when it starts and ends (the 立即同步 button). */
export async function syncWithFeedback(): Promise<void> {
  const run = syncNow()
  listeners.forEach((l) => l())
  await run
  listeners.forEach((l) => l())
}
