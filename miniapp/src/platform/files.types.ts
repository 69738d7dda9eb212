/** A file the person picked, ready to upload. `ref` is the platform's handle (a temp path or a File). */
export interface PickedFile {
  name: string
  size: number
  ref: unknown
}

export interface OpenFileOptions {
  /** Shown to the person / used when saving. */
  fileName: string
  fileType: 'pdf' | 'xlsx'
  /** Send the bearer token (staff-only files such as the roster template). */
  auth: boolean
}

/**
 * Files on each platform: WeChat downloads into a temp file and opens it in its document viewer
 * (where people can forward or print it); a browser saves it or opens it in a new tab.
 * Every rejection is an ApiError or an Error with a Chinese message.
 */
export interface PlatformFiles {
  openFile(url: string, options: OpenFileOptions): Promise<void>
  /** Let the person pick one .xlsx file (WeChat: from a chat); null when they cancel. */
  pickSpreadsheet(): Promise<PickedFile | null>
  /** Upload as multipart field `field` with the bearer token; resolves with the JSON answer. */
  upload<T>(url: string, file: PickedFile, field: string): Promise<T>
}
