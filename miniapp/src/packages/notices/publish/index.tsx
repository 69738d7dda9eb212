import { useState } from 'react'
import { Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { CreateNoticeRequest, NOTICE_CATEGORIES, NOTICE_CATEGORY_LABELS, formatGridPath, type NoticeCategory } from '@linli/shared'
import { publishNotice } from '../../../services/notices'
import { ApiError, errorMessage } from '../../../services/http'
import { me as fetchMe } from '../../../services/auth'
import { getSession, setMe } from '../../../store/session'
import { useSession } from '../../../store/use-session'
import { NOTICE_PAGES, pageUrl } from '../../../utils/nav'
import { scrollToFirstError, serverFieldErrors, validate, type FieldErrors } from '../../../utils/form'
import { BigButton, ChipGroup, EmptyState, Field, Loading, Notice, Screen, SwitchRow, TextInput } from '../../../components'
import { useParams } from '../shared/params'
import './index.css'

const CATEGORY_CHIPS = NOTICE_CATEGORIES.map((c) => ({ value: c, label: NOTICE_CATEGORY_LABELS[c] }))

/** A notice for everyone below one of the grids the caller runs: choose where, what kind, write it, send. */
export default function PublishNoticePage() {
  const { gridId: preset = '' } = useParams()
  const { me } = useSession()
  // the grids the caller runs (a landlord: their own houses)
  const grids = (me?.memberships ?? []).filter((m) => m.isStaff && m.status === 'active')
  const [gridId, setGridId] = useState(preset || grids[0]?.node.id || '')
  const [category, setCategory] = useState<NoticeCategory | null>(null)
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [requireConfirm, setRequireConfirm] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const target = grids.find((m) => m.node.id === gridId) ?? (!gridId ? grids[0] : undefined)

  useDidShow(() => {
    if (!getSession().me) fetchMe({ toast: false }).then(setMe, () => undefined)
  })

  async function send() {
    const checked = validate(CreateNoticeRequest.safeParse({ title, body, category: category ?? undefined, requireConfirm }))
    if (!checked.ok || !target) {
      setErrors(checked.ok ? {} : checked.errors)
      if (!target) setProblem('请选择发给哪个网格')
      scrollToFirstError()
      return
    }
    const { confirm } = await Taro.showModal({
      title: '确认发布',
      content: `发给「${target.node.name}」的所有住户，发布后不能撤回。`,
      confirmText: '发布',
      cancelText: '再看看',
    })
    if (!confirm) return
    setErrors({})
    setProblem(null)
    setBusy(true)
    try {
      const notice = await publishNotice(target.node.id, checked.data, { toast: false })
      void Taro.showToast({ title: '已发布', icon: 'success' })
      void Taro.redirectTo({ url: pageUrl(NOTICE_PAGES.detail, { id: notice.id }) })
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONTENT_REJECTED') {
        const field = (err.details as { field?: string } | undefined)?.field === 'title' ? 'title' : 'body'
        setErrors({ [field]: err.message })
        scrollToFirstError()
      } else {
        const fields = serverFieldErrors(err)
        if (Object.keys(fields).length > 0) setErrors(fields)
        else setProblem(errorMessage(err))
      }
      setBusy(false)
    }
  }

  if (!me) {
    return (
      <Screen className='publish'>
        <Loading />
      </Screen>
    )
  }

  if (grids.length === 0) {
    return (
      <Screen className='publish'>
        <EmptyState title='你还不能发布通知' description='网格长、社区工作人员和房东可以给自己管理的网格发通知。' />
      </Screen>
    )
  }

  return (
    <Screen className='publish'>
      <View className='publish__title'>发布通知</View>
      {problem ? <Notice tone='warn'>{problem}</Notice> : null}
      <Field label='发给' required hint={target ? `${formatGridPath(target.path)}，以及下面的所有住户` : undefined}>
        <ChipGroup options={grids.map((m) => ({ value: m.node.id, label: m.node.name }))} value={target ? [target.node.id] : []} onChange={(v) => setGridId(v[0] ?? '')} />
      </Field>
      <Field label='类别' required error={errors.category}>
        <ChipGroup options={CATEGORY_CHIPS} value={category ? [category] : []} onChange={(v) => setCategory(v[0] ?? null)} />
      </Field>
      <Field label='标题' required error={errors.title}>
        <TextInput value={title} onInput={setTitle} placeholder='如：垃圾分类新规12月1日起执行' maxlength={40} invalid={Boolean(errors.title)} />
      </Field>
      <Field label='内容' required error={errors.body} hint='写清楚什么时间、什么事、要大家做什么'>
        <Textarea className='publish__body' value={body} maxlength={2000} placeholder='通知的正文' onInput={(e) => setBody(e.detail.value)} />
      </Field>
      <SwitchRow title='需要住户确认' description='住户要点“我已知晓”，你能看到谁还没确认' checked={requireConfirm} onChange={setRequireConfirm} />
      {category === 'urgent' ? (
        <Notice tone='warn' title='紧急通知'>
          除了出现在“通知”里，还会给订阅了提醒的住户发微信消息。
        </Notice>
      ) : null}
      <View className='publish__actions'>
        <BigButton onClick={() => void send()} loading={busy} loadingText='正在发布…'>
          发布
        </BigButton>
      </View>
    </Screen>
  )
}
