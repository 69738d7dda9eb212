/**
 * Deadlines as people say them (pure: no Taro, tested in time-left.spec.ts).
 * 还剩 3 小时 · 已超时 2 小时 · 预计明天 18:00 前解决.
 */

const MINUTE = 60_000

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** A span in the largest unit that reads naturally: 25 分钟, 3 小时 (under two days), 4 天. */
export function formatSpan(minutes: number): string {
  const m = Math.max(1, Math.floor(minutes))
  if (m < 60) return `${m} 分钟`
  if (m < 48 * 60) return `${Math.floor(m / 60)} 小时`
  return `${Math.floor(m / (24 * 60))} 天`
}

export interface TimeLeft {
  /** 还剩 3 小时 / 已超时 2 小时. */
  text: string
  overdue: boolean
  /** Less than two hours left: worth a warning colour before it turns red. */
  soon: boolean
}

/** Time to a deadline, or how far past it we are. `overdue` from the server wins when given. */
export function timeLeft(dueAt: string, now: Date = new Date(), serverOverdue?: boolean): TimeLeft | null {
  const due = Date.parse(dueAt)
  if (Number.isNaN(due)) return null
  const ms = due - now.getTime()
  const overdue = serverOverdue ?? ms < 0
  if (overdue) return { text: `已超时 ${formatSpan(Math.max(0, -ms) / MINUTE)}`, overdue: true, soon: false }
  return { text: `还剩 ${formatSpan(Math.max(0, ms) / MINUTE)}`, overdue: false, soon: ms < 2 * 60 * MINUTE }
}

/** A future moment: 今天 18:00, 明天 09:30, 12月3日 18:00, 2027年1月5日 18:00. */
export function formatMoment(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
  const startOfDay = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
  const dayDiff = Math.round((startOfDay - startOfToday) / 86_400_000)
  if (dayDiff === 0) return `今天 ${time}`
  if (dayDiff === 1) return `明天 ${time}`
  if (dayDiff === -1) return `昨天 ${time}`
  if (d.getFullYear() === now.getFullYear()) return `${d.getMonth() + 1}月${d.getDate()}日 ${time}`
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${time}`
}

/** What the reporter can expect: 预计明天 18:00 前解决 (or that the time has passed). */
export function formatExpected(expectedResolveAt: string, now: Date = new Date()): string {
  const moment = formatMoment(expectedResolveAt, now)
  if (!moment) return ''
  if (Date.parse(expectedResolveAt) < now.getTime()) return `原定 ${moment} 前解决，已超时`
  return `预计 ${moment} 前解决`
}
