import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { CreateInviteRequest, ROLE_LABELS, type InviteDto, type InviteRole, type InviteStatus, type NodeKind } from '@linli/shared'
import { createInvite, invitePosterUrl, inviteQrUrl, listInvites, revokeInvite } from '../../../services/invites'
import { getGrid } from '../../../services/grids'
import { errorMessage, showErrorToast } from '../../../services/http'
import { platformFiles } from '../../../platform/files'
import { HEAD_PAGES, openPage } from '../../../utils/nav'
import { formatDate } from '../../../utils/format'
import { serverFieldErrors, validate, type FieldErrors } from '../../../utils/form'
import { NATIVE_COLORS } from '../../../theme/colors'
import { BigButton, Card, ChipGroup, ErrorState, Field, Loading, Notice, Screen, StatusTag, SwitchRow } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { usePaged } from '../shared/paged'
import { SmallButton } from '../shared/small-button'
import { takePickedPerson, type PickedPerson } from '../shared/pick-store'
import './index.css'

const STATUS_LABELS: Record<InviteStatus, string> = { active: '有效', expired: '已过期', revoked: '已撤销', used_up: '已用完' }
const DAYS = [1, 7, 30, 90] as const
const USES = [1, 10, 50, 200] as const

function roleOptions(kind: NodeKind | undefined): InviteRole[] {
  // the server's rule: a rental house takes tenants only (their families join where they live)
  return kind === 'rental_group' ? ['tenant'] : ['resident', 'family', 'volunteer']
}

export default function InvitePage() {
  const { gridId = '', name: nameParam = '' } = useParams()
  const [gridName, setGridName] = useState(nameParam)
  const [kind, setKind] = useState<NodeKind | undefined>()
  const [role, setRole] = useState<InviteRole>('resident')
  const [days, setDays] = useState<number>(30)
  const [uses, setUses] = useState<number>(50)
  const [requireApproval, setRequireApproval] = useState(true)
  const [linked, setLinked] = useState<PickedPerson | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [shown, setShown] = useState<InviteDto | null>(null)
  const [justMade, setJustMade] = useState(false)
  const [saving, setSaving] = useState(false)
  const list = usePaged((cursor) => listInvites(gridId, cursor, { toast: cursor !== null }))

  useEffect(() => {
    getGrid(gridId, { toast: false }).then(
      (g) => {
        setGridName(g.node.name)
        setKind(g.node.kind)
        if (g.node.kind === 'rental_group') setRole('tenant')
      },
      () => undefined,
    )
    void list.reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useDidShow(() => {
    const picked = takePickedPerson()
    if (picked) {
      setLinked(picked)
      setErrors((e) => ({ ...e, linkedPersonId: '' }))
    }
  })
  useReachBottom(() => {
    void list.loadMore()
  })

  async function create() {
    if (busy) return
    setProblem(null)
    const checked = validate(
      CreateInviteRequest.safeParse({
        role,
        expiresInHours: days * 24,
        maxUses: uses,
        requireApproval,
        linkedPersonId: role === 'family' ? linked?.id : undefined,
      }),
    )
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const invite = await createInvite(gridId, checked.data, { toast: false })
      setShown(invite)
      setJustMade(true)
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
      void list.reload()
    } catch (err) {
      const fields = serverFieldErrors(err)
      if (Object.keys(fields).length > 0) setErrors(fields)
      else setProblem(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  async function copyLink(invite: InviteDto) {
    try {
      await Taro.setClipboardData({ data: invite.joinUrl })
      void Taro.showToast({ title: '链接已复制，可以发到微信群', icon: 'none' })
    } catch {
      showErrorToast('没能复制，请长按链接手动复制')
    }
  }

  async function savePoster(invite: InviteDto) {
    if (saving) return
    setSaving(true)
    try {
      await platformFiles.openFile(invitePosterUrl(invite.token), { fileName: `${gridName || '网格'}-邀请海报.pdf`, fileType: 'pdf', auth: false })
    } catch (err) {
      showErrorToast(errorMessage(err, '海报没有打开，请稍后再试'))
    } finally {
      setSaving(false)
    }
  }

  async function revoke(invite: InviteDto) {
    const { confirm } = await Taro.showModal({
      title: '撤销这个邀请？',
      content: '撤销后，这个二维码和链接都不能再用来加入。已经加入的人不受影响。',
      confirmText: '撤销',
      cancelText: '不撤销',
      confirmColor: NATIVE_COLORS.primary,
    })
    if (!confirm) return
    try {
      await revokeInvite(invite.id, { toast: false })
      void Taro.showToast({ title: '已撤销', icon: 'none' })
      if (shown?.id === invite.id) setShown(null)
      void list.reload()
    } catch (err) {
      showErrorToast(errorMessage(err))
    }
  }

  function describe(invite: InviteDto): string {
    return [
      `已用 ${invite.uses}/${invite.maxUses} 次`,
      `有效期至 ${formatDate(invite.expiresAt)}`,
      invite.requireApproval ? '需审核' : '免审核',
    ].join(' · ')
  }

  function inviteTitle(invite: InviteDto): string {
    return `${ROLE_LABELS[invite.role]}邀请${invite.linkedPerson ? `（关联 ${invite.linkedPerson.name}）` : ''}`
  }

  function showCard(invite: InviteDto) {
    return (
      <Card className='invite-show'>
        {justMade ? <Notice tone='done'>邀请码已生成。贴在楼道里，或把链接发到微信群。</Notice> : null}
        <View className='invite-show__grid'>{gridName}</View>
        <View className='invite-show__role'>扫码以{ROLE_LABELS[invite.role]}身份加入</View>
        <View className='invite-show__qr-box'>
          <Image className='invite-show__qr' src={inviteQrUrl(invite.token)} mode='scaleToFill' showMenuByLongpress />
        </View>
        <View className='invite-show__facts'>{describe(invite)}</View>
        <View className='invite-show__link-label'>邀请链接</View>
        <Text className='invite-show__link' userSelect>
          {invite.joinUrl}
        </Text>
        <View className='stack invite-show__actions'>
          <BigButton onClick={() => void savePoster(invite)} loading={saving} loadingText='正在打开海报…'>
            保存海报（A4，可打印）
          </BigButton>
          <BigButton variant='secondary' onClick={() => void copyLink(invite)}>
            复制链接
          </BigButton>
          <BigButton
            variant='secondary'
            onClick={() => {
              setShown(null)
              setJustMade(false)
            }}
          >
            再生成一个邀请
          </BigButton>
        </View>
      </Card>
    )
  }

  function form() {
    return (
      <Card className='invite-form'>
        <View className='invite-form__title'>新建邀请</View>
        {problem ? <Notice tone='warn'>{problem}</Notice> : null}
        <Field label='邀请什么身份' required error={errors.role}>
          <ChipGroup
            options={roleOptions(kind).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            value={[role]}
            onChange={(v) => setRole(v[0] ?? role)}
          />
        </Field>
        {role === 'family' ? (
          <Field label='关联哪位家人' required error={errors.linkedPersonId} hint='家属加入后，可以看到这位家人的探访记录'>
            <View
              className={linked ? 'picker-box' : 'picker-box picker-box--empty'}
              onClick={() => openPage(HEAD_PAGES.pickPerson, { gridId })}
            >
              <Text>{linked ? `${linked.name}（${linked.address}）` : '点这里，从住户里选'}</Text>
              <Text>›</Text>
            </View>
          </Field>
        ) : null}
        <Field label='有效期' required error={errors.expiresInHours}>
          <ChipGroup options={DAYS.map((d) => ({ value: String(d), label: `${d} 天` }))} value={[String(days)]} onChange={(v) => setDays(Number(v[0] ?? days))} />
        </Field>
        <Field label='最多可以用几次' required error={errors.maxUses} hint='一户可能有好几个人扫码，楼道二维码建议 50 次以上'>
          <ChipGroup options={USES.map((u) => ({ value: String(u), label: `${u} 次` }))} value={[String(uses)]} onChange={(v) => setUses(Number(v[0] ?? uses))} />
        </Field>
        <View className='list-group invite-form__switch'>
          <SwitchRow
            title='需要我审核'
            description={requireApproval ? '扫码的人提交后，要你通过才能加入' : '扫码后直接加入，不用审核'}
            checked={requireApproval}
            onChange={setRequireApproval}
          />
        </View>
        <BigButton onClick={() => void create()} loading={busy} loadingText='正在生成…'>
          生成邀请码
        </BigButton>
      </Card>
    )
  }

  return (
    <Screen className='invite'>
      <PageHead title='邀请入格' subtitle={gridName} />
      {shown ? showCard(shown) : form()}

      <View className='section-title'>
        <Text>已发出的邀请</Text>
      </View>
      {!list.loaded ? (
        <Loading />
      ) : list.error !== null ? (
        <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
      ) : list.items.length === 0 ? (
        <View className='invite__none'>还没有发出过邀请。生成的邀请会列在这里，可以随时撤销。</View>
      ) : (
        <View className='list-group'>
          {list.items.map((invite) => (
            <View key={invite.id} className='invite-row'>
              <View className='invite-row__main'>
                <View className='invite-row__title'>
                  <Text>{inviteTitle(invite)}</Text>
                  <StatusTag tone={invite.status === 'active' ? 'primary' : 'neutral'}>{STATUS_LABELS[invite.status]}</StatusTag>
                </View>
                <View className='invite-row__facts'>{describe(invite)}</View>
              </View>
              {invite.status === 'active' ? (
                <View className='invite-row__actions'>
                  <SmallButton
                    onClick={() => {
                      setShown(invite)
                      setJustMade(false)
                      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
                    }}
                  >
                    二维码
                  </SmallButton>
                  <SmallButton onClick={() => void revoke(invite)}>撤销</SmallButton>
                </View>
              ) : null}
            </View>
          ))}
        </View>
      )}
      {list.hasMore ? <View className='list-footer'>{list.loading ? '正在加载…' : '上滑加载更多'}</View> : null}
    </Screen>
  )
}
