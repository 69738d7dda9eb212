import { ApiError, CLIENT_ERROR_MESSAGES, toApiError } from '../services/http'
import { getToken } from '../store/session'
import type { PickedFile, PickedImage, PlatformFiles } from './files.types'

/** Photos kept for a later sync: a browser cannot keep a File across reloads, so this session only. */
const kept = new Map<string, File>()
let keptSeq = 0

function authHeader(): Record<string, string> {
  const token = getToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json()
  } catch {
    return null
  }
}

/** Saves a blob under a file name through a temporary link (works in every current browser). */
function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
}

export const platformFiles: PlatformFiles = {
  async openFile(url, { fileName, auth }) {
    if (!auth) {
      // Public (the poster): a new tab shows it, and the browser's own buttons save or print it.
      // (With 'noopener' window.open always answers null, so the opener is cut by hand.)
      const opened = window.open(url, '_blank')
      if (opened) {
        opened.opener = null
        return
      }
      let res: Response
      try {
        res = await fetch(url)
      } catch {
        throw new ApiError('NETWORK_ERROR', CLIENT_ERROR_MESSAGES.NETWORK_ERROR, 0)
      }
      if (!res.ok) throw toApiError(res.status, await readJson(res))
      saveBlob(await res.blob(), fileName)
      return
    }
    // A plain link cannot carry the bearer token: fetch it, then save it.
    let res: Response
    try {
      res = await fetch(url, { headers: authHeader() })
    } catch {
      throw new ApiError('NETWORK_ERROR', CLIENT_ERROR_MESSAGES.NETWORK_ERROR, 0)
    }
    if (!res.ok) throw toApiError(res.status, await readJson(res))
    saveBlob(await res.blob(), fileName)
  },

  pickSpreadsheet(): Promise<PickedFile | null> {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      input.style.display = 'none'
      const done = (file: File | null) => {
        input.remove()
        resolve(file ? { name: file.name, size: file.size, ref: file } : null)
      }
      input.addEventListener('change', () => done(input.files?.[0] ?? null))
      input.addEventListener('cancel', () => done(null))
      document.body.appendChild(input)
      input.click()
    })
  },

  async upload<T>(url: string, file: PickedFile, field: string): Promise<T> {
    const form = new FormData()
    form.append(field, file.ref as File, file.name)
    let res: Response
    try {
      res = await fetch(url, { method: 'POST', headers: { ...authHeader(), Accept: 'application/json' }, body: form })
    } catch {
      throw new ApiError('NETWORK_ERROR', CLIENT_ERROR_MESSAGES.NETWORK_ERROR, 0)
    }
    const data = await readJson(res)
    if (!res.ok) throw toApiError(res.status, data)
    if (data === null) throw new ApiError('BAD_RESPONSE', CLIENT_ERROR_MESSAGES.BAD_RESPONSE, res.status)
    return data as T
  },

  pickImages(max: number): Promise<PickedImage[]> {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = 'image/jpeg,image/png,image/webp'
      input.multiple = max > 1
      input.style.display = 'none'
      input.setAttribute('data-testid', 'photo-input')
      const done = (files: File[]) => {
        input.remove()
        resolve(files.slice(0, max).map((f) => ({ name: f.name, size: f.size, ref: f, preview: URL.createObjectURL(f) })))
      }
      input.addEventListener('change', () => done(Array.from(input.files ?? [])))
      input.addEventListener('cancel', () => done([]))
      document.body.appendChild(input)
      input.click()
    })
  },

  async keepImage(image: PickedImage): Promise<string> {
    const key = `mem:${Date.now()}-${++keptSeq}`
    kept.set(key, image.ref as File)
    return key
  },

  keptImage(key: string): PickedFile | null {
    const file = kept.get(key)
    return file ? { name: file.name, size: file.size, ref: file } : null
  },

  dropImage(key: string): void {
    kept.delete(key)
  },
}
