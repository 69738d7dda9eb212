import { Text, View } from '@tarojs/components'
import { VISIT_OUTCOME_LABELS } from '@linli/shared'
import { discardVisit, syncWithFeedback, useVisitQueue } from '../../../services/visit-sync'
import { formatDateTime } from '../../../utils/format'
import { SmallButton } from './small-button'
import './queue-banner.css'

/** 待同步 N 条 with 立即同步, and the visits the server refused (未能提交) with the reason. */
export function QueueBanner() {
  const { pending, failed, syncing } = useVisitQueue()
  if (pending.length === 0 && failed.length === 0) return null
  return (
    <View className='queue-banner'>
      {pending.length > 0 ? (
        <View className='queue-banner__pending' role='status'>
          <View className='queue-banner__main'>
            <View className='queue-banner__title'>待同步 {pending.length} 条</View>
            <View className='queue-banner__text'>走访记录已保存在手机上，网络恢复后自动提交</View>
          </View>
          <SmallButton primary onClick={() => void syncWithFeedback()}>
            {syncing ? '同步中…' : '立即同步'}
          </SmallButton>
        </View>
      ) : null}
      {failed.map((q) => (
        <View key={q.body.id} className='queue-banner__failed' role='alert'>
          <View className='queue-banner__main'>
            <View className='queue-banner__title queue-banner__title--failed'>
              未能提交：{q.personName} · {VISIT_OUTCOME_LABELS[q.body.outcome]}
            </View>
            <View className='queue-banner__text'>
              <Text>{formatDateTime(q.body.occurredAt)} 的走访。</Text>
              <Text>{q.error?.message ?? '服务器没有接受这条记录'}</Text>
            </View>
          </View>
          <SmallButton onClick={() => discardVisit(q.body.id)}>删除</SmallButton>
        </View>
      ))}
    </View>
  )
}
