/** Today as people say it: 11月28日 星期六. */
export function formatToday(now: Date = new Date()): string {
  const weekdays = ['日', '一', '二', '三', '四', '五', '六']
  return `${now.getMonth() + 1}月${now.getDate()}日 星期${weekdays[now.getDay()]}`
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** A moment as people say it: 今天 14:05, 昨天 09:30, 11月3日 14:05, 2025年11月3日. */
export function formatDateTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
  const dayDiff = Math.floor((startOfToday - new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()) / 86_400_000)
  if (dayDiff === 0) return `今天 ${time}`
  if (dayDiff === 1) return `昨天 ${time}`
  if (d.getFullYear() === now.getFullYear()) return `${d.getMonth() + 1}月${d.getDate()}日 ${time}`
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
}

/** A day: 2026年12月28日. */
export function formatDate(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
}


/** How late a visit is: 已超时 25 分钟, 已超时 2 小时, 已超时 3 天. */
export function formatOverdue(minutes: number): string {
  if (minutes < 60) return `已超时 ${Math.max(1, minutes)} 分钟`
  if (minutes < 48 * 60) return `已超时 ${Math.floor(minutes / 60)} 小时`
  return `已超时 ${Math.floor(minutes / (24 * 60))} 天`
}

/** A plan's interval: 每 12 小时, 每 2 天. */
export function formatEvery(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return hours === 24 ? '每天' : `每 ${hours / 24} 天`
  return `每 ${hours} 小时`
}
