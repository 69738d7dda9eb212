import type { ReportAction, ReportDetail, ReportEvent } from '@linli/shared'

/**
 * How a report's page presents the actions the server allows (pure; tested in
 * report-actions.spec.ts). The server's `allowedActions` decides WHICH buttons exist; this only
 * says how each looks, what it asks for, and what it confirms. No state machine here.
 */
export interface ActionSpec {
  /** The button's words. */
  label: string
  /** The main step of the moment (one filled button); the others are outlined. */
  primary: boolean
  /** A form opens first: what the note is for, and whether it is needed. */
  form?: {
    title: string
    noteLabel: string
    /** Who will read the note. */
    noteHint?: string
    notePlaceholder: string
    noteRequired: boolean
    photos?: boolean
    responsibleParty?: boolean
    publicSwitch?: boolean
  }
  /** Irreversible: ask before sending. */
  confirm?: { title: string; content: string; confirmText: string }
  /** Said after it went through. */
  done: string
}

export const ACTION_SPECS: Record<ReportAction, ActionSpec> = {
  accept: {
    label: '受理',
    primary: true,
    confirm: { title: '受理这条上报？', content: '受理后，上报人会看到“已受理”，请在期限内处理好。', confirmText: '受理' },
    done: '已受理',
  },
  start: {
    label: '开始处理',
    primary: true,
    // Not asked: starting is no promise beyond the acceptance already given.
    done: '已开始处理',
  },
  resolve: {
    label: '已解决',
    primary: true,
    form: {
      title: '填写处理结果',
      noteLabel: '处理结果',
      noteHint: '会公开给网格里的邻居，写清楚怎么处理的',
      notePlaceholder: '如：已安排保洁清理池塘垃圾，并设立警示牌',
      noteRequired: true,
      photos: true,
    },
    confirm: { title: '确认已经解决？', content: '处理结果和照片会公开给网格里的邻居，上报人可以确认或重新打开。', confirmText: '确认解决' },
    done: '已提交处理结果',
  },
  confirm: {
    label: '确认解决',
    primary: true,
    confirm: { title: '问题真的解决了吗？', content: '确认后这条上报就办结了，不能再重新打开。', confirmText: '确认解决' },
    done: '已确认，谢谢你',
  },
  reopen: {
    label: '问题没解决，重新打开',
    primary: false,
    form: { title: '重新打开', noteLabel: '问题哪里还没解决', noteHint: '处理人会看到', notePlaceholder: '如：垃圾又被倒回来了', noteRequired: true, photos: true },
    confirm: { title: '重新打开这条上报？', content: '会交回给处理人，重新计算期限。', confirmText: '重新打开' },
    done: '已重新打开',
  },
  escalate: {
    label: '上报上级',
    primary: false,
    form: { title: '上报上级', noteLabel: '交给上一级的原因', noteHint: '上一级处理人会看到', notePlaceholder: '如：楼道公共照明归社区维修', noteRequired: false },
    confirm: { title: '交给上一级处理？', content: '上报后由上一级负责处理，你这里就不能再操作了。', confirmText: '上报上级' },
    done: '已上报上级',
  },
  reject: {
    label: '不予受理',
    primary: false,
    form: {
      title: '不予受理',
      noteLabel: '不予受理的原因',
      noteHint: '上报人会看到',
      notePlaceholder: '如：池塘属于水利站管理，不归村里处理',
      noteRequired: true,
      responsibleParty: true,
    },
    confirm: { title: '确认不予受理？', content: '上报人会看到原因和责任单位，这条上报将结束。', confirmText: '不予受理' },
    done: '已不予受理',
  },
  comment: {
    label: '留言',
    primary: false,
    form: { title: '留言', noteLabel: '留言内容', notePlaceholder: '补充情况，或问问进展', noteRequired: true, photos: true, publicSwitch: true },
    done: '已留言',
  },
}

/** The order buttons stand in: what moves the report forward first, the way out last. */
const ORDER: readonly ReportAction[] = ['accept', 'start', 'resolve', 'confirm', 'reopen', 'escalate', 'reject', 'comment']

/** The allowed actions in display order, with at most one filled (primary) button. */
export function orderActions(allowed: readonly ReportAction[]): { action: ReportAction; primary: boolean }[] {
  let primaryGiven = false
  return ORDER.filter((a) => allowed.includes(a)).map((action) => {
    const primary = ACTION_SPECS[action].primary && !primaryGiven
    if (primary) primaryGiven = true
    return { action, primary }
  })
}

/** Whether the caller handles this report now (any handler step is allowed): they see the deadline. */
export function isHandlerView(allowed: readonly ReportAction[]): boolean {
  return allowed.some((a) => a === 'accept' || a === 'start' || a === 'resolve' || a === 'reject' || a === 'escalate')
}

/** The latest rejection on the timeline (why, and who is responsible instead). */
export function lastRejection(report: Pick<ReportDetail, 'status' | 'timeline'>): ReportEvent | null {
  if (report.status !== 'rejected') return null
  for (let i = report.timeline.length - 1; i >= 0; i--) if (report.timeline[i]!.action === 'reject') return report.timeline[i]!
  return null
}

/** Timeline newest first (the server sends it in order of time). */
export function newestFirst(timeline: readonly ReportEvent[]): ReportEvent[] {
  return [...timeline].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
}

/** The server's name for an anonymous reporter, as neighbours see it. */
const ANONYMOUS_NAME = '匿名居民'

/** Who reported it, as the viewer may know: 我, 徐美华, 匿名居民, or 徐美华（对邻居匿名） for a handler. */
export function reporterLabel(reporter: { displayName: string; anonymous: boolean; isMe: boolean }): string {
  if (reporter.isMe) return reporter.anonymous ? '我（对邻居匿名）' : '我'
  if (!reporter.anonymous || reporter.displayName === ANONYMOUS_NAME || !reporter.displayName) return reporter.displayName || ANONYMOUS_NAME
  return `${reporter.displayName}（对邻居匿名）`
}
