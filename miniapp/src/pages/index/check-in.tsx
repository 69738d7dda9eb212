import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { checkIn } from '../../services/care'
import { formatDateTime } from '../../utils/format'

const KEY_PREFIX = 'linli.checkIn.'

function lastCheckIn(personId: string): string | null {
  try {
    const v: unknown = Taro.getStorageSync(KEY_PREFIX + personId)
    return typeof v === 'string' && v ? v : null
  } catch {
    return null
  }
}

function isToday(iso: string): boolean {
  const d = new Date(iso)
  const now = new Date()
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate()
}

/** The elder's own "我很好": one very large button, then a clear thank-you for the rest of the day. */
export function CheckInCard({ personId }: { personId: string }) {
  const [doneAt, setDoneAt] = useState<string | null>(() => {
    const last = lastCheckIn(personId)
    return last && isToday(last) ? last : null
  })
  const [busy, setBusy] = useState(false)

  async function press() {
    if (busy) return
    setBusy(true)
    try {
      const res = await checkIn(personId)
      setDoneAt(res.at)
      try {
        Taro.setStorageSync(KEY_PREFIX + personId, res.at)
      } catch {
        // Only the thank-you after a restart is lost.
      }
    } catch {
      // http.ts showed why; the button stays so she can press again.
    } finally {
      setBusy(false)
    }
  }

  if (doneAt) {
    return (
      <View className='check-in'>
        <View className='check-in__done' role='status'>
          <View className='check-in__done-title'>已告诉网格员，你今天很好</View>
          <View className='check-in__done-time'>{formatDateTime(doneAt)} 报的平安，谢谢你</View>
        </View>
      </View>
    )
  }
  return (
    <View className='check-in'>
      <View
        className={busy ? 'check-in__button check-in__button--busy' : 'check-in__button'}
        role='button'
        ariaRole='button'
        hoverClass='check-in__button--pressed'
        onClick={() => void press()}
      >
        {busy ? '正在告诉网格员…' : '我很好'}
      </View>
      <View className='check-in__hint'>点一下，告诉网格员你今天很好</View>
    </View>
  )
}
