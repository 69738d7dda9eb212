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
  /** Let the person take photos or pick them from the album (at most `max`); [] when they cancel. */
  pickImages(max: number): Promise<PickedImage[]>
  /** The picked image kept where a later sync can still find it (WeChat: saved file; browser: this session's memory). */
  keepImage(image: PickedImage): Promise<string>
  /** A kept image by its key, or null when it is gone (browser reloaded, WeChat cleaned it). */
  keptImage(key: string): PickedFile | null
  /** Forget a kept image once it is uploaded. */
  dropImage(key: string): void
}

/** A picked photo: the file to upload and a source an <Image> can show at once. */
export interface PickedImage extends PickedFile {
  preview: string
}
