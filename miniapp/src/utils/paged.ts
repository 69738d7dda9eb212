import { useRef, useState } from 'react'
import type { Page } from '@linli/shared'
import { errorMessage } from '../services/http'

export interface Paged<T> {
  items: T[]
  /** First load done (successfully or not). */
  loaded: boolean
  loading: boolean
  /** A first-load failure, shown instead of the list. */
  error: string | null
  hasMore: boolean
  /** Start over (a new filter, a refresh after an action). */
  reload: () => Promise<void>
  /** The next page, when there is one (on scroll to the bottom). */
  loadMore: () => Promise<void>
}

/**
 * A cursor-paged list: `fetch(cursor)` answers `{items, nextCursor}`. A reload that starts
 * while an older one is in flight wins: the older answer is dropped.
 */
export function usePaged<T>(fetch: (cursor: string | null) => Promise<Page<T>>): Paged<T> {
  const [items, setItems] = useState<T[]>([])
  const [loaded, setLoaded] = useState(false)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const generation = useRef(0)
  const busy = useRef(false)

  async function reload() {
    const gen = ++generation.current
    busy.current = true
    setLoading(true)
    try {
      const page = await fetch(null)
      if (gen !== generation.current) return
      setItems(page.items)
      setCursor(page.nextCursor)
      setError(null)
    } catch (err) {
      if (gen !== generation.current) return
      setError(errorMessage(err))
    } finally {
      if (gen === generation.current) {
        busy.current = false
        setLoading(false)
        setLoaded(true)
      }
    }
  }

  async function loadMore() {
    if (busy.current || !cursor) return
    const gen = generation.current
    busy.current = true
    setLoading(true)
    try {
      const page = await fetch(cursor)
      if (gen !== generation.current) return
      setItems((prev) => [...prev, ...page.items])
      setCursor(page.nextCursor)
    } catch {
      // The toast of http.ts says why; scrolling again retries.
    } finally {
      if (gen === generation.current) {
        busy.current = false
        setLoading(false)
      }
    }
  }

  return { items, loaded, loading, error, hasMore: cursor !== null, reload, loadMore }
}
