import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { VISIT_METHOD_LABELS, VISIT_OUTCOME_LABELS, type CarePlanDto, type VisitDto, type VisitOutcome } from '@linli/shared'
import { getCarePlan, listVisits, setCarePlan } from '../../../services/care'
import { errorMessage } from '../../../services/http'
import { syncNow, useVisitQueue } from '../../../services/visit-sync'
import { formatDateTime, formatEvery, formatOverdue } from '../../../utils/format'
import { HEAD_PAGES, openPage } from '../../../utils/nav'
import { BigButton, Card, ChipGroup, EmptyState, ErrorState, Loading, Screen, StatusTag } from '../../../components'
import type { TagTone } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { usePaged } from '../shared/paged'
import { QueueBanner } from '../shared/queue-banner'
import { SmallButton } from '../shared/small-button'
import './index.css'

const INTERVALS = [6, 12, 24, 48, 72, 168]

function outcomeTone(outcome: VisitOutcome): TagTone {
  if (outcome === 'well') return 'primary'
  if (outcome === 'emergency' || outcome === 'needs_help') return 'danger'
  return 'warn'
}

function VisitRow({ visit }: { visit: VisitDto }) {
  return (
    <View className='visit-row'>
      <View className='visit-row__top'>
        <StatusTag tone={outcomeTone(visit.outcome)}>{VISIT_OUTCOME_LABELS[visit.outcome]}</StatusTag>
        <Text className='visit-row__time'>{formatDateTime(visit.occurredAt)}</Text>
      </View>
      <View className='visit-row__meta'>
        {VISIT_METHOD_LABELS[visit.method]} · {visit.carer.displayName}
      </View>
      {visit.note ? <View className='visit-row__note'>{visit.note}</View> : null}
    </View>
  )
}

function PlanCard({ plan, staff, onSaved }: { plan: CarePlanDto; staff: boolean; onSaved: (p: CarePlanDto) => void }) {
  const [editing, setEditing] = useState(false)
  const [hours, setHours] = useState(plan.everyHours)
  const [saving, setSaving] = useState(false)
  const options = (INTERVALS.includes(plan.everyHours) ? INTERVALS : [...INTERVALS, plan.everyHours].sort((a, b) => a - b)).map((h) => ({
    value: String(h),
    label: formatEvery(h),
  }))

  async function save() {
    setSaving(true)
    try {
      const next = await setCarePlan(plan.personId, { everyHours: hours, carerUserIds: plan.carers.map((c) => c.id) })
      onSaved(next)
      setEditing(false)
      void Taro.showToast({ title: '已保存', icon: 'success' })
    } catch {
      // http.ts showed why.
    } finally {
      setSaving(false)
    }
  }

  return (
    <Card className='plan-card'>
      <View className='plan-card__row'>
        <View>
          <View className='plan-card__label'>走访计划</View>
          <View className='plan-card__every'>{formatEvery(plan.everyHours)}联系一次</View>
        </View>
        {staff && !editing ? <SmallButton onClick={() => { setHours(plan.everyHours); setEditing(true) }}>修改</SmallButton> : null}
      </View>
      {Date.parse(plan.nextDueAt) < Date.now() ? (
        <View className='plan-card__line plan-card__line--overdue'>
          {formatOverdue(Math.floor((Date.now() - Date.parse(plan.nextDueAt)) / 60_000))}（应在 {formatDateTime(plan.nextDueAt)} 前联系）
        </View>
      ) : (
        <View className='plan-card__line'>下次：{formatDateTime(plan.nextDueAt)}</View>
      )}
      <View className='plan-card__line'>
        走访人：{plan.carers.length > 0 ? plan.carers.map((c) => c.displayName).join('、') : '网格员（未指定）'}
      </View>
      {plan.lastContactAt ? <View className='plan-card__line'>上次联系：{formatDateTime(plan.lastContactAt)}</View> : null}
      {editing ? (
        <View className='plan-card__edit'>
          <ChipGroup options={options} value={[String(hours)]} onChange={(v) => setHours(Number(v[0] ?? plan.everyHours))} />
          <View className='button-row'>
            <BigButton variant='secondary' onClick={() => setEditing(false)}>
              取消
            </BigButton>
            <BigButton onClick={() => void save()} loading={saving} loadingText='保存中…'>
              保存
            </BigButton>
          </View>
        </View>
      ) : null}
    </Card>
  )
}

export default function CarePersonPage() {
  const { id = '', name = '', staff = '' } = useParams()
  const [plan, setPlan] = useState<CarePlanDto | null>(null)
  const [planError, setPlanError] = useState<string | null>(null)
  const visits = usePaged((cursor) => listVisits(id, cursor, { toast: cursor !== null }))
  const queue = useVisitQueue()
  const waiting = queue.pending.filter((q) => q.body.personId === id)

  async function loadPlan() {
    try {
      setPlan(await getCarePlan(id, { toast: false }))
      setPlanError(null)
    } catch (err) {
      setPlanError(errorMessage(err))
    }
  }

  useDidShow(() => {
    void loadPlan()
    void visits.reload()
    void syncNow()
  })
  usePullDownRefresh(() => {
    void Promise.all([loadPlan(), visits.reload()]).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void visits.loadMore()
  })

  return (
    <Screen className='care-person'>
      <PageHead title={name || '走访记录'} subtitle='关爱走访' />
      <QueueBanner />

      <BigButton onClick={() => openPage(HEAD_PAGES.visit, { personId: id, name })}>记录走访</BigButton>

      <View className='care-person__plan'>
        {plan ? (
          <PlanCard plan={plan} staff={staff === '1'} onSaved={setPlan} />
        ) : planError !== null ? (
          <ErrorState message={planError} onRetry={() => void loadPlan()} />
        ) : (
          <Loading />
        )}
      </View>

      <View className='section-title'>
        <Text>走访记录</Text>
      </View>
      {waiting.map((q) => (
        <View key={q.body.id} className='visit-row visit-row--waiting'>
          <View className='visit-row__top'>
            <StatusTag tone={outcomeTone(q.body.outcome)}>{VISIT_OUTCOME_LABELS[q.body.outcome]}</StatusTag>
            <Text className='visit-row__time'>{formatDateTime(q.body.occurredAt)}</Text>
          </View>
          <View className='visit-row__meta'>{VISIT_METHOD_LABELS[q.body.method]} · 待同步</View>
          {q.body.note ? <View className='visit-row__note'>{q.body.note}</View> : null}
        </View>
      ))}
      {!visits.loaded ? (
        <Loading />
      ) : visits.error !== null && visits.items.length === 0 ? (
        <ErrorState message={visits.error} onRetry={() => void visits.reload()} retrying={visits.loading} />
      ) : visits.items.length === 0 && waiting.length === 0 ? (
        <EmptyState title='还没有走访记录' description='上门、打电话或视频看过之后，点“记录走访”记一笔。' />
      ) : (
        <View>
          {visits.items.map((v) => (
            <VisitRow key={v.id} visit={v} />
          ))}
          <View className='list-footer'>{visits.hasMore ? (visits.loading ? '正在加载…' : '上滑加载更多') : `共 ${visits.items.length} 次`}</View>
        </View>
      )}
    </Screen>
  )
}
