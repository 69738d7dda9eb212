import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { confirmNotice, openNotice } from '../../../services/notices'
import { platformMessages } from '../../../platform/messages'
import { errorMessage } from '../../../services/http'
import { formatDateTime } from '../../../utils/format'
import { NOTICE_PAGES, openPage } from '../../../utils/nav'
import { useRemote } from '../../../utils/use-remote'
import { BigButton, ErrorState, Loading, Notice, Screen } from '../../../components'
import { CategoryTag } from '../shared/category-tag'
import { useParams } from '../shared/params'
import './index.css'

/** One notice, large and plain; opening it counts as read. A "must confirm" one ends with one big button. */
export default function NoticeDetailPage() {
  const { id = '' } = useParams()
  const notice = useRemote((options) => openNotice(id, options))
  const [confirming, setConfirming] = useState(false)
  const n = notice.data

  async function confirm() {
    // in WeChat: may urgent notices reach you as a message? (inside the tap, as WeChat requires)
    void platformMessages.ask(['notice-urgent'])
    setConfirming(true)
    try {
      await confirmNotice(id, { toast: false })
      void Taro.showToast({ title: '已确认', icon: 'success' })
      await notice.load()
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
    } finally {
      setConfirming(false)
    }
  }

  if (!n) {
    return (
      <Screen className='notice-detail'>
        {notice.error !== null ? <ErrorState message={notice.error} onRetry={() => void notice.load()} retrying={notice.loading} /> : <Loading />}
      </Screen>
    )
  }

  return (
    <Screen className='notice-detail'>
      <View className='notice-detail__tags'>
        <CategoryTag category={n.category} />
      </View>
      <View className='notice-detail__title'>{n.title}</View>
      <View className='notice-detail__meta'>
        <Text>{n.node.name}</Text>
        <Text className='notice-detail__sep'>·</Text>
        <Text>{n.authorName}</Text>
        <Text className='notice-detail__sep'>·</Text>
        <Text>{formatDateTime(n.createdAt)}</Text>
      </View>
      <View className='notice-detail__body'>{n.body}</View>

      {n.requireConfirm && n.isRecipient ? (
        n.confirmedAt ? (
          <Notice tone='done' title='你已确认'>
            确认时间：{formatDateTime(n.confirmedAt)}
          </Notice>
        ) : (
          <View className='notice-detail__confirm'>
            <View className='notice-detail__ask'>这条通知需要你确认已经知道了</View>
            <BigButton className='notice-detail__confirm-button' onClick={() => void confirm()} loading={confirming} loadingText='正在确认…'>
              我已知晓，确认
            </BigButton>
          </View>
        )
      ) : null}

      {n.receiptNodes.length > 0 ? (
        <View className='notice-detail__receipts'>
          {n.receiptNodes.map((node) => (
            <BigButton
              key={node.id}
              variant='secondary'
              onClick={() => openPage(NOTICE_PAGES.receipts, { id: n.id, nodeId: node.id, name: node.name })}
            >
              {n.receiptNodes.length > 1 || node.id !== n.node.id ? `${node.name}：谁还没读` : '查看阅读情况'}
            </BigButton>
          ))}
        </View>
      ) : null}
    </Screen>
  )
}
