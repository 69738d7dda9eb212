import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { VISIT_METHOD_LABELS, VISIT_OUTCOME_LABELS, type CareListItem } from '@linli/shared'
import { listCare, listCheckRequests } from '../../../services/care'
import { syncNow } from '../../../services/visit-sync'
import { formatDateTime, formatOverdue } from '../../../utils/format'
import { HEAD_PAGES, openPage } from '../../../utils/nav'
import { Card, EmptyState, ErrorState, Loading, Screen, StatusTag } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { usePaged } from '../shared/paged'
import { QueueBanner } from '../shared/queue-banner'
import { SmallButton } from '../shared/small-button'
import { tagTone } from '../shared/tags'
import './index.css'

function CareCard({ item, onOpen }: { item: CareListItem; onOpen: () => void }) {
  const { person, lastVisit } = item
  const overdue = item.overdueMinutes > 0
  return (
    <Card className={overdue ? 'care-card care-card--overdue' : 'care-card'} onClick={onOpen}>
      <View className='care-card__top'>
        <View className='care-card__name'>
          {person.name}
          {person.age !== null ? <Text className='care-card__age'>{person.age} 岁</Text> : null}
        </View>
        <Text className='care-card__arrow'>›</Text>
      </View>
      <View className='care-card__address'>{person.address}</View>
      <View className={overdue ? 'care-card__due care-card__due--overdue' : 'care-card__due'}>
        {overdue ? formatOverdue(item.overdueMinutes) : `下次 ${formatDateTime(item.nextDueAt)}`}
      </View>
      <View className='care-card__last'>
        {lastVisit
          ? `上次：${VISIT_OUTCOME_LABELS[lastVisit.outcome]} · ${VISIT_METHOD_LABELS[lastVisit.method]} · ${formatDateTime(lastVisit.occurredAt)} · ${lastVisit.carerName}`
          : '还没有走访记录'}
      </View>
      {person.tags.length > 0 || item.openFollowUps > 0 ? (
        <View className='care-card__tags'>
          {item.openFollowUps > 0 ? <StatusTag tone='danger'>待跟进 {item.openFollowUps}</StatusTag> : null}
          {person.tags.map((t) => (
            <StatusTag key={t} tone={tagTone(t)}>
              {t}
            </StatusTag>
          ))}
        </View>
      ) : null}
    </Card>
  )
}

export default function CarePage() {
  const { gridId = '', name: gridName = '', staff = '' } = useParams()
  const list = usePaged((cursor) => listCare(gridId, cursor, { toast: cursor !== null }))
  // Open family requests; null while unknown or when the server has no check requests.
  const [openRequests, setOpenRequests] = useState<number | null>(null)

  function loadRequests() {
    listCheckRequests('open', null, { toast: false }).then(
      (page) => setOpenRequests(page.items.length),
      () => setOpenRequests(null),
    )
  }

  useDidShow(() => {
    void list.reload()
    void syncNow()
    loadRequests()
  })
  usePullDownRefresh(() => {
    void Promise.all([list.reload(), syncNow()]).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void list.loadMore()
  })

  const overdueCount = list.items.filter((i) => i.overdueMinutes > 0).length

  return (
    <Screen className='care'>
      <PageHead
        title='关爱走访'
        subtitle={gridName}
        extra={
          openRequests !== null ? (
            <SmallButton primary={openRequests > 0} onClick={() => openPage(HEAD_PAGES.checkRequests, { gridId, name: gridName })}>
              {openRequests > 0 ? `上门请求 ${openRequests}` : '上门请求'}
            </SmallButton>
          ) : undefined
        }
      />
      <QueueBanner />

      {!list.loaded ? (
        <Loading />
      ) : list.error !== null && list.items.length === 0 ? (
        <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
      ) : list.items.length === 0 ? (
        <EmptyState
          title='还没有需要走访的人'
          description={
            staff === '1'
              ? '给住户加上“独居老人”“空巢”等标签后，他们会按走访计划出现在这里。'
              : '网格长把需要关照的老人交给你后，他们会出现在这里。'
          }
        />
      ) : (
        <View>
          {overdueCount > 0 ? <View className='care__summary'>{overdueCount} 人已超时，请先去看看</View> : null}
          {list.items.map((item) => (
            <CareCard
              key={item.person.id}
              item={item}
              onOpen={() => openPage(HEAD_PAGES.carePerson, { id: item.person.id, name: item.person.name, staff })}
            />
          ))}
          <View className='list-footer'>{list.hasMore ? (list.loading ? '正在加载…' : '上滑加载更多') : `共 ${list.items.length} 人`}</View>
        </View>
      )}
    </Screen>
  )
}
