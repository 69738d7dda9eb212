import { useRouter } from '@tarojs/taro'
import { safeDecode } from './nav'

/** The page's query, decoded (H5 keeps values encoded, WeChat does not). */
export function useParams(): Record<string, string> {
  const { params } = useRouter()
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') out[key] = safeDecode(value)
  return out
}
