import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import {
  OPEN_REPORT_STATUSES,
  REPORT_ACTION_LABELS,
  REPORT_CATEGORY_LABELS,
  ReportActionRequest,
  type ReportAction,
  type ReportDetail,
  type ReportEvent,
} from '@linli/shared'
import { ApiError, errorMessage } from '../../../services/http'
import { ACTION_SPECS, isHandlerView, lastRejection, newestFirst, orderActions, reporterLabel } from '../../../services/report-actions'
import { fieldErrorsOf, fieldOf, type ReportField } from '../../../services/report-draft'
import { actOnReport, getReport } from '../../../services/reports'
import { formatDateTime } from '../../../utils/format'
import { scrollToFirstError, validate } from '../../../utils/form'
import { useParams } from '../../../utils/params'
import { useRemote } from '../../../utils/use-remote'
import { formatExpected, formatMoment, timeLeft } from '../../../utils/time-left'
import { BigButton, Card, ErrorState, Field, Loading, Notice, ReportStatusTag, Screen, SwitchRow, TextInput } from '../../../components'
import { PhotoGrid } from '../shared/photo-grid'
import { PhotoUploader, usePhotoSlots } from '../shared/photo-uploader'
import '../shared/form.css'
import './index.css'

const ROLE_WORDS: Record<ReportEvent['actor']['role'], string> = { reporter: '上报人', handler: '处理人', system: '系统' }

/** Who has to accept a submitted report: the level it went up to, the landlord (a rental house), or the grid head. */
function waitingFor(report: ReportDetail): string {
  if (report.handlerNode.id !== report.grid.id) return ` ${report.handlerNode.name} `
  return report.grid.kind === 'rental_group' ? '房东' : '网格长'
}

/** What the report's status means for the person looking at it, in one or two lines. */
function StatusBanner({ report, now }: { report: ReportDetail; now: Date }) {
  const open = OPEN_REPORT_STATUSES.includes(report.status)
  const handler = isHandlerView(report.allowedActions)
  const due = open && report.dueAt ? timeLeft(report.dueAt, now, report.overdue) : null
  const rejection = lastRejection(report)
  const escalated = report.handlerNode.id !== report.grid.id
  return (
    <Card className={`report-banner report-banner--${report.status}`}>
      <View className='report-banner__top'>
        <ReportStatusTag status={report.status} large />
        {report.escalationLevel > 0 ? <Text className='report-banner__level'>已上报 {report.escalationLevel} 级</Text> : null}
      </View>
      {handler && due ? (
        <View className={['report-banner__due', due.overdue ? 'report-banner__due--overdue' : due.soon ? 'report-banner__due--soon' : ''].filter(Boolean).join(' ')}>
          {report.status === 'submitted' ? '受理期限：' : '解决期限：'}
          {due.text}
        </View>
      ) : null}
      {open && report.expectedResolveAt ? (
        <View className={['report-banner__line', !handler ? 'report-banner__line--big' : ''].filter(Boolean).join(' ')}>{formatExpected(report.expectedResolveAt, now)}</View>
      ) : null}
      {report.status === 'submitted' && !handler ? <View className='report-banner__line'>等待{waitingFor(report)}受理</View> : null}
      {escalated && open && report.status !== 'submitted' ? <View className='report-banner__line'>现在由 {report.handlerNode.name} 负责处理</View> : null}
      {report.status === 'resolved' && report.reopenUntil && report.allowedActions.includes('reopen') ? (
        <View className='report-banner__line'>如果问题还在，{formatMoment(report.reopenUntil, now)} 前可以重新打开</View>
      ) : report.status === 'resolved' && report.reopenUntil ? (
        <View className='report-banner__line'>等上报人确认；{formatMoment(report.reopenUntil, now)} 前没有异议就自动办结</View>
      ) : null}
      {report.status === 'closed' ? <View className='report-banner__line'>这条上报已经办结</View> : null}
      {rejection ? (
        <View className='report-banner__reason'>
          <View>原因：{rejection.note ?? '未说明'}</View>
          {rejection.responsibleParty ? <View className='report-banner__party'>责任单位：{rejection.responsibleParty}</View> : null}
        </View>
      ) : null}
    </Card>
  )
}

function TimelineItem({ event, latest }: { event: ReportEvent; latest: boolean }) {
  const system = event.actor.role === 'system'
  return (
    <View className={['tl-item', latest ? 'tl-item--latest' : '', system ? 'tl-item--system' : ''].filter(Boolean).join(' ')}>
      <View className='tl-item__dot' />
      <View className='tl-item__body'>
        <View className='tl-item__title'>
          <Text>{REPORT_ACTION_LABELS[event.action]}</Text>
          {event.node ? <Text className='tl-item__node'>→ {event.node.name}</Text> : null}
          {event.action === 'comment' && !event.public ? <Text className='tl-item__private'>不公开</Text> : null}
        </View>
        <View className='tl-item__meta'>
          {system ? '系统自动' : `${event.actor.displayName}（${ROLE_WORDS[event.actor.role]}）`} · {formatDateTime(event.at)}
        </View>
        {event.note ? <View className='tl-item__note'>{event.note}</View> : null}
        {event.responsibleParty ? <View className='tl-item__note'>责任单位：{event.responsibleParty}</View> : null}
        <PhotoGrid photos={event.photos} small />
      </View>
    </View>
  )
}

type FormErrors = Partial<Record<ReportField, string>>

/** The form an action needs (a note, photos, who is responsible), inline under the buttons. */
function ActionForm({
  action,
  sending,
  errors,
  onSubmit,
  onCancel,
}: {
  action: ReportAction
  sending: boolean
  errors: FormErrors
  onSubmit: (body: { note: string; responsibleParty: string; public: boolean; photoIds: string[]; uploading: number; failed: number }) => void
  onCancel: () => void
}) {
  const spec = ACTION_SPECS[action]
  const form = spec.form!
  const [note, setNote] = useState('')
  const [party, setParty] = useState('')
  const [isPublic, setPublic] = useState(false)
  const photos = usePhotoSlots([])
  return (
    <Card className='action-form'>
      <View className='action-form__title'>{form.title}</View>
      <Field label={form.noteLabel} required={form.noteRequired} hint={form.noteHint} error={errors.note}>
        <Textarea
          className={['r-textarea', errors.note ? 'r-textarea--invalid' : ''].filter(Boolean).join(' ')}
          value={note}
          maxlength={500}
          placeholder={form.notePlaceholder}
          onInput={(e) => setNote(e.detail.value)}
        />
        <View className='r-counter'>{note.length}/500</View>
      </Field>
      {form.responsibleParty ? (
        <Field label='责任单位' hint='不归这里管的，告诉上报人该找谁' error={errors.responsibleParty}>
          <TextInput value={party} maxlength={100} placeholder='如：镇水利站' invalid={Boolean(errors.responsibleParty)} onInput={setParty} />
        </Field>
      ) : null}
      {form.photos ? (
        <Field label='照片' hint={action === 'resolve' ? '拍一张处理后的样子，邻居一看就明白' : undefined} error={errors.photoIds}>
          <PhotoUploader photos={photos} />
        </Field>
      ) : null}
      {form.publicSwitch ? (
        <View className='r-switch'>
          <SwitchRow title='公开给网格里的邻居' description='不公开时，只有上报人和处理人能看到' checked={isPublic} onChange={setPublic} />
        </View>
      ) : null}
      {errors.form ? (
        <View className='field--error action-form__error'>
          <Notice tone='warn'>{errors.form}</Notice>
        </View>
      ) : null}
      <View className='action-form__buttons'>
        <BigButton
          className='action-form__submit'
          variant={action === 'reject' ? 'danger' : 'primary'}
          loading={sending}
          loadingText='正在提交…'
          onClick={() =>
            onSubmit({
              note,
              responsibleParty: party,
              public: isPublic,
              photoIds: photos.slots.filter((s) => s.state === 'done' && s.photo).map((s) => s.photo!.id),
              uploading: photos.counts.uploading,
              failed: photos.counts.failed,
            })
          }
        >
          {spec.confirm?.confirmText ?? '提交'}
        </BigButton>
        <BigButton variant='secondary' className='action-form__cancel' onClick={onCancel}>
          取消
        </BigButton>
      </View>
    </Card>
  )
}

export default function ReportDetailPage() {
  const { id = '', created } = useParams()
  const remote = useRemote((options) => getReport(id, options))
  const [report, setReport] = useState<ReportDetail | null>(null)
  const [formAction, setFormAction] = useState<ReportAction | null>(null)
  const [sending, setSending] = useState<ReportAction | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [justCreated, setJustCreated] = useState(created === '1')

  // The last answer wins: a load, or the report an action sent back.
  const shown = report && remote.data && Date.parse(report.updatedAt) >= Date.parse(remote.data.updatedAt) ? report : (remote.data ?? report)

  usePullDownRefresh(() => {
    void remote.load().finally(() => Taro.stopPullDownRefresh())
  })

  async function refresh() {
    setReport(null)
    setFormAction(null)
    setErrors({})
    await remote.load()
  }

  async function send(action: ReportAction, extra: { note?: string; responsibleParty?: string; public?: boolean; photoIds?: string[] } = {}) {
    const spec = ACTION_SPECS[action]
    const body: ReportActionRequest = {
      action,
      ...(extra.note?.trim() ? { note: extra.note.trim() } : {}),
      ...(extra.responsibleParty?.trim() ? { responsibleParty: extra.responsibleParty.trim() } : {}),
      ...(extra.photoIds && extra.photoIds.length > 0 ? { photoIds: extra.photoIds } : {}),
      ...(action === 'comment' ? { public: extra.public ?? false } : {}),
    }
    const checked = validate(ReportActionRequest.safeParse(body))
    if (!checked.ok) {
      const local: FormErrors = {}
      for (const [path, message] of Object.entries(checked.errors)) local[fieldOf(path)] ??= message
      setErrors(local)
      scrollToFirstError()
      return
    }
    if (spec.confirm) {
      const { confirm } = await Taro.showModal({ title: spec.confirm.title, content: spec.confirm.content, confirmText: spec.confirm.confirmText, cancelText: '再想想' })
      if (!confirm) return
    }
    setSending(action)
    setErrors({})
    try {
      const next = await actOnReport(id, body, { toast: false })
      setReport(next)
      setFormAction(null)
      setJustCreated(false)
      void Taro.showToast({ title: spec.done, icon: 'success' })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // The report moved on (someone else acted, a deadline passed): say so and show what it is now.
        await Taro.showModal({ title: '没有办成', content: err.message, confirmText: '刷新', showCancel: false })
        await refresh()
      } else if (err instanceof ApiError && err.status === 404) {
        await Taro.showModal({ title: '看不到这条上报了', content: '它可能已经交给别人处理。', confirmText: '刷新', showCancel: false })
        await refresh()
      } else {
        const fieldErrors = fieldErrorsOf(err)
        if (!formAction) {
          // No form on screen for the message: a toast says it.
          void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
        } else setErrors(fieldErrors)
        scrollToFirstError()
      }
    } finally {
      setSending(null)
    }
  }

  function tap(action: ReportAction) {
    if (ACTION_SPECS[action].form) {
      setErrors({})
      setFormAction(action)
      setTimeout(() => void Taro.pageScrollTo({ selector: '.action-form', offsetTop: -12, duration: 200 }).catch(() => undefined), 80)
    } else void send(action)
  }

  if (!shown) {
    return (
      <Screen className='report'>
        {remote.error !== null ? <ErrorState message={remote.error} onRetry={() => void remote.load()} retrying={remote.loading} /> : <Loading />}
      </Screen>
    )
  }

  const r = shown
  const now = new Date()
  const actions = orderActions(r.allowedActions)
  const who = reporterLabel(r.reporter)

  return (
    <Screen className='report'>
      {justCreated ? (
        <Notice tone='done' title='已提交' className='report__created'>
          网格长会收到通知，处理的每一步都会显示在这里。
        </Notice>
      ) : null}

      <StatusBanner report={r} now={now} />

      <Card className='report__problem'>
        <View className='report__category'>{REPORT_CATEGORY_LABELS[r.category]}</View>
        <View className='report__description'>{r.description}</View>
        <PhotoGrid photos={r.photos} />
        {r.location?.text || r.location?.latitude !== undefined ? (
          <View className='report__row'>
            <Text className='report__row-label'>位置</Text>
            <Text>
              {r.location?.text ?? ''}
              {r.location?.latitude !== undefined ? `${r.location?.text ? '（' : ''}有手机定位${r.location?.text ? '）' : ''}` : ''}
            </Text>
          </View>
        ) : null}
        <View className='report__row'>
          <Text className='report__row-label'>网格</Text>
          <Text>{r.grid.name}</Text>
        </View>
        <View className='report__row'>
          <Text className='report__row-label'>上报</Text>
          <Text>
            {who} · {formatDateTime(r.createdAt)}
          </Text>
        </View>
      </Card>

      {r.publicReply ? (
        <View className={r.status === 'resolved' || r.status === 'closed' ? 'reply' : 'reply reply--old'}>
          {/* Reopened: the answer stays on record, but is no longer the last word. */}
          <View className='reply__label'>{r.status === 'resolved' || r.status === 'closed' ? '处理结果' : '上次的处理结果（已重新打开，还在处理）'}</View>
          <View className='reply__text'>{r.publicReply.text}</View>
          <PhotoGrid photos={r.publicReply.photos} />
          <View className='reply__time'>{formatDateTime(r.publicReply.at)} 公开回复</View>
        </View>
      ) : null}

      {actions.length > 0 ? (
        <View className='report__actions'>
          {actions
            .filter((a) => a.action !== 'comment')
            .map(({ action, primary }) => (
              <BigButton
                key={action}
                className='report__action'
                variant={primary ? 'primary' : 'secondary'}
                loading={sending === action && !formAction}
                loadingText='正在提交…'
                disabled={sending !== null || formAction === action}
                onClick={() => tap(action)}
              >
                {ACTION_SPECS[action].label}
              </BigButton>
            ))}
          {formAction ? (
            <ActionForm
              key={formAction}
              action={formAction}
              sending={sending === formAction}
              errors={errors}
              onCancel={() => {
                setFormAction(null)
                setErrors({})
              }}
              onSubmit={async (v) => {
                if (v.uploading > 0) {
                  setErrors({ photoIds: `还有 ${v.uploading} 张照片正在上传，请稍等` })
                  return
                }
                if (v.failed > 0) {
                  const { confirm } = await Taro.showModal({ title: `有 ${v.failed} 张照片没传上去`, content: '可以点红色的照片重试，也可以不带它们提交。', confirmText: '直接提交', cancelText: '去重试' })
                  if (!confirm) return
                }
                await send(formAction, v)
              }}
            />
          ) : null}
        </View>
      ) : null}

      <View className='report__section-title'>处理经过</View>
      <Card className='timeline'>
        {newestFirst(r.timeline).map((event, i) => (
          <TimelineItem key={event.id} event={event} latest={i === 0} />
        ))}
      </Card>

      {r.allowedActions.includes('comment') && formAction !== 'comment' ? (
        <BigButton variant='secondary' className='report__comment' onClick={() => tap('comment')}>
          留言
        </BigButton>
      ) : null}
    </Screen>
  )
}
