import Taro from '@tarojs/taro'
import type {
  CreateReportRequest,
  Page,
  ReportActionRequest,
  ReportDetail,
  ReportStatus,
  ReportSummary,
  UploadDto,
} from '@linli/shared'
import { getToken } from '../store/session'
import { ApiError, CLIENT_ERROR_MESSAGES, apiUrl, http, toApiError, type RequestOptions } from './http'

type CallOptions = Pick<RequestOptions, 'toast'>

export type ReportsView = 'mine' | 'handling' | 'grid'

export interface ReportsFilter {
  view: ReportsView
  /** Required for `grid`. */
  gridId?: string
  status?: ReportStatus | 'open'
}

/** Reports: mine (newest first), my queue as a handler (soonest deadline first), or a grid's. */
export function listReports(filter: ReportsFilter, cursor?: string | null, options?: CallOptions): Promise<Page<ReportSummary>> {
  return http.get<Page<ReportSummary>>('/reports', { ...options, query: { ...filter, cursor, limit: 20 } })
}

export function getReport(id: string, options?: CallOptions): Promise<ReportDetail> {
  return http.get<ReportDetail>(`/reports/${id}`, options)
}

export function createReport(body: CreateReportRequest, options?: CallOptions): Promise<ReportDetail> {
  return http.post<ReportDetail>('/reports', body, options)
}

/** Accept, start, resolve, reject, escalate (handlers); reopen, confirm (the reporter); comment. 409 when the state moved on. */
export function actOnReport(id: string, body: ReportActionRequest, options?: CallOptions): Promise<ReportDetail> {
  return http.post<ReportDetail>(`/reports/${id}/actions`, body, options)
}

/* ---------- photos ---------- */

/** A photo's address for <Image> and previewImage (the server signs paths; WeChat needs the API's origin). */
export { mediaUrl } from './http'

const UPLOAD_TIMEOUT_MS = 60_000

export interface PhotoUpload {
  /** Resolves with the stored photo; rejects with an ApiError (Chinese message). */
  done: Promise<UploadDto>
  abort: () => void
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}

/**
 * One photo up to `POST /uploads` (multipart field `file`) with the bearer token, reporting
 * progress 0–100. Taro's uploadFile does this on both platforms: WeChat sends the temp file,
 * H5 reads the blob: URL chooseMedia made and posts it with an XHR (which gives the progress).
 */
export function uploadPhoto(filePath: string, onProgress?: (percent: number) => void): PhotoUpload {
  const token = getToken()
  const task = Taro.uploadFile({
    url: apiUrl('/uploads'),
    filePath,
    name: 'file',
    header: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    timeout: UPLOAD_TIMEOUT_MS,
  })
  if (onProgress) {
    try {
      task.progress((res) => onProgress(res.progress))
    } catch {
      // No progress on this platform: the slot shows a spinner without a number.
    }
  }
  const done = (async () => {
    let res: Taro.uploadFile.SuccessCallbackResult
    try {
      res = await task
    } catch (err) {
      const text = String((err as { errMsg?: unknown } | null)?.errMsg ?? '')
      throw /timeout/i.test(text)
        ? new ApiError('TIMEOUT', CLIENT_ERROR_MESSAGES.TIMEOUT, 0)
        : new ApiError('NETWORK_ERROR', CLIENT_ERROR_MESSAGES.NETWORK_ERROR, 0)
    }
    const data = parseBody(res.data)
    if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res.statusCode, data)
    if (typeof data !== 'object' || data === null || typeof (data as { id?: unknown }).id !== 'string') {
      throw new ApiError('BAD_RESPONSE', CLIENT_ERROR_MESSAGES.BAD_RESPONSE, res.statusCode)
    }
    return data as UploadDto
  })()
  return {
    done,
    abort: () => {
      try {
        task.abort()
      } catch {
        // already finished
      }
    },
  }
}

/** Let the person take photos or pick them from the album; [] when they cancel. */
export async function pickPhotos(count: number): Promise<string[]> {
  if (count <= 0) return []
  try {
    const res = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] })
    return res.tempFiles.map((f) => f.tempFilePath).filter(Boolean)
  } catch (err) {
    const text = String((err as { errMsg?: unknown } | null)?.errMsg ?? '')
    if (/cancel|abort/i.test(text) || text === '') return []
    throw new Error('没能打开相机或相册，请在设置里允许使用相机和相册后再试')
  }
}
