import { useRef, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { NotificationDto } from '@linli/shared'
import { getCheckRequest, listNotifications, markNotificationRead } from '../../../services/care'
import { errorMessage } from '../../../services/http'
import { getSession } from '../../../store/session'
import { formatDateTime } from '../../../utils/format'
import { FAMILY_PAGES, HEAD_PAGES, NOTICE_PAGES, REPORT_PAGES, openPage } from '../../../utils/nav'
import { EmptyState, ErrorState, Loading, Screen } from '../../../components'
import './index.css'

export default function MessagesPage() {
  const [items, setItems] = useState<NotificationDto[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [unread, setUnread] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)

  async function load(more: boolean) {
    if (busy.current || (more && !cursor)) return
    busy.current = true
    try {
      const page = await listNotifications(more ? cursor : null, { toast: more })
      setItems((prev) => (more && prev ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
      setUnread(page.unreadCount)
      setError(null)
    } catch (err) {
      if (!more) setError(errorMessage(err))
    } finally {
      busy.current = false
    }
  }

  useDidShow(() => void load(false))
  usePullDownRefresh(() => {
    void load(false).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void load(true))

  /** `check-request:<id>`: the asker goes to the family page, a carer to the requests list. */
  async function follow(link: string | null) {
    // notices: `notice:<id>` (urgent notices, reminders) opens the notice
    const notice = link ? /^notice:(.+)$/.exec(link) : null
    if (notice) {
      openPage(NOTICE_PAGES.detail, { id: notice[1]! })
      return
    }
    // `report:<id>` (随手拍): the report's page, for the reporter and the handlers alike.
    const report = link ? /^report:(.+)$/.exec(link) : null
    if (report) {
      openPage(REPORT_PAGES.detail, { id: report[1]! })
      return
    }
    const match = link ? /^check-request:(.+)$/.exec(link) : null
    if (!match) return
    try {
      const r = await getCheckRequest(match[1]!)
      if (r.requester.id === getSession().user?.id) openPage(FAMILY_PAGES.person, { id: r.person.id, name: r.person.name })
      else openPage(HEAD_PAGES.checkRequests)
    } catch {
      // http.ts showed why.
    }
  }

  async function open(n: NotificationDto) {
    void follow(n.link)
    if (n.readAt) return
    const at = new Date().toISOString()
    setItems((prev) => prev?.map((x) => (x.id === n.id ? { ...x, readAt: at } : x)) ?? prev)
    setUnread((u) => Math.max(0, u - 1))
    try {
      await markNotificationRead(n.id, { toast: false })
    } catch {
      // Shown read here; the next load tells the truth.
    }
  }

  return (
    <Screen className='messages'>
      <View className='messages__head'>{unread > 0 ? `${unread} 条未读` : '消息'}</View>
      {items === null ? (
        error !== null ? (
          <ErrorState message={error} onRetry={() => void load(false)} />
        ) : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <EmptyState title='还没有消息' description='网格员上门查看、接单等消息会出现在这里。' />
      ) : (
        items.map((n) => (
          <View
            key={n.id}
            className={n.readAt ? 'message' : 'message message--unread'}
            role='button'
            ariaRole='button'
            hoverClass='message--pressed'
            onClick={() => void open(n)}
          >
            <View className='message__title'>
              {n.readAt ? null : <View className='message__dot' />}
              {n.title}
            </View>
            <View className='message__body'>{n.body}</View>
            <View className='message__time'>{formatDateTime(n.createdAt)}</View>
          </View>
        ))
      )}
    </Screen>
  )
}
