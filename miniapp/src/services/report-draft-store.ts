import Taro from '@tarojs/taro'
import { isDraftEmpty, parseDraft, type ReportDraft } from './report-draft'

/** The new-report draft in Taro storage (one per phone, tagged with its user). */
const DRAFT_KEY = 'linli.reportDraft'

export function loadDraft(userId: string): ReportDraft | null {
  try {
    return parseDraft(Taro.getStorageSync(DRAFT_KEY), userId)
  } catch {
    return null
  }
}

/** Saves the draft, or forgets it when there is nothing in it. */
export function saveDraft(draft: ReportDraft): void {
  try {
    if (isDraftEmpty(draft)) Taro.removeStorageSync(DRAFT_KEY)
    else Taro.setStorageSync(DRAFT_KEY, draft)
  } catch {
    // Storage full or unavailable: the form still works, it just is not kept.
  }
}

export function clearDraft(): void {
  try {
    Taro.removeStorageSync(DRAFT_KEY)
  } catch {
    // nothing to do
  }
}

/** Whether this user left a report unfinished (the 上报 tab offers to continue it). */
export function hasDraft(userId: string): boolean {
  const draft = loadDraft(userId)
  return draft !== null && !isDraftEmpty(draft)
}
