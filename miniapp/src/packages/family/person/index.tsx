import { useEffect, useRef, useState } from 'react'
import { Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useRouter, useUnload } from '@tarojs/taro'
import {
  CHECK_REQUEST_STATUS_LABELS,
  VISIT_METHOD_LABELS,
  VISIT_OUTCOME_LABELS,
  type CheckRequestDto,
  type VisitDto,
} from '@linli/shared'
import { checkIn, createCheckRequest, getCheckRequest, getFamilySettings, listCheckRequests, listVisits, setFamilySettings } from '../../../services/care'
import { ApiError, errorMessage, mediaUrl } from '../../../services/http'
import { platformMessages } from '../../../platform/messages'
import { formatDateTime } from '../../../utils/format'
import { safeDecode } from '../../../utils/nav'
import { BigButton, Card, EmptyState, ErrorState, Field, Loading, Notice, Screen, StatusTag, SwitchRow } from '../../../components'
import './index.css'

const POLL_MS = 5000
const DEFAULT_MESSAGE = '打电话没人接，麻烦上门看看'

function isLive(r: CheckRequestDto | null): boolean {
  return r !== null && (r.status === 'open' || r.status === 'acknowledged')
}

/** A visit's photos as thumbnails; a tap opens them full size. */
function VisitPhotos({ visit }: { visit: VisitDto }) {
  if (visit.photos.length === 0) return null
  const urls = visit.photos.map((p) => mediaUrl(p.url))
  return (
    <View className='visit-photos'>
      {visit.photos.map((p, i) => (
        <Image
          key={p.id}
          className='visit-photos__img'
          src={mediaUrl(p.thumbUrl)}
          mode='aspectFill'
          ariaLabel={`走访照片 ${i + 1}`}
          onClick={() => void Taro.previewImage({ urls, current: urls[i] })}
        />
      ))}
    </View>
  )
}

function RequestStatus({ request }: { request: CheckRequestDto }) {
  const steps: { label: string; done: boolean }[] = [
    { label: '已发出请求', done: true },
    { label: '网格员已接单', done: request.status !== 'open' },
    { label: '已上门查看', done: request.status === 'answered' },
  ]
  return (
    <Card className={request.status === 'answered' ? 'request request--done' : 'request'}>
      <View className='request__status' role='status'>
        {request.status === 'acknowledged' && request.acknowledgedBy
          ? `${request.acknowledgedBy.displayName} 已接单，正在上门`
          : CHECK_REQUEST_STATUS_LABELS[request.status]}
      </View>
      {request.answer ? (
        <View className='request__answer'>
          <Text className='request__outcome'>{VISIT_OUTCOME_LABELS[request.answer.outcome]}</Text>
          <Text className='request__meta'>
            {formatDateTime(request.answer.occurredAt)} · {request.answer.carerName} · {VISIT_METHOD_LABELS[request.answer.method]}
          </Text>
        </View>
      ) : null}
      <View className='request__steps'>
        {steps.map((s) => (
          <View key={s.label} className={s.done ? 'request__step request__step--done' : 'request__step'}>
            {s.done ? '✓ ' : '○ '}
            {s.label}
          </View>
        ))}
      </View>
      <View className='request__message'>你写的：{request.message}</View>
    </Card>
  )
}

export default function FamilyPersonPage() {
  const { params } = useRouter()
  const id = safeDecode(params.id ?? '')
  const name = safeDecode(params.name ?? '')
  const [visits, setVisits] = useState<VisitDto[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [request, setRequest] = useState<CheckRequestDto | null>(null)
  // False when this server has no check-request routes yet: the button is not offered.
  const [canRequest, setCanRequest] = useState(false)
  const [asking, setAsking] = useState(false)
  const [message, setMessage] = useState(DEFAULT_MESSAGE)
  const [sending, setSending] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [confirmedAt, setConfirmedAt] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)
  // null until known; the switch is hidden for someone who is not a linked family member
  const [allClear, setAllClear] = useState<boolean | null>(null)
  const [savingAllClear, setSavingAllClear] = useState(false)

  async function loadVisits() {
    try {
      const page = await listVisits(id, null, { toast: false })
      setVisits(page.items)
      setError(null)
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  async function loadRequest() {
    try {
      const page = await listCheckRequests(undefined, null, { toast: false })
      setCanRequest(true)
      const mine = page.items.find((r) => r.person.id === id) ?? null
      setRequest(mine)
    } catch (err) {
      setCanRequest(!(err instanceof ApiError && err.code === 'ROUTE_NOT_FOUND'))
    }
  }

  function stopPolling() {
    if (timer.current !== null) clearInterval(timer.current)
    timer.current = null
  }

  // Poll the open request every 5 s until a carer has answered it.
  useEffect(() => {
    stopPolling()
    if (!request || !isLive(request)) return
    const requestId = request.id
    timer.current = setInterval(() => {
      getCheckRequest(requestId, { toast: false }).then(
        (next) => {
          setRequest(next)
          if (next.status === 'answered') void loadVisits()
        },
        () => undefined,
      )
    }, POLL_MS)
    return stopPolling
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request?.id, request?.status])

  async function loadSettings() {
    try {
      setAllClear((await getFamilySettings(id, { toast: false })).allClear)
    } catch {
      setAllClear(null)
    }
  }

  async function toggleAllClear(next: boolean) {
    if (savingAllClear) return
    const before = allClear
    setAllClear(next)
    setSavingAllClear(true)
    try {
      setAllClear((await setFamilySettings(id, { allClear: next })).allClear)
      void Taro.showToast({ title: next ? '已开启报平安通知' : '已关闭报平安通知', icon: 'none' })
    } catch {
      setAllClear(before) // http.ts showed why
    } finally {
      setSavingAllClear(false)
    }
  }

  useDidShow(() => {
    void loadVisits()
    void loadRequest()
    void loadSettings()
  })
  useDidHide(stopPolling)
  useUnload(stopPolling)
  usePullDownRefresh(() => {
    void Promise.all([loadVisits(), loadRequest()]).finally(() => Taro.stopPullDownRefresh())
  })

  async function sendRequest() {
    if (!message.trim()) return
    // in WeChat: may we tell you when a carer answers? (inside the tap, as WeChat requires)
    void platformMessages.ask(['visit', 'check-request', 'check-in'])
    setSending(true)
    try {
      setRequest(await createCheckRequest(id, message.trim()))
      setAsking(false)
    } catch {
      // http.ts showed why (too many requests, say).
    } finally {
      setSending(false)
    }
  }

  async function confirmWell() {
    setConfirming(true)
    try {
      const res = await checkIn(id, '家属电话确认')
      setConfirmedAt(res.at)
    } catch {
      // http.ts showed why.
    } finally {
      setConfirming(false)
    }
  }

  const last = visits && visits.length > 0 ? visits[0]! : null

  return (
    <Screen className='family'>
      <View className='family__name'>{name}</View>

      {visits === null && error === null ? (
        <Loading />
      ) : error !== null ? (
        <ErrorState message={error} onRetry={() => void loadVisits()} />
      ) : (
        <Card className='last-visit'>
          <View className='last-visit__label'>最近一次走访</View>
          {last ? (
            <View>
              <View className={last.outcome === 'well' ? 'last-visit__outcome' : 'last-visit__outcome last-visit__outcome--alert'}>
                {VISIT_OUTCOME_LABELS[last.outcome]}
              </View>
              <View className='last-visit__meta'>
                {formatDateTime(last.occurredAt)} · {last.carer.displayName} {VISIT_METHOD_LABELS[last.method]}
              </View>
              {last.note ? <View className='last-visit__note'>{last.note}</View> : null}
              <VisitPhotos visit={last} />
            </View>
          ) : (
            <View className='last-visit__meta'>网格员还没有记录过走访</View>
          )}
        </Card>
      )}

      {request ? <RequestStatus request={request} /> : null}

      <View className='family__actions'>
        {canRequest && !isLive(request) ? (
          asking ? (
            <Card>
              <Field label='想请网格员做什么' required>
                <Textarea className='family__message' value={message} maxlength={200} onInput={(e) => setMessage(e.detail.value)} />
              </Field>
              <View className='family__row'>
                <BigButton variant='secondary' onClick={() => setAsking(false)}>
                  取消
                </BigButton>
                <BigButton onClick={() => void sendRequest()} loading={sending} loadingText='正在发送…' disabled={!message.trim()}>
                  发送
                </BigButton>
              </View>
            </Card>
          ) : (
            <BigButton onClick={() => setAsking(true)}>请网格员上门看看</BigButton>
          )
        ) : null}
        {confirmedAt ? (
          <Notice tone='done' title='已记下：家里人确认她很好'>
            {formatDateTime(confirmedAt)} 确认，网格员会看到。
          </Notice>
        ) : (
          <BigButton variant='secondary' onClick={() => void confirmWell()} loading={confirming} loadingText='正在记录…'>
            电话确认过了，她很好
          </BigButton>
        )}
      </View>

      {allClear !== null ? (
        <Card className='family__settings'>
          <SwitchRow
            title='她点「我很好」时通知我'
            description={allClear ? '老人每次在小程序里报平安，你都会收到一条消息' : '开启后，老人报平安时你会收到一条消息'}
            checked={allClear}
            onChange={(v) => void toggleAllClear(v)}
          />
        </Card>
      ) : null}

      {visits && visits.length > 1 ? (
        <View>
          <View className='section-title'>
            <Text>走访记录</Text>
          </View>
          {visits.slice(1).map((v) => (
            <View key={v.id} className='family-visit'>
              <StatusTag tone={v.outcome === 'well' ? 'primary' : 'warn'}>{VISIT_OUTCOME_LABELS[v.outcome]}</StatusTag>
              <Text className='family-visit__meta'>
                {formatDateTime(v.occurredAt)} · {v.carer.displayName} · {VISIT_METHOD_LABELS[v.method]}
              </Text>
              <VisitPhotos visit={v} />
            </View>
          ))}
        </View>
      ) : visits && visits.length === 0 && error === null ? (
        <EmptyState title='还没有走访记录' description='网格员上门、打电话看过之后，这里会写明结果和时间。' />
      ) : null}
    </Screen>
  )
}
