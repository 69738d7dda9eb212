import { useEffect, useRef, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { CreateReportRequest, REPORT_CATEGORIES, REPORT_CATEGORY_LABELS, formatGridPath, type MyMembership, type ReportCategory } from '@linli/shared'
import { me as fetchMe } from '../../../services/auth'
import { ApiError, errorMessage } from '../../../services/http'
import {
  DESCRIPTION_MAX,
  LOCATION_MAX,
  emptyDraft,
  fieldErrorsOf,
  fieldOf,
  isDraftEmpty,
  toCreateRequest,
  type ReportDraft,
  type ReportField,
} from '../../../services/report-draft'
import { clearDraft, loadDraft, saveDraft } from '../../../services/report-draft-store'
import { createReport } from '../../../services/reports'
import { platformMessages } from '../../../platform/messages'
import { isLoggedIn, setMe } from '../../../store/session'
import { useSession } from '../../../store/use-session'
import { scrollToFirstError, validate } from '../../../utils/form'
import { REPORT_PAGES, goLogin, pageUrl } from '../../../utils/nav'
import { BigButton, ChipGroup, EmptyState, ErrorState, Field, Loading, Notice, Screen, SwitchRow, TextInput } from '../../../components'
import { PhotoUploader, usePhotoSlots } from '../shared/photo-uploader'
import '../shared/form.css'
import './index.css'

type Errors = Partial<Record<ReportField, string>>

/** Grids a member can report in: active memberships, each node once, with the path for telling them apart. */
function reportGrids(memberships: readonly MyMembership[]) {
  const seen = new Set<string>()
  const out: { id: string; name: string; path: string; role: MyMembership['role'] }[] = []
  for (const m of memberships) {
    if (m.status !== 'active' || seen.has(m.node.id)) continue
    seen.add(m.node.id)
    out.push({ id: m.node.id, name: m.node.name, path: formatGridPath(m.path), role: m.role })
  }
  return out
}

/** Who will get the report, in words (a tenant's goes to the landlord first). */
function whoHandles(grid: { name: string; role: MyMembership['role'] } | undefined): string {
  if (!grid) return '网格长会收到，并在期限内处理'
  if (grid.role === 'tenant') return '先交给房东处理，房东管不了的会转给社区'
  return `交给 ${grid.name} 的网格长处理`
}

const CATEGORY_CHIPS = REPORT_CATEGORIES.map((c) => ({ value: c, label: REPORT_CATEGORY_LABELS[c] }))

export default function NewReportPage() {
  const { me, user } = useSession()
  const userId = user?.id ?? ''
  const [draft, setDraft] = useState<ReportDraft>(() => (userId ? loadDraft(userId) : null) ?? emptyDraft(userId))
  const [restored] = useState(() => !isDraftEmpty(draft))
  const [errors, setErrors] = useState<Errors>({})
  const [sending, setSending] = useState(false)
  const [locating, setLocating] = useState(false)
  const [meError, setMeError] = useState<string | null>(null)
  const draftRef = useRef(draft)
  // Set once the server has the report: nothing is saved as a draft after that.
  const sent = useRef(false)

  function change(patch: Partial<ReportDraft>) {
    if (sent.current) return
    const next = { ...draftRef.current, ...patch }
    draftRef.current = next
    setDraft(next)
    saveDraft(next)
    // A field the person touches again loses its old error.
    const touched = Object.keys(patch).map((k) => (k === 'locationText' || k === 'latitude' ? 'location' : k === 'photos' ? 'photoIds' : k))
    if (touched.some((k) => k in errors)) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !touched.includes(k))))
  }

  const photos = usePhotoSlots(draft.photos, (uploaded) => {
    const same = uploaded.length === draftRef.current.photos.length && uploaded.every((p, i) => p.id === draftRef.current.photos[i]?.id)
    if (!same) change({ photos: uploaded })
  })

  // The user may arrive before /me is known (a reload on this page): fetch it, and the draft with it.
  async function loadMe() {
    if (!isLoggedIn()) {
      goLogin()
      return
    }
    try {
      setMe(await fetchMe({ toast: false }))
      setMeError(null)
    } catch (err) {
      setMeError(errorMessage(err))
    }
  }
  useDidShow(() => {
    if (me === null) void loadMe()
  })
  useEffect(() => {
    if (!userId || draftRef.current.userId === userId) return
    const saved = loadDraft(userId) ?? emptyDraft(userId)
    draftRef.current = saved
    setDraft(saved)
    photos.reset(saved.photos)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId])

  const grids = reportGrids(me?.memberships ?? [])

  async function locate() {
    setLocating(true)
    try {
      // WeChat gives map (GCJ-02) coordinates; a browser has only GPS (WGS-84) ones.
      const { latitude, longitude } = await Taro.getLocation({ type: process.env.TARO_ENV === 'h5' ? 'wgs84' : 'gcj02' })
      change({ latitude, longitude })
    } catch (err) {
      const text = String((err as { errMsg?: unknown } | null)?.errMsg ?? '')
      void Taro.showToast({
        title: /auth|deny|denied|permission/i.test(text) ? '没有定位权限，请直接写位置' : '没能获取位置，请直接写位置',
        icon: 'none',
        duration: 2500,
      })
    } finally {
      setLocating(false)
    }
  }

  async function submit() {
    // in WeChat: may we tell you when the report moves? (inside the tap, as WeChat requires)
    void platformMessages.ask(['report'])
    if (sending) return
    const { uploading, failed } = photos.counts
    if (uploading > 0) {
      setErrors({ photoIds: `还有 ${uploading} 张照片正在上传，请稍等一下再提交` })
      scrollToFirstError()
      return
    }
    if (failed > 0) {
      const { confirm } = await Taro.showModal({
        title: `有 ${failed} 张照片没传上去`,
        content: '可以点红色的照片重试；也可以不带这几张，直接提交。',
        confirmText: '直接提交',
        cancelText: '去重试',
      })
      if (!confirm) return
    }
    const body = toCreateRequest(draftRef.current, grids.map((g) => g.id))
    const checked = validate(CreateReportRequest.safeParse(body))
    const local: Errors = {}
    if (!checked.ok) for (const [path, message] of Object.entries(checked.errors)) local[fieldOf(path)] ??= message
    if (grids.length > 1 && !body.gridId) local.gridId = '请选择问题在哪个网格'
    if (Object.keys(local).length > 0) {
      setErrors(local)
      scrollToFirstError()
      return
    }
    setSending(true)
    setErrors({})
    try {
      const report = await createReport(body, { toast: false })
      // Forget the draft before anything can save it again (the photo list emptying, say).
      sent.current = true
      draftRef.current = emptyDraft(userId)
      clearDraft()
      Taro.redirectTo({ url: pageUrl(REPORT_PAGES.detail, { id: report.id, created: '1' }) })
    } catch (err) {
      const fieldErrors = fieldErrorsOf(err)
      if (err instanceof ApiError && err.status === 0) fieldErrors.form = `${err.message}。填写的内容已经保存，网络好了再点提交。`
      setErrors(fieldErrors)
      scrollToFirstError()
    } finally {
      setSending(false)
    }
  }

  if (me === null) {
    return (
      <Screen className='new-report'>
        {meError !== null ? <ErrorState message={meError} onRetry={() => void loadMe()} /> : <Loading />}
      </Screen>
    )
  }

  if (grids.length === 0) {
    return (
      <Screen className='new-report'>
        <EmptyState title='加入网格后才能上报' description='请扫描楼道里、村里张贴的二维码加入网格，或请网格长发给你邀请。' />
      </Screen>
    )
  }

  const descriptionLength = draft.description.trim().length
  const chosenGrid = grids.find((g) => g.id === draft.gridId)

  return (
    <Screen className='new-report'>
      <View className='r-head'>
        <View className='r-head__title'>上报问题</View>
        <View className='r-head__subtitle'>{whoHandles(grids.length === 1 ? grids[0] : chosenGrid)}</View>
      </View>

      {restored ? (
        <Notice tone='info' title='已恢复上次没有提交的内容' className='new-report__restored'>
          <Text>接着填写就行。</Text>
          <Text
            className='new-report__clear'
            onClick={() => {
              void Taro.showModal({ title: '清空重新填写？', content: '已经填写的内容和照片会被清除。', confirmText: '清空', cancelText: '不清空' }).then(({ confirm }) => {
                if (!confirm) return
                clearDraft()
                const fresh = emptyDraft(userId)
                draftRef.current = fresh
                setDraft(fresh)
                photos.reset()
                setErrors({})
              })
            }}
          >
            清空重填
          </Text>
        </Notice>
      ) : null}

      {grids.length > 1 ? (
        <Field label='问题在哪个网格' required error={errors.gridId} hint={chosenGrid?.path}>
          <ChipGroup options={grids.map((g) => ({ value: g.id, label: g.name }))} value={draft.gridId ? [draft.gridId] : []} onChange={(v) => change({ gridId: v[0] })} />
        </Field>
      ) : null}

      <Field label='照片' hint='可以拍照，也可以从相册选，最多 9 张' error={errors.photoIds}>
        <PhotoUploader photos={photos} />
      </Field>

      <Field label='问题类别' required error={errors.category}>
        <View className='r-categories'>
          <ChipGroup<ReportCategory> options={CATEGORY_CHIPS} value={draft.category ? [draft.category] : []} onChange={(v) => change({ category: v[0] })} />
        </View>
      </Field>

      <Field label='问题描述' required error={errors.description}>
        <Textarea
          className={['r-textarea', errors.description ? 'r-textarea--invalid' : ''].filter(Boolean).join(' ')}
          value={draft.description}
          maxlength={DESCRIPTION_MAX}
          placeholder='说清楚是什么问题、在哪里、有多久了'
          onInput={(e) => change({ description: e.detail.value })}
        />
        <View className={['r-counter', descriptionLength > 0 && descriptionLength < 5 ? 'r-counter--over' : ''].filter(Boolean).join(' ')}>
          {descriptionLength > 0 && descriptionLength < 5 ? '至少 5 个字 · ' : ''}
          {draft.description.length}/{DESCRIPTION_MAX}
        </View>
      </Field>

      <Field label='位置' error={errors.location} hint='写个大概位置，网格长好找'>
        <TextInput
          value={draft.locationText}
          maxlength={LOCATION_MAX}
          placeholder='如：村口池塘东边、3单元2楼楼道'
          invalid={Boolean(errors.location)}
          onInput={(v) => change({ locationText: v })}
        />
        <View className='r-location-row'>
          {draft.latitude !== undefined ? (
            <>
              <Text className='r-location-set'>✓ 已记录手机定位</Text>
              <View className='r-link-button' role='button' ariaRole='button' hoverClass='r-link-button--pressed' onClick={() => change({ latitude: undefined, longitude: undefined })}>
                不用定位
              </View>
            </>
          ) : (
            <View className='r-link-button' role='button' ariaRole='button' hoverClass='r-link-button--pressed' onClick={() => void locate()}>
              {locating ? '正在定位…' : '使用手机定位'}
            </View>
          )}
        </View>
      </Field>

      <View className='r-switch'>
        <SwitchRow title='对邻居匿名' description='网格长仍能看到你' checked={draft.anonymous} onChange={(anonymous) => change({ anonymous })} />
      </View>

      <View className='r-actions'>
        {errors.form ? (
          <View className='field--error'>
            <Notice tone='warn' title='没有提交成功'>
              {errors.form}
            </Notice>
          </View>
        ) : null}
        <BigButton onClick={() => void submit()} loading={sending} loadingText='正在提交…'>
          提交上报
        </BigButton>
        <View className='r-actions__note'>填写的内容会自动保存，网络不好也不会丢</View>
      </View>
    </Screen>
  )
}
