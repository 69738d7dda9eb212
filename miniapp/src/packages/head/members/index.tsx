import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { ROLE_LABELS, RejectMembershipRequest, type MembershipDto } from '@linli/shared'
import { approveMembership, listMembers, rejectMembership } from '../../../services/members'
import { ApiError, errorMessage } from '../../../services/http'
import { HEAD_PAGES, openPage } from '../../../utils/nav'
import { formatDateTime } from '../../../utils/format'
import { validate } from '../../../utils/form'
import { BigButton, Card, ChipGroup, EmptyState, ErrorState, Field, Loading, Notice, Screen, StatusTag, TextInput } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { usePaged } from '../shared/paged'
import './index.css'

const QUICK_REASONS = ['不是本楼住户', '姓名或门牌号不对，请重新申请', '重复申请'] as const

function applicantName(m: MembershipDto): string {
  return m.personName ?? m.user.displayName
}

export default function MembersPage() {
  const { gridId = '', name: gridName = '' } = useParams()
  const list = usePaged((cursor) => listMembers(gridId, 'pending', cursor, { toast: cursor !== null }))
  // What the last action did, said at the top of the page.
  const [done, setDone] = useState<{ tone: 'done' | 'warn'; text: string } | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>()

  useDidShow(() => {
    void list.reload()
  })
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void list.loadMore()
  })

  function afterFailure(err: unknown) {
    if (err instanceof ApiError && err.code === 'MEMBERSHIP_NOT_PENDING') {
      setDone({ tone: 'warn', text: `${err.message}（可能已由其他工作人员处理）` })
      void list.reload()
      return
    }
    setDone({ tone: 'warn', text: errorMessage(err) })
  }

  async function approve(m: MembershipDto) {
    if (busyId) return
    setBusyId(m.id)
    try {
      await approveMembership(m.id, { toast: false })
      await list.reload()
      setDone({ tone: 'done', text: `已通过 ${applicantName(m)} 的申请，TA 现在是本网格的${ROLE_LABELS[m.role]}了。` })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } catch (err) {
      afterFailure(err)
    } finally {
      setBusyId(null)
    }
  }

  function startReject(m: MembershipDto) {
    setRejecting(m.id)
    setReason('')
    setReasonError(undefined)
  }

  async function reject(m: MembershipDto) {
    if (busyId) return
    const checked = validate(RejectMembershipRequest.safeParse({ reason }))
    if (!checked.ok) {
      setReasonError(checked.errors.reason)
      return
    }
    setBusyId(m.id)
    try {
      await rejectMembership(m.id, checked.data, { toast: false })
      setRejecting(null)
      await list.reload()
      setDone({ tone: 'done', text: `已拒绝 ${applicantName(m)} 的申请。` })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } catch (err) {
      afterFailure(err)
    } finally {
      setBusyId(null)
    }
  }

  function row(m: MembershipDto) {
    const open = rejecting === m.id
    return (
      <Card key={m.id} className='applicant'>
        <View className='applicant__head'>
          <View className='applicant__name'>{applicantName(m)}</View>
          <StatusTag tone='primary'>{ROLE_LABELS[m.role]}</StatusTag>
        </View>
        <View className='applicant__address'>{m.householdAddress ?? '没有填写门牌号'}</View>
        <View className='applicant__meta'>
          {m.personName && m.personName !== m.user.displayName ? `微信名 ${m.user.displayName} · ` : ''}
          申请于 {formatDateTime(m.createdAt)}
        </View>
        {open ? (
          <View className='applicant__reject'>
            <Field label='拒绝原因' required error={reasonError} hint='申请人会看到这个原因'>
              <ChipGroup
                options={QUICK_REASONS.map((r) => ({ value: r, label: r }))}
                value={QUICK_REASONS.filter((r) => r === reason)}
                onChange={(v) => {
                  setReason(v[0] ?? '')
                  setReasonError(undefined)
                }}
              />
              <View className='applicant__reason-input'>
                <TextInput value={reason} onInput={(v) => setReason(v)} placeholder='或者自己写原因' maxlength={200} invalid={Boolean(reasonError)} />
              </View>
            </Field>
            <View className='button-row'>
              <BigButton variant='secondary' onClick={() => setRejecting(null)}>
                取消
              </BigButton>
              <BigButton onClick={() => void reject(m)} loading={busyId === m.id} loadingText='正在提交…'>
                确认拒绝
              </BigButton>
            </View>
          </View>
        ) : (
          <View className='button-row'>
            <BigButton variant='secondary' onClick={() => startReject(m)} disabled={busyId !== null}>
              拒绝
            </BigButton>
            <BigButton onClick={() => void approve(m)} loading={busyId === m.id} loadingText='正在通过…' disabled={busyId !== null && busyId !== m.id}>
              通过
            </BigButton>
          </View>
        )}
      </Card>
    )
  }

  return (
    <Screen className='members'>
      <PageHead title='待审核的申请' subtitle={gridName} />
      {done ? <Notice tone={done.tone}>{done.text}</Notice> : null}
      {!list.loaded ? (
        <Loading />
      ) : list.error !== null ? (
        <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
      ) : list.items.length === 0 ? (
        <EmptyState
          title='没有待审核的申请'
          description='住户扫码申请加入后，会出现在这里等你通过。'
          action={{ label: '邀请住户加入', onClick: () => openPage(HEAD_PAGES.invite, { gridId, name: gridName }) }}
        />
      ) : (
        <View>
          <View className='members__hint'>请核对姓名和门牌号，确认是本网格的住户再通过。</View>
          {list.items.map(row)}
          {list.hasMore ? <View className='list-footer'>{list.loading ? '正在加载…' : '上滑加载更多'}</View> : null}
        </View>
      )}
    </Screen>
  )
}
