import Taro from '@tarojs/taro'
import { ApiError, CLIENT_ERROR_MESSAGES, toApiError } from '../services/http'
import { getToken } from '../store/session'
import type { PickedFile, PickedImage, PlatformFiles } from './files.types'

function authHeader(): Record<string, string> {
  const token = getToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

function isCancel(err: unknown): boolean {
  const msg = (err as { errMsg?: unknown } | null)?.errMsg
  return typeof msg === 'string' && /cancel/i.test(msg)
}

export const platformFiles: PlatformFiles = {
  async openFile(url, { fileType, auth }) {
    let res: Taro.downloadFile.FileSuccessCallbackResult
    try {
      res = await Taro.downloadFile({ url, header: auth ? authHeader() : {} })
    } catch {
      throw new ApiError('NETWORK_ERROR', CLIENT_ERROR_MESSAGES.NETWORK_ERROR, 0)
    }
    // An error body was saved as the "file": the status says what went wrong.
    if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res.statusCode, null)
    try {
      await Taro.openDocument({ filePath: res.tempFilePath, fileType, showMenu: true })
    } catch {
      throw new Error('文件已下载，但没能打开，请稍后再试')
    }
  },

  async pickSpreadsheet(): Promise<PickedFile | null> {
    try {
      const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
      const file = tempFiles[0]
      return file ? { name: file.name, size: file.size, ref: file.path } : null
    } catch (err) {
      if (isCancel(err)) return null
      throw new Error('没能选择文件，请从微信聊天里选一个 .xlsx 文件')
    }
  },

  async upload<T>(url: string, file: PickedFile, field: string): Promise<T> {
    let res: Taro.uploadFile.SuccessCallbackResult
    try {
      res = await Taro.uploadFile({ url, filePath: String(file.ref), name: field, header: authHeader(), timeout: 60_000 })
    } catch {
      throw new ApiError('NETWORK_ERROR', CLIENT_ERROR_MESSAGES.NETWORK_ERROR, 0)
    }
    let data: unknown = null
    try {
      data = JSON.parse(res.data)
    } catch {
      // not JSON: handled by the status below
    }
    if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res.statusCode, data)
    if (data === null) throw new ApiError('BAD_RESPONSE', CLIENT_ERROR_MESSAGES.BAD_RESPONSE, res.statusCode)
    return data as T
  },

  async pickImages(max: number): Promise<PickedImage[]> {
    try {
      const { tempFiles } = await Taro.chooseMedia({ count: max, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'] })
      return tempFiles.map((f, i) => ({ name: `photo-${i + 1}.jpg`, size: f.size, ref: f.tempFilePath, preview: f.tempFilePath }))
    } catch (err) {
      if (isCancel(err)) return []
      throw new Error('没能打开相机或相册，请在设置里允许使用相机和相册')
    }
  },

  /** A temp file may be cleaned when the app closes: save it so a visit queued offline keeps its photo. */
  async keepImage(image: PickedImage): Promise<string> {
    try {
      const res = await new Promise<string>((resolve, reject) =>
        Taro.getFileSystemManager().saveFile({ tempFilePath: String(image.ref), success: (r) => resolve(r.savedFilePath), fail: reject }),
      )
      return res
    } catch {
      return String(image.ref) // storage full: the temp file still works for this session
    }
  },

  keptImage(key: string): PickedFile | null {
    try {
      Taro.getFileSystemManager().accessSync(key)
      return { name: 'photo.jpg', size: 0, ref: key }
    } catch {
      return null
    }
  },

  dropImage(key: string): void {
    try {
      Taro.getFileSystemManager().unlinkSync(key)
    } catch {
      // already gone
    }
  },
}
