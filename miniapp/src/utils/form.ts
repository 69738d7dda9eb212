import Taro from '@tarojs/taro'
import { ApiError } from '../services/http'

/** Field path (`person.phone`) → the first Chinese message for it. */
export type FieldErrors = Record<string, string>

/** The parts of a zod `safeParse` result that forms read (kept structural: zod is a dependency of shared, not of the app). */
interface ParseResult<T> {
  success: boolean
  data?: T
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }
}

function pathKey(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.')
}

/** Validates with a shared schema: the parsed value, or the message of each failing field. */
export function validate<T>(result: ParseResult<T>): { ok: true; data: T } | { ok: false; errors: FieldErrors } {
  if (result.success) return { ok: true, data: result.data as T }
  const errors: FieldErrors = {}
  for (const issue of result.error?.issues ?? []) {
    const key = pathKey(issue.path)
    if (!(key in errors)) errors[key] = issue.message
  }
  return { ok: false, errors }
}

/**
 * The server's field details (`[{path, message}]`) as field errors, when it sent any: those of
 * VALIDATION_FAILED, and of coded refusals that name a field (ID_NUMBER_CHECKSUM, PHONE_INVALID…).
 */
export function serverFieldErrors(err: unknown): FieldErrors {
  const errors: FieldErrors = {}
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return errors
  for (const item of err.details as unknown[]) {
    if (typeof item !== 'object' || item === null) continue
    const { path, message } = item as { path?: unknown; message?: unknown }
    if (typeof path === 'string' && typeof message === 'string' && /[\u4e00-\u9fff]/.test(message) && !(path in errors)) {
      errors[path] = message
    }
  }
  return errors
}

/** A trimmed value, or undefined when nothing was typed (optional fields are left out of a body). */
export function optional(value: string): string | undefined {
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

/** Bring the first field with an error into view (after React has drawn it). */
export function scrollToFirstError(): void {
  setTimeout(() => {
    Taro.pageScrollTo({ selector: '.field--error', offsetTop: -80, duration: 200 }).catch(() => undefined)
  }, 60)
}
