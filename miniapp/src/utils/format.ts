/** Today as people say it: 11月28日 星期六. */
export function formatToday(now: Date = new Date()): string {
  const weekdays = ['日', '一', '二', '三', '四', '五', '六']
  return `${now.getMonth() + 1}月${now.getDate()}日 星期${weekdays[now.getDay()]}`
}
