import Taro from '@tarojs/taro'
import { ERROR_MESSAGES, type ErrorCode } from '@linli/shared'
import { endSession, getToken } from '../store/session'
import { currentPageUrl, goLogin } from '../utils/nav'

/**
 * The one HTTP client of the app. Every API call goes through `request`: it adds the token,
 * turns the server's `{error: {code, message, details?}}` body into an ApiError, sends the
 * user to the login page on 401, and shows the Chinese message as a toast unless told not to.
 */

/** API origin. Empty on h5 means same origin (the server serves the H5 build and the API). */
export const API_BASE: string =
  process.env.TARO_APP_API_BASE || (process.env.TARO_ENV === 'h5' ? '' : 'http://localhost:3000')
export const API_PREFIX = '/api/v1'
const DEFAULT_TIMEOUT_MS = 15_000

/** Failures that happen before the server answers, or with an answer we cannot read. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'BAD_RESPONSE'

export const CLIENT_ERROR_MESSAGES: Record<ClientErrorCode, string> = {
  NETWORK_ERROR: '网络不太好，请检查网络后重试',
  TIMEOUT: '网络不太好，请求超时了，请稍后重试',
  BAD_RESPONSE: '服务返回的内容无法识别，请稍后再试',
}

export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    /** A server code from `@linli/shared` errors, or a client-side one. */
    readonly code: ErrorCode | ClientErrorCode,
    /** Chinese, ready to show to a person. */
    message: string,
    /** HTTP status; 0 when the server never answered. */
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  method?: HttpMethod
  query?: Record<string, QueryValue>
  body?: unknown
  /** Show the error message as a toast (default true). Pages that show errors inline say false. */
  toast?: boolean
  /** Send the token, and treat 401 as "log in again" (default true). */
  auth?: boolean
  timeoutMs?: number
}

/** The absolute address of an API path, for what is not fetched through `request` (images, files). */
export function apiUrl(path: string): string {
  return `${API_BASE}${API_PREFIX}${path}`
}

/** The address of a server-issued media path (a signed `/api/v1/uploads/…` URL), for <Image src>. */
export function mediaUrl(path: string): string {
  return /^https?:\/\//.test(path) ? path : `${API_BASE}${path}`
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = apiUrl(path)
  if (!query) return url
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return parts.length > 0 ? `${url}?${parts.join('&')}` : url
}

interface ServerError {
  code: string
  message: string
  details?: unknown
}

/** The error body shape of shared/errors.ts, checked by hand so zod stays out of the bundle. */
function readServerError(data: unknown): ServerError | null {
  if (typeof data !== 'object' || data === null) return null
  const error = (data as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return null
  const { code, message, details } = error as Record<string, unknown>
  if (typeof code !== 'string' || typeof message !== 'string') return null
  return { code, message, details }
}

/** An error answer (any status outside 2xx) as an ApiError; also used by file uploads. */
export function toApiError(status: number, data: unknown): ApiError {
  const body = readServerError(data)
  if (body) {
    const code = body.code in ERROR_MESSAGES ? (body.code as ErrorCode) : 'INTERNAL'
    return new ApiError(code, body.message || ERROR_MESSAGES[code], status, body.details)
  }
  // No readable body (a proxy's error page, say): fall back on the status.
  if (status === 401) return new ApiError('UNAUTHENTICATED', ERROR_MESSAGES.UNAUTHENTICATED, status)
  if (status === 404) return new ApiError('ROUTE_NOT_FOUND', ERROR_MESSAGES.ROUTE_NOT_FOUND, status)
  if (status === 429) return new ApiError('RATE_LIMITED', ERROR_MESSAGES.RATE_LIMITED, status)
  if (status >= 500) return new ApiError('INTERNAL', ERROR_MESSAGES.INTERNAL, status)
  return new ApiError('BAD_RESPONSE', CLIENT_ERROR_MESSAGES.BAD_RESPONSE, status)
}

function failureText(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err)
  const { errMsg, message, name } = err as { errMsg?: unknown; message?: unknown; name?: unknown }
  return [errMsg, message, name].filter((part) => typeof part === 'string').join(' ')
}

export function showErrorToast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
}

const successListeners = new Set<() => void>()

/** Called after every answered request (2xx): the visit queue uses it to sync when the network is back. */
export function onRequestSuccess(listener: () => void): () => void {
  successListeners.add(listener)
  return () => {
    successListeners.delete(listener)
  }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, toast = true, auth = true, timeoutMs = DEFAULT_TIMEOUT_MS } = options
  const header: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) header['Content-Type'] = 'application/json'
  const token = auth ? getToken() : null
  if (token) header.Authorization = `Bearer ${token}`

  const startedAt = Date.now()
  let response: Taro.request.SuccessCallbackResult
  try {
    response = await Taro.request({
      url: buildUrl(path, query),
      method,
      header,
      data: body,
      timeout: timeoutMs,
      dataType: 'json',
    })
  } catch (err) {
    // weapp says "request:fail timeout"; h5 aborts its fetch when the timer fires.
    const timedOut = /timeout|abort/i.test(failureText(err)) || Date.now() - startedAt >= timeoutMs - 100
    const error = timedOut
      ? new ApiError('TIMEOUT', CLIENT_ERROR_MESSAGES.TIMEOUT, 0)
      : new ApiError('NETWORK_ERROR', CLIENT_ERROR_MESSAGES.NETWORK_ERROR, 0)
    if (toast) showErrorToast(error.message)
    throw error
  }

  const { statusCode, data } = response
  if (statusCode >= 200 && statusCode < 300) {
    successListeners.forEach((listener) => listener())
    return (statusCode === 204 ? undefined : data) as T
  }

  const error = toApiError(statusCode, data)
  if (statusCode === 401 && token) {
    // The token is expired or revoked: forget it and log in again. The login page shows the reason.
    endSession()
    goLogin(toast ? error.message : undefined, currentPageUrl())
    throw error
  }
  if (toast) showErrorToast(error.message)
  throw error
}

export const http = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'DELETE' }),
}

/** The message to show for anything a call may throw (ApiError, a platform error, anything). */
export function errorMessage(err: unknown, fallback = '操作没有成功，请稍后再试'): string {
  if (err instanceof ApiError) return err.message
  if (err instanceof Error && /[\u4e00-\u9fff]/.test(err.message)) return err.message
  return fallback
}
