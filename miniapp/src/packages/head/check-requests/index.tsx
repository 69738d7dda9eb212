import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { CHECK_REQUEST_STATUS_LABELS, type CheckRequestDto } from '@linli/shared'
import { acknowledgeCheckRequest, listCheckRequests } from '../../../services/care'
import { ApiError, showErrorToast } from '../../../services/http'
import { getSession } from '../../../store/session'
import { formatDateTime } from '../../../utils/format'
import { HEAD_PAGES, openPage } from '../../../utils/nav'
import { BigButton, Card, EmptyState, ErrorState, Loading, Screen, StatusTag } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { usePaged } from '../shared/paged'
import './index.css'
import { platformMessages } from '../../../platform/messages'

export default function CheckRequestsPage() {
  const { name: gridName = '' } = useParams()
  // Open and acknowledged requests: the ones still waiting for a visit.
  const list = usePaged(async (cursor) => {
    const page = await listCheckRequests(undefined, cursor, { toast: cursor !== null })
    return { ...page, items: page.items.filter((r) => r.status !== 'answered') }
  })
  const [taking, setTaking] = useState<string | null>(null)
  const me = getSession().user?.id

  useDidShow(() => void list.reload())
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void list.loadMore())

  async function take(r: CheckRequestDto) {
    // in WeChat: may the next request and emergencies reach you as a message? (inside the tap)
    void platformMessages.ask(['check-request', 'emergency'])
    setTaking(r.id)
    try {
      await acknowledgeCheckRequest(r.id, { toast: false })
      void Taro.showToast({ title: '已接单', icon: 'success' })
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CHECK_REQUEST_TAKEN') showErrorToast('已经有其他网格员接单了')
      else if (err instanceof ApiError) showErrorToast(err.message)
    } finally {
      setTaking(null)
      void list.reload()
    }
  }

  return (
    <Screen className='check-requests'>
      <PageHead title='家属请求上门' subtitle={gridName} />
      {!list.loaded ? (
        <Loading />
      ) : list.error !== null ? (
        <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
      ) : list.items.length === 0 ? (
        <EmptyState title='没有等待处理的请求' description='家属请网格员上门看看时，请求会出现在这里。' />
      ) : (
        list.items.map((r) => {
          const mine = r.status === 'acknowledged' && r.acknowledgedBy?.id === me
          return (
            <Card key={r.id} className={r.status === 'open' ? 'cr cr--open' : 'cr'}>
              <View className='cr__name'>{r.person.name}</View>
              <View className='cr__message'>“{r.message}”</View>
              <View className='cr__meta'>
                {r.requester.displayName} · {formatDateTime(r.createdAt)}
              </View>
              <View className='cr__status'>
                <StatusTag tone={r.status === 'open' ? 'danger' : 'warn'}>
                  {r.status === 'acknowledged' && r.acknowledgedBy ? `${r.acknowledgedBy.displayName} 已接单` : CHECK_REQUEST_STATUS_LABELS[r.status]}
                </StatusTag>
              </View>
              {r.status === 'open' ? (
                <BigButton onClick={() => void take(r)} loading={taking === r.id} loadingText='正在接单…'>
                  接单
                </BigButton>
              ) : mine ? (
                <BigButton onClick={() => openPage(HEAD_PAGES.visit, { personId: r.person.id, name: r.person.name, checkRequestId: r.id })}>
                  记录上门结果
                </BigButton>
              ) : null}
            </Card>
          )
        })
      )}
    </Screen>
  )
}
