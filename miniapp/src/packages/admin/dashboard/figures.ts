import type { GridNodeRef, GridStats, StatsNumbers } from '@linli/shared'

/*
 * The dashboard's arithmetic, kept free of Taro so jest can check it: how a rate reads, how
 * wide a bar is, which child needs attention first, where the breadcrumb came from.
 */

/**
 * A rate (0–1) as people read it. Never "100%" while someone is still missing, never "0%"
 * when someone did it: a busy head would take those for "done" and "nobody".
 * Null (nothing to divide) reads as "—".
 */
export function formatPercent(rate: number | null): string {
  if (rate === null || Number.isNaN(rate)) return '—'
  if (rate <= 0) return '0%'
  if (rate >= 1) return '100%'
  const pct = Math.round(rate * 100)
  return `${Math.min(99, Math.max(1, pct))}%`
}

/** A count in large type: exact below ten thousand, then 万 with one decimal (28.3万). */
export function formatCount(n: number): string {
  if (n < 10_000) return String(n)
  const wan = Math.floor(n / 1_000) / 10 // never round up past the real number
  return `${Number.isInteger(wan) ? wan.toFixed(0) : wan.toFixed(1)}万`
}

/**
 * The width of a bar, in percent of its track: value against the largest value shown
 * (or against 1 for a rate). Anything above zero stays visible (at least 3%), zero is empty.
 */
export function barWidth(value: number | null, max: number): number {
  if (value === null || value <= 0 || max <= 0) return 0
  const pct = Math.min(100, (value / max) * 100)
  return Math.max(3, Math.round(pct * 10) / 10)
}

export interface Segment<K extends string = string> {
  key: K
  count: number
  /** Width in percent; the shown segments add up to exactly 100. */
  width: number
}

/**
 * A stacked bar: one segment per non-zero count, widths by the largest-remainder method so
 * they add up to 100 (no gap or overflow at the end of the bar), each at least 4% wide.
 */
export function stackedSegments<K extends string>(parts: readonly { key: K; count: number }[]): Segment<K>[] {
  const shown = parts.filter((p) => p.count > 0)
  const total = shown.reduce((s, p) => s + p.count, 0)
  if (total === 0) return []
  const MIN = 4
  // small parts get the minimum; the rest share what is left in proportion
  const small = shown.filter((p) => (p.count / total) * 100 < MIN)
  const bigTotal = total - small.reduce((s, p) => s + p.count, 0)
  const room = 100 - small.length * MIN
  const exact = shown.map((p) => (small.includes(p) ? MIN : (p.count / bigTotal) * room))
  const floors = exact.map(Math.floor)
  let left = 100 - floors.reduce((s, w) => s + w, 0)
  const order = exact.map((w, i) => ({ i, rest: w - floors[i]! })).sort((a, b) => b.rest - a.rest)
  for (const { i } of order) {
    if (left <= 0) break
    floors[i]! += 1
    left -= 1
  }
  return shown.map((p, i) => ({ key: p.key, count: p.count, width: floors[i]! }))
}

export type ReportStatus = 'submitted' | 'accepted' | 'inProgress'

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  inProgress: '处理中',
}

export function openReports(n: StatsNumbers): number {
  return n.reportsOpen.submitted + n.reportsOpen.accepted + n.reportsOpen.inProgress
}

export function reportSegments(n: StatsNumbers): Segment<ReportStatus>[] {
  return stackedSegments([
    { key: 'submitted', count: n.reportsOpen.submitted },
    { key: 'accepted', count: n.reportsOpen.accepted },
    { key: 'inProgress', count: n.reportsOpen.inProgress },
  ])
}

/** The server's order, worst first: most overdue, then lowest read rate, then most SLA breaches. */
export function worstFirst(a: StatsNumbers, b: StatsNumbers): number {
  if (a.overdue !== b.overdue) return b.overdue - a.overdue
  const ra = a.noticeReadRate ?? 1
  const rb = b.noticeReadRate ?? 1
  if (ra !== rb) return ra - rb
  return b.slaBreaches - a.slaBreaches
}

/** What is wrong with a node, in a few words, or null when nothing is. */
export function troubles(n: StatsNumbers): string[] {
  const out: string[] = []
  if (n.overdue > 0) out.push(`${n.overdue} 人超时未走访`)
  if (n.slaBreaches > 0) out.push(`${n.slaBreaches} 件随手拍超期`)
  if (n.openCheckRequests > 0) out.push(`${n.openCheckRequests} 个上门请求待处理`)
  return out
}

/** The child to look at first: the worst one that has something wrong, or null when all are fine. */
export function worstChild(children: GridStats['children']): GridStats['children'][number] | null {
  const sorted = [...children].sort((a, b) => worstFirst(a.numbers, b.numbers))
  return sorted.find((c) => troubles(c.numbers).length > 0) ?? null
}

/** The children worst first (the server sends them so; sorting again costs nothing and keeps the promise). */
export function sortChildren(children: GridStats['children']): GridStats['children'] {
  return [...children].sort((a, b) => worstFirst(a.numbers, b.numbers))
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** When the numbers were counted: "14:05" today, "11月29日 14:05" on another day. */
export function formatAsOf(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate()
  return sameDay ? time : `${d.getMonth() + 1}月${d.getDate()}日 ${time}`
}

/** A step of the breadcrumb: a node above the one on screen. */
export type Crumb = Pick<GridNodeRef, 'id' | 'name'>

/*
 * The trail travels in the page's query (`trail=id~name|id~name`), so a drilled-down page knows
 * where it came from without asking the server for ancestors the caller may not be allowed to see.
 */
export function encodeTrail(trail: readonly Crumb[]): string | undefined {
  if (trail.length === 0) return undefined
  return trail.map((c) => `${c.id}~${c.name.replace(/[~|]/g, ' ')}`).join('|')
}

export function decodeTrail(raw: string | undefined): Crumb[] {
  if (!raw) return []
  const out: Crumb[] = []
  for (const part of raw.split('|')) {
    const at = part.indexOf('~')
    if (at <= 0) continue
    const id = part.slice(0, at)
    const name = part.slice(at + 1)
    if (!/^[A-Za-z0-9-]+$/.test(id) || !name) continue
    out.push({ id, name })
  }
  return out
}
