import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { errorMessage } from '../services/http'

/**
 * Data a page loads from the server whenever it shows. The first load shows a full-page error
 * when it fails; a reload keeps what is on screen (the http client toasts the failure instead).
 */
export function useRemote<T>(fetch: (options: { toast: boolean }) => Promise<T>) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)

  async function load() {
    setLoading(true)
    try {
      setData(await fetch({ toast: data !== null }))
      setError(null)
    } catch (err) {
      if (data === null) setError(errorMessage(err))
    } finally {
      setLoading(false)
    }
  }

  useDidShow(() => {
    void load()
  })

  return { data, error, loading, load }
}
