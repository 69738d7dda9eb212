import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { NOTICE_CATEGORY_LABELS, type NoticeSummary } from '@linli/shared'
import { me as fetchMe } from '../../services/auth'
import { listNotices } from '../../services/notices'
import { getSession, isLoggedIn, setMe } from '../../store/session'
import { useSession } from '../../store/use-session'
import { formatDateTime } from '../../utils/format'
import { NOTICE_PAGES, goLogin, openPage } from '../../utils/nav'
import { usePaged } from '../../utils/use-paged'
import { BigButton, Card, EmptyState, ErrorState, Loading, Screen, StatusTag } from '../../components'
import './index.css'

function NoticeCard({ n }: { n: NoticeSummary }) {
  const unread = n.readAt === null
  return (
    <Card className={['notice-card', n.category === 'urgent' ? 'notice-card--urgent' : ''].filter(Boolean).join(' ')} onClick={() => openPage(NOTICE_PAGES.detail, { id: n.id })}>
      <View className='notice-card__top'>
        {unread ? <View className='notice-card__dot' aria-label='未读' /> : null}
        <StatusTag tone={n.category === 'urgent' ? 'danger' : 'primary'}>{NOTICE_CATEGORY_LABELS[n.category]}</StatusTag>
        {n.requireConfirm ? <StatusTag tone={n.confirmedAt ? 'neutral' : 'warn'}>{n.confirmedAt ? '已确认' : '需确认'}</StatusTag> : null}
        <Text className='notice-card__time'>{formatDateTime(n.createdAt)}</Text>
      </View>
      <View className={['notice-card__title', unread ? 'notice-card__title--unread' : ''].filter(Boolean).join(' ')}>{n.title}</View>
      <View className='notice-card__excerpt'>{n.excerpt}</View>
      <View className='notice-card__from'>
        {n.node.name} · {n.authorName}
      </View>
    </Card>
  )
}

/** The 通知 tab: everything addressed to my grids and the grids above them, newest first. */
export default function NoticesTab() {
  const { me } = useSession()
  const list = usePaged((cursor) => listNotices(cursor, { toast: cursor !== null }))
  const canPublish = (me?.memberships ?? []).some((m) => m.isStaff && m.status === 'active')
  const unread = list.items.filter((n) => n.readAt === null).length

  useDidShow(() => {
    if (!isLoggedIn()) {
      goLogin()
      return
    }
    void list.reload()
    // who may publish comes from my memberships (loaded by the home tab, or here after a reload)
    if (!getSession().me) fetchMe({ toast: false }).then(setMe, () => undefined)
  })
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void list.loadMore())

  return (
    <Screen className='notices'>
      <View className='notices__head'>
        <View className='notices__title'>通知</View>
        {list.loaded && list.error === null ? <View className='notices__count'>{unread > 0 ? `${unread} 条未读` : '都已读过'}</View> : null}
      </View>
      {canPublish ? (
        <View className='notices__publish'>
          <BigButton onClick={() => openPage(NOTICE_PAGES.publish)}>发布通知</BigButton>
        </View>
      ) : null}
      {!list.loaded ? (
        <Loading />
      ) : list.error !== null ? (
        <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
      ) : list.items.length === 0 ? (
        <EmptyState title='还没有通知' description='社区、网格发布的通知会出现在这里，不用再翻群消息。' />
      ) : (
        <>
          {list.items.map((n) => (
            <NoticeCard key={n.id} n={n} />
          ))}
          <View className='notices__end'>{list.hasMore ? (list.loading ? '正在加载…' : '上滑加载更多') : '没有更多了'}</View>
        </>
      )}
    </Screen>
  )
}
