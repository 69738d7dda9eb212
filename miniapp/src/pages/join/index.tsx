import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  AddressFields,
  InviteTokenParams,
  JoinRequest,
  ROLE_LABELS,
  formatAddress,
  formatGridPath,
  parseAddress,
  type InvitePreview,
  type JoinResponse,
  type MembershipStatus,
} from '@linli/shared'
import { platformLogin } from '../../platform/login'
import { login, me as fetchMe } from '../../services/auth'
import { joinInvite, previewInvite } from '../../services/invites'
import { ApiError, errorMessage, showErrorToast } from '../../services/http'
import { isLoggedIn, setMe, startSession } from '../../store/session'
import { JOIN_PAGE, LOGIN_PAGE, goHome, pageUrl, safeDecode } from '../../utils/nav'
import { formatDate } from '../../utils/format'
import { optional, serverFieldErrors, validate, type FieldErrors } from '../../utils/form'
import { BigButton, Card, Field, Loading, Notice, Screen, StatusTag, TextInput } from '../../components'
import { PrivacyNotice } from './privacy-notice'
import { joinProblem, type JoinProblem } from './problems'
import './index.css'

type Stage =
  | { kind: 'loading' }
  | { kind: 'problem'; problem: JoinProblem; back?: 'preview' | 'person' }
  | { kind: 'preview' }
  | { kind: 'consent' }
  | { kind: 'household' }
  | { kind: 'person' }
  | { kind: 'done'; status: MembershipStatus; already?: boolean }

/** The token: `scene` of a WeChat mini-program code (URI-encoded), or `t` of the H5 link. */
function readToken(params: Record<string, string | undefined>): string {
  const raw = params.scene ?? params.t ?? ''
  return safeDecode(raw).trim()
}

export default function JoinPage() {
  const router = useRouter()
  const [token] = useState(() => readToken(router.params))
  // After the H5 login page sends people back, carry on where they tapped 加入.
  const [resume] = useState(() => router.params.go === '1')
  const [stage, setStage] = useState<Stage>({ kind: 'loading' })
  const [preview, setPreview] = useState<InvitePreview | null>(null)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [building, setBuilding] = useState('')
  const [unit, setUnit] = useState('')
  const [room, setRoom] = useState('')
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')

  const family = preview?.role === 'family'
  // Residents and tenants join a household; volunteers and family members do not.
  const withHousehold = preview?.role === 'resident' || preview?.role === 'tenant'
  const totalSteps = withHousehold ? 3 : 2

  function fail(err: unknown, back?: 'preview' | 'person') {
    if (err instanceof ApiError) setStage({ kind: 'problem', problem: joinProblem(err.code, err.message), back })
    else setStage({ kind: 'problem', problem: joinProblem('INTERNAL', errorMessage(err)), back })
  }

  async function loadPreview(): Promise<InvitePreview | null> {
    if (!InviteTokenParams.safeParse({ token }).success) {
      setStage({ kind: 'problem', problem: joinProblem('INVITE_NOT_FOUND') })
      return null
    }
    setStage({ kind: 'loading' })
    try {
      const p = await previewInvite(token, { toast: false })
      setPreview(p)
      return p
    } catch (err) {
      fail(err, 'preview')
      return null
    }
  }

  /** Logged in: skip ahead when this person is already in (or waiting for) the grid. */
  async function startJoining(p: InvitePreview): Promise<void> {
    setBusy(true)
    try {
      const mine = await fetchMe({ toast: false })
      setMe(mine)
      const existing = mine.memberships.find((m) => m.node.id === p.grid.id && (m.status === 'active' || m.status === 'pending'))
      if (existing) {
        setStage({ kind: 'done', status: existing.status, already: true })
        return
      }
      setStage({ kind: 'consent' })
    } catch (err) {
      fail(err, 'preview')
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    void loadPreview().then((p) => {
      if (!p) return
      if (resume && isLoggedIn()) void startJoining(p)
      else setStage({ kind: 'preview' })
    })
    // Runs once: the token does not change while the page is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  async function onJoinTap() {
    if (!preview || busy) return
    if (isLoggedIn()) {
      await startJoining(preview)
      return
    }
    if (platformLogin.mode === 'mock') {
      // H5: the login page lists accounts; it sends the person back here to carry on.
      void Taro.reLaunch({ url: pageUrl(LOGIN_PAGE, { redirect: pageUrl(JOIN_PAGE, { t: token, go: 1 }) }) })
      return
    }
    // WeChat: one tap, no page change.
    setBusy(true)
    try {
      const code = await platformLogin.getCode()
      startSession(await login(code, { toast: false }))
    } catch (err) {
      showErrorToast(errorMessage(err, '登录没有成功，请再试一次'))
      setBusy(false)
      return
    }
    setBusy(false)
    await startJoining(preview)
  }

  function leave() {
    void Taro.showToast({ title: '没有加入，你的信息没有保存', icon: 'none', duration: 2500 })
    setTimeout(goHome, 1200)
  }

  /** "2单元301" typed into 门牌号 alone is split into its parts. */
  function addressParts(): { building: string; unit: string; room: string } {
    if (!building.trim() && !unit.trim() && room.trim()) {
      const parsed = parseAddress(room)
      if (parsed && (parsed.building || parsed.unit)) {
        return { building: parsed.building ?? '', unit: parsed.unit ?? '', room: parsed.room }
      }
    }
    return { building, unit, room }
  }

  function nextFromHousehold() {
    const result = validate(AddressFields.safeParse(addressParts()))
    if (!result.ok) {
      setErrors(result.errors)
      return
    }
    setErrors({})
    setStage({ kind: 'person' })
  }

  async function submit() {
    if (!preview || busy) return
    const body = {
      consentVersion: preview.privacyNoticeVersion,
      // Also when the server asked for one (HOUSEHOLD_REQUIRED) and the person then typed it.
      household: withHousehold || room.trim() ? addressParts() : undefined,
      person: { name, phone: optional(phone) },
    }
    const checked = validate(JoinRequest.safeParse(body))
    if (!checked.ok) {
      setErrors(checked.errors)
      if (Object.keys(checked.errors).some((k) => k.startsWith('household'))) setStage({ kind: 'household' })
      return
    }
    setErrors({})
    setNotice(null)
    setBusy(true)
    let result: JoinResponse
    try {
      result = await joinInvite(token, checked.data, { toast: false })
    } catch (err) {
      setBusy(false)
      onSubmitError(err)
      return
    }
    setBusy(false)
    setStage({ kind: 'done', status: result.membership.status })
    // Refresh /me so the home page shows the new grid at once.
    fetchMe({ toast: false }).then(setMe, () => undefined)
  }

  function onSubmitError(err: unknown) {
    if (!(err instanceof ApiError)) {
      fail(err, 'person')
      return
    }
    switch (err.code) {
      case 'HOUSEHOLD_AMBIGUOUS':
        setErrors({ 'household.building': err.message })
        setStage({ kind: 'household' })
        return
      case 'HOUSEHOLD_REQUIRED':
        setErrors({ 'household.room': err.message })
        setStage({ kind: 'household' })
        return
      case 'CONSENT_OUTDATED':
        // The notice changed since the page opened: show the new one and ask again.
        void loadPreview().then((p) => {
          if (!p) return
          setNotice(err.message)
          setStage({ kind: 'consent' })
        })
        return
      case 'VALIDATION_FAILED': {
        const fields = serverFieldErrors(err)
        if (Object.keys(fields).length > 0) {
          setErrors(fields)
          setStage({ kind: Object.keys(fields).some((k) => k.startsWith('household')) && withHousehold ? 'household' : 'person' })
        } else {
          setNotice(err.message)
        }
        return
      }
      case 'NETWORK_ERROR':
      case 'TIMEOUT':
      case 'INTERNAL':
      case 'DB_UNAVAILABLE':
        setNotice(err.message)
        showErrorToast(err.message)
        return
      default:
        fail(err, err.code === 'RATE_LIMITED' ? 'person' : undefined)
    }
  }

  function retry(back?: 'preview' | 'person') {
    if (back === 'person') setStage({ kind: 'person' })
    else
      void loadPreview().then((p) => {
        if (p) setStage({ kind: 'preview' })
      })
  }

  const err = (key: string) => errors[key]

  function stepLabel(step: number) {
    return (
      <View className='join__step'>
        第 {step} 步，共 {totalSteps} 步
      </View>
    )
  }

  function previewCard(compact: boolean) {
    if (!preview) return null
    return (
      <Card className={compact ? 'join-card join-card--compact' : 'join-card'}>
        {compact ? null : <View className='join-card__invited'>邀请你加入</View>}
        <View className='join-card__name'>{preview.grid.name}</View>
        <View className='join-card__path'>{formatGridPath(preview.path)}</View>
        {compact ? null : (
          <View className='join-card__tags'>
            <StatusTag tone='primary'>以{ROLE_LABELS[preview.role]}身份加入</StatusTag>
            {preview.requireApproval ? <StatusTag tone='warn'>需要网格长审核</StatusTag> : null}
          </View>
        )}
        {!compact && family && preview.linkedPersonName ? (
          <View className='join-card__linked'>
            加入后，你将作为家属关注：<Text className='join-card__linked-name'>{preview.linkedPersonName}</Text>
          </View>
        ) : null}
      </Card>
    )
  }

  function body() {
    switch (stage.kind) {
      case 'loading':
        return <Loading text='正在打开邀请…' />

      case 'problem': {
        const { problem, back } = stage
        return (
          <View className='join-problem'>
            <View className='join-problem__mark'>!</View>
            <View className='join-problem__title'>{problem.title}</View>
            <View className='join-problem__message'>{problem.message}</View>
            <View className='join-problem__next'>{problem.next}</View>
            <View className='join__actions'>
              {problem.retry ? (
                <BigButton onClick={() => retry(back)}>重试</BigButton>
              ) : null}
              <BigButton variant={problem.retry ? 'secondary' : 'primary'} onClick={goHome}>
                回到首页
              </BigButton>
            </View>
          </View>
        )
      }

      case 'preview':
        return (
          <View>
            {previewCard(false)}
            <View className='join__explain'>
              加入后，这个网格的通知、服务都会出现在你的首页。
              {preview?.requireApproval ? '提交后，网格长核对无误就会通过。' : ''}
            </View>
            {preview ? <View className='join__expires'>邀请有效期至 {formatDate(preview.expiresAt)}</View> : null}
            <View className='join__actions'>
              <BigButton onClick={() => void onJoinTap()} loading={busy} loadingText='请稍候…'>
                {isLoggedIn() ? '加入这个网格' : '登录并加入'}
              </BigButton>
            </View>
          </View>
        )

      case 'consent':
        return (
          <View>
            {stepLabel(1)}
            {notice ? <Notice tone='warn'>{notice}</Notice> : null}
            <Card>
              <PrivacyNotice
                gridName={preview?.grid.name ?? ''}
                version={preview?.privacyNoticeVersion ?? ''}
                withHousehold={withHousehold}
              />
            </Card>
            <View className='join__actions'>
              <BigButton
                onClick={() => {
                  setNotice(null)
                  setStage({ kind: withHousehold ? 'household' : 'person' })
                }}
              >
                同意并继续
              </BigButton>
              <BigButton variant='secondary' onClick={leave}>
                不同意
              </BigButton>
            </View>
          </View>
        )

      case 'household':
        return (
          <View>
            {stepLabel(2)}
            {previewCard(true)}
            <View className='join__question'>你家住在哪里？</View>
            <View className='join__hint'>如：2单元301，只填门牌号也可以</View>
            <Field label='楼栋' error={err('household.building') ?? err('building')}>
              <TextInput large value={building} onInput={setBuilding} placeholder='如：29栋' maxlength={20} invalid={Boolean(err('household.building'))} />
            </Field>
            <Field label='单元' error={err('household.unit') ?? err('unit')}>
              <TextInput large value={unit} onInput={setUnit} placeholder='如：2单元' maxlength={20} />
            </Field>
            <Field label='门牌号' required error={err('household.room') ?? err('room')}>
              <TextInput
                large
                value={room}
                onInput={setRoom}
                placeholder='如：301'
                maxlength={20}
                invalid={Boolean(err('household.room') ?? err('room'))}
                onConfirm={nextFromHousehold}
              />
            </Field>
            <View className='join__actions'>
              <BigButton onClick={nextFromHousehold}>下一步</BigButton>
            </View>
          </View>
        )

      case 'person':
        return (
          <View>
            {stepLabel(totalSteps)}
            {previewCard(true)}
            {notice ? <Notice tone='warn'>{notice}</Notice> : null}
            <View className='join__question'>请留下你的名字</View>
            <Field label='你的姓名' required error={err('person.name')}>
              <TextInput large value={name} onInput={setName} placeholder='请填写真实姓名' maxlength={30} invalid={Boolean(err('person.name'))} />
            </Field>
            <Field
              label='手机号'
              error={err('person.phone')}
              hint='方便网格长联系你。加密保存，只有网格工作人员能看到。'
            >
              <TextInput large type='phone' value={phone} onInput={setPhone} placeholder='可以不填' maxlength={20} invalid={Boolean(err('person.phone'))} />
            </Field>
            {!withHousehold ? null : (
              <View className='join__review'>
                门牌号：{formatAddress(addressParts())}
                <Text className='join__review-change' onClick={() => setStage({ kind: 'household' })}>
                  修改
                </Text>
              </View>
            )}
            <View className='join__actions'>
              <BigButton onClick={() => void submit()} loading={busy} loadingText='正在提交…'>
                {preview?.requireApproval ? '提交申请' : '加入'}
              </BigButton>
            </View>
          </View>
        )

      case 'done': {
        const pending = stage.status === 'pending'
        return (
          <View className='join-done'>
            <View className={pending ? 'join-done__mark join-done__mark--pending' : 'join-done__mark'}>{pending ? '…' : '✓'}</View>
            <View className='join-done__title'>
              {pending ? (stage.already ? '你的申请正在审核' : '已提交，等待网格长审核') : stage.already ? '你已经加入了' : '已加入'}
            </View>
            <View className='join-done__grid'>{preview?.grid.name}</View>
            <View className='join-done__text'>
              {pending
                ? '网格长核对后就会通过。通过后，你在首页就能看到这个网格的通知和服务。'
                : '以后这个网格的通知、服务都在首页。'}
            </View>
            <View className='join__actions'>
              <BigButton onClick={goHome}>回到首页</BigButton>
            </View>
          </View>
        )
      }
    }
  }

  return <Screen className='join'>{body()}</Screen>
}
