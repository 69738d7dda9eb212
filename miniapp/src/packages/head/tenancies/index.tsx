import { useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { GENDER_LABELS, TENANCY_FLAG_LABELS, TENANCY_STATUS_LABELS, type RosterItem, type TenancyFlag, type TenancyStatus } from '@linli/shared'
import { listRoster, rosterExportUrl, type RosterFilter } from '../../../services/tenancy'
import { errorMessage, showErrorToast } from '../../../services/http'
import { platformFiles } from '../../../platform/files'
import { BigButton, Card, ChipGroup, EmptyState, ErrorState, Loading, Notice, Screen, StatusTag } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { usePaged } from '../shared/paged'
import './index.css'

type Choice = 'all' | TenancyStatus | TenancyFlag

const CHOICES: { value: Choice; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'active', label: TENANCY_STATUS_LABELS.active },
  { value: 'pending', label: TENANCY_STATUS_LABELS.pending },
  { value: 'overdue', label: TENANCY_FLAG_LABELS.overdue },
  { value: 'unverified', label: TENANCY_FLAG_LABELS.unverified },
  { value: 'ended', label: TENANCY_STATUS_LABELS.ended },
]

function toFilter(c: Choice): RosterFilter {
  if (c === 'overdue' || c === 'unverified') return { flag: c }
  if (c === 'all') return {}
  return { status: c }
}

function RosterCard({ item }: { item: RosterItem }) {
  const flagged = item.flags.length > 0
  return (
    <Card className={flagged ? 'roster-card roster-card--flagged' : 'roster-card'}>
      <View className='roster-card__top'>
        <View className='roster-card__name'>
          {item.tenant.name}
          {item.tenant.gender ? <Text className='roster-card__meta'>{GENDER_LABELS[item.tenant.gender]}</Text> : null}
        </View>
        <Text className='roster-card__where'>{item.address} {item.room}</Text>
      </View>
      <View className='roster-card__line'>身份证 {item.tenant.idNumber ?? '未登记'}</View>
      <View className='roster-card__line'>手机 {item.tenant.phone ?? '未登记'}</View>
      <View className='roster-card__line'>
        {item.tenant.homeRegion ?? ''}{item.tenant.employer ? ` · ${item.tenant.employer}` : ''}
      </View>
      <View className='roster-card__line'>
        房东 {item.landlordName} · {item.moveInDate} 入住{item.expectedMoveOutDate ? ` · 预计 ${item.expectedMoveOutDate} 搬离` : ''}
        {item.movedOutOn ? ` · ${item.movedOutOn} 已搬离` : ''}
      </View>
      <View className='roster-card__tags'>
        {item.status !== 'active' ? <StatusTag tone={item.status === 'pending' ? 'warn' : 'neutral'}>{TENANCY_STATUS_LABELS[item.status]}</StatusTag> : null}
        {item.flags.map((f) => (
          <StatusTag key={f} tone={f === 'overdue' ? 'danger' : 'warn'}>{TENANCY_FLAG_LABELS[f]}</StatusTag>
        ))}
      </View>
    </Card>
  )
}

/** The community's roster of tenants in its subtree: masked, with flags, and the Excel export. */
export default function TenanciesPage() {
  const { gridId = '', name: gridName = '' } = useParams()
  const [choice, setChoice] = useState<Choice>('all')
  const current = useRef<Choice>('all')
  const [exporting, setExporting] = useState(false)
  const [exported, setExported] = useState(false)
  const list = usePaged((cursor) => listRoster(gridId, toFilter(current.current), cursor, { toast: cursor !== null }))
  useDidShow(() => {
    void list.reload()
  })
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void list.loadMore()
  })

  function choose(next: Choice) {
    setChoice(next)
    current.current = next
    void list.reload()
  }

  async function exportXlsx() {
    if (exporting) return
    setExporting(true)
    try {
      const label = CHOICES.find((c) => c.value === choice)!.label
      await platformFiles.openFile(rosterExportUrl(gridId, toFilter(choice)), { fileName: `租客登记表-${gridName}-${label}.xlsx`, fileType: 'xlsx', auth: true })
      setExported(true)
    } catch (err) {
      showErrorToast(errorMessage(err, '没能导出，请稍后再试'))
    } finally {
      setExporting(false)
    }
  }

  return (
    <Screen className='tenancies'>
      <PageHead title='租客名册' subtitle={gridName} />
      <View className='tenancies__filter'>
        <ChipGroup options={CHOICES} value={[choice]} onChange={(v) => choose(v[0] ?? 'all')} />
      </View>
      <BigButton variant='secondary' onClick={() => void exportXlsx()} loading={exporting} loadingText='正在导出…'>
        导出 Excel（报派出所）
      </BigButton>
      {exported ? <Notice tone='done'>已导出。每次导出都记入审计日志（谁、何时、导出了多少条）。</Notice> : null}

      {!list.loaded ? (
        <Loading />
      ) : list.error !== null ? (
        <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
      ) : list.items.length === 0 ? (
        <EmptyState
          title={choice === 'all' ? '还没有租客登记' : '没有符合条件的租客'}
          description={choice === 'all' ? '房东在小程序里登记出租房和租客后，这里会自动出现。' : '点“全部”看所有租客。'}
        />
      ) : (
        <View className='tenancies__list'>
          {list.items.map((item) => (
            <RosterCard key={item.id} item={item} />
          ))}
          <View className='list-footer'>{list.hasMore ? (list.loading ? '正在加载…' : '上滑加载更多') : `共 ${list.items.length} 人`}</View>
        </View>
      )}
    </Screen>
  )
}
