import { ERROR_MESSAGES, type ErrorCode } from '@linli/shared'
import type { ClientErrorCode } from '../../services/http'

/** What the join page says when it cannot go on: a title, the reason, and what to do next. */
export interface JoinProblem {
  title: string
  message: string
  next: string
  /** Whether trying again may help (network trouble, rate limit). */
  retry: boolean
}

const ASK_HEAD = '请联系网格长（楼道长），请他重新生成二维码或发一个新的邀请链接。'

const PROBLEMS: Partial<Record<ErrorCode | ClientErrorCode, Omit<JoinProblem, 'message'>>> = {
  INVITE_NOT_FOUND: { title: '邀请码无效', next: ASK_HEAD, retry: false },
  INVITE_EXPIRED: { title: '邀请已过期', next: ASK_HEAD, retry: false },
  INVITE_REVOKED: { title: '邀请已被撤销', next: ASK_HEAD, retry: false },
  INVITE_USED_UP: { title: '邀请名额已满', next: ASK_HEAD, retry: false },
  INVITE_ROLE_NOT_ALLOWED: { title: '这个邀请不能使用', next: ASK_HEAD, retry: false },
  LINKED_PERSON_INVALID: { title: '关联的家人不在这个网格', next: ASK_HEAD, retry: false },
  ROLE_ABOVE_OWN: { title: '这个邀请不能使用', next: ASK_HEAD, retry: false },
  ALREADY_MEMBER: { title: '你已经在这个网格里了', next: '不用再加入。回到首页就能看到这个网格；如果还在审核中，请等网格长通过。', retry: false },
  RATE_LIMITED: { title: '操作太频繁', next: '请等一两分钟再点“重试”。你填写的内容不会丢。', retry: true },
  NETWORK_ERROR: { title: '网络不太好', next: '请检查网络后点“重试”。', retry: true },
  TIMEOUT: { title: '网络不太好', next: '请检查网络后点“重试”。', retry: true },
}

export function joinProblem(code: ErrorCode | ClientErrorCode, message?: string): JoinProblem {
  const known = PROBLEMS[code]
  const fallbackMessage = code in ERROR_MESSAGES ? ERROR_MESSAGES[code as ErrorCode] : '暂时无法加入，请稍后再试'
  return {
    title: known?.title ?? '暂时无法加入',
    message: message || fallbackMessage,
    next: known?.next ?? '请稍后再试；如果一直不行，请联系网格长。',
    retry: known?.retry ?? true,
  }
}
