import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { ReceiptCounts } from '@linli/shared'
import { getReceipts, remindNotice } from '../../../services/notices'
import { errorMessage } from '../../../services/http'
import { formatDateTime } from '../../../utils/format'
import { useRemote } from '../../../utils/use-remote'
import { BigButton, Card, EmptyState, ErrorState, Loading, Notice, Screen } from '../../../components'
import { CategoryTag } from '../shared/category-tag'
import { useParams } from '../shared/params'
import './index.css'

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100)
}

/** One bar: how many of the households have read (and, for must-confirm notices, confirmed). */
function Progress({ counts, confirm }: { counts: ReceiptCounts; confirm: boolean }) {
  const done = confirm ? counts.confirmed : counts.read
  return (
    <View className='progress' aria-label={`${done}/${counts.reached}`}>
      <View className='progress__fill' style={{ width: `${percent(done, counts.reached)}%` }} />
    </View>
  )
}

/** Who has read a notice, per child grid, who has not, and one reminder for them. */
export default function ReceiptsPage() {
  const { id = '', nodeId = '' } = useParams()
  const receipts = useRemote((options) => getReceipts(id, nodeId || undefined, options))
  const [reminding, setReminding] = useState(false)
  const [reminded, setReminded] = useState<string | null>(null)
  const r = receipts.data

  usePullDownRefresh(() => {
    void receipts.load().finally(() => Taro.stopPullDownRefresh())
  })

  async function remind() {
    if (!r) return
    const who = r.notice.requireConfirm ? '还没确认' : '还没读'
    const { confirm } = await Taro.showModal({ title: '提醒一下', content: `给${who}的住户发一条提醒，6 小时内只能提醒一次。`, confirmText: '提醒', cancelText: '取消' })
    if (!confirm) return
    setReminding(true)
    try {
      const res = await remindNotice(id, nodeId || undefined, { toast: false })
      setReminded(`已提醒 ${res.recipients} 人`)
      await receipts.load()
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 3000 })
    } finally {
      setReminding(false)
    }
  }

  if (!r) {
    return (
      <Screen className='receipts'>
        {receipts.error !== null ? <ErrorState message={receipts.error} onRetry={() => void receipts.load()} retrying={receipts.loading} /> : <Loading />}
      </Screen>
    )
  }

  const confirm = r.notice.requireConfirm
  const waiting = confirm ? r.totals.reached - r.totals.confirmed : r.unreadTotal
  return (
    <Screen className='receipts'>
      <View className='receipts__head'>
        <CategoryTag category={r.notice.category} />
        <View className='receipts__title'>{r.notice.title}</View>
        <View className='receipts__node'>
          {r.node.name} · {formatDateTime(r.notice.createdAt)}
        </View>
      </View>

      {!r.delivered ? <Notice tone='info'>通知正在送达下面的住户，数字还会增加，稍后下拉刷新。</Notice> : null}

      <Card className='receipts__totals'>
        <View className='totals'>
          <View className='totals__item'>
            <Text className='totals__number'>{r.totals.read}</Text>
            <Text className='totals__label'>户已读</Text>
          </View>
          {confirm ? (
            <View className='totals__item'>
              <Text className='totals__number'>{r.totals.confirmed}</Text>
              <Text className='totals__label'>户已确认</Text>
            </View>
          ) : null}
          <View className='totals__item'>
            <Text className={['totals__number', r.unreadTotal > 0 ? 'totals__number--warn' : ''].filter(Boolean).join(' ')}>{r.unreadTotal}</Text>
            <Text className='totals__label'>户未读</Text>
          </View>
          <View className='totals__item'>
            <Text className='totals__number totals__number--muted'>{r.totals.reached}</Text>
            <Text className='totals__label'>户已送达</Text>
          </View>
        </View>
        <Progress counts={r.totals} confirm={confirm} />
      </Card>

      {r.children.some((c) => c.node.id !== r.node.id) ? (
        <>
          <View className='receipts__section'>各网格{confirm ? '确认' : '阅读'}进度</View>
          <Card>
            {r.children.map((c) => (
              <View key={c.node.id} className='child'>
                <View className='child__line'>
                  <Text className='child__name'>{c.node.id === r.node.id ? `${c.node.name}（直属）` : c.node.name}</Text>
                  <Text className='child__count'>
                    {confirm ? c.confirmed : c.read}/{c.reached} 户
                  </Text>
                </View>
                <Progress counts={c} confirm={confirm} />
              </View>
            ))}
          </Card>
        </>
      ) : null}

      <View className='receipts__section'>还没读的住户{r.unreadTotal > r.unread.length ? `（显示前 ${r.unread.length} 户）` : ''}</View>
      {r.unread.length === 0 ? (
        <EmptyState title={r.totals.reached === 0 ? '还没有送达任何住户' : '大家都读过了'} description={r.totals.reached === 0 ? '这里还没有加入的住户。' : undefined} />
      ) : (
        <Card>
          {r.unread.map((u, i) => (
            <View key={`${u.node.id}-${u.address}-${i}`} className='unread'>
              <Text className='unread__who'>{u.address ? `${u.address}  ${u.names.join('、')}` : u.names.join('、')}</Text>
              {u.node.id !== r.node.id ? <Text className='unread__node'>{u.node.name}</Text> : null}
            </View>
          ))}
        </Card>
      )}

      <View className='receipts__actions'>
        {reminded ? <Notice tone='done'>{reminded}，他们会在消息里看到提醒。</Notice> : null}
        {r.nextRemindAt ? (
          <Notice tone='info'>{`${formatDateTime(r.lastRemindedAt!)} 已提醒过，${formatDateTime(r.nextRemindAt)} 后可以再提醒。`}</Notice>
        ) : waiting > 0 ? (
          <BigButton onClick={() => void remind()} loading={reminding} loadingText='正在提醒…'>
            {confirm ? `提醒还没确认的住户` : `提醒 ${r.unreadTotal} 户还没读的`}
          </BigButton>
        ) : null}
      </View>
    </Screen>
  )
}
