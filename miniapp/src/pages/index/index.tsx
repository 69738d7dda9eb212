import { useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { MEMBERSHIP_STATUS_LABELS, ROLE_LABELS, formatGridPath, type MyMembership } from '@linli/shared'
import { me as fetchMe } from '../../services/auth'
import { listNotifications } from '../../services/care'
import { getGrid } from '../../services/grids'
import { errorMessage } from '../../services/http'
import { getSession, isLoggedIn, setMe } from '../../store/session'
import { useSession } from '../../store/use-session'
import { DASHBOARD_PAGE, FAMILY_PAGES, HEAD_PAGES, LANDLORD_PAGES, MY_HOME_PAGE, goLogin, openPage } from '../../utils/nav'
import { formatToday } from '../../utils/format'
import { Card, EmptyState, ErrorState, Loading, Screen, StatusTag } from '../../components'
import { CheckInCard } from './check-in'
import './index.css'

interface StaffAction {
  label: string
  page: string
  badge?: number
}

/** The grid head's three daily jobs, one tap each from the card. */
function StaffActions({ membership, pending }: { membership: MyMembership; pending: number | undefined }) {
  const actions: StaffAction[] = [
    { label: '待审核', page: HEAD_PAGES.members, badge: pending },
    { label: '住户登记', page: HEAD_PAGES.households },
    { label: '邀请入格', page: HEAD_PAGES.invite },
  ]
  return (
    <View className='staff-actions'>
      {actions.map((action) => (
        <View
          key={action.label}
          className='staff-action'
          role='button'
          ariaRole='button'
          hoverClass='staff-action--pressed'
          onClick={() => openPage(action.page, { gridId: membership.node.id, name: membership.node.name })}
        >
          <Text className='staff-action__label'>{action.label}</Text>
          {action.badge !== undefined && action.badge > 0 ? (
            <Text className='staff-action__badge'>{action.badge > 99 ? '99+' : action.badge}</Text>
          ) : null}
        </View>
      ))}
    </View>
  )
}

function Entry({ label, onOpen }: { label: string; onOpen: () => void }) {
  return (
    <View className='my-home-entry care-entry' role='button' ariaRole='button' hoverClass='my-home-entry--pressed' onClick={onOpen}>
      <Text>{label}</Text>
      <Text className='my-home-entry__arrow'>›</Text>
    </View>
  )
}

function MembershipCard({ membership, pending }: { membership: MyMembership; pending: number | undefined }) {
  const { node, path, role, status } = membership
  const active = status === 'active'
  return (
    <Card className='grid-card'>
      <View className='grid-card__name'>{node.name}</View>
      <View className='grid-card__path'>{formatGridPath(path)}</View>
      <View className='grid-card__tags'>
        <StatusTag tone='primary'>{ROLE_LABELS[role]}</StatusTag>
        {status !== 'active' ? (
          <StatusTag tone={status === 'pending' ? 'warn' : 'neutral'}>{MEMBERSHIP_STATUS_LABELS[status]}</StatusTag>
        ) : null}
      </View>
      {status === 'pending' ? <View className='grid-card__note'>网格长审核通过后，就能看到这里的通知和服务</View> : null}
      {status === 'rejected' ? (
        <View className='grid-card__note'>
          申请没有通过{membership.reason ? `：${membership.reason}` : ''}。如有疑问，请联系网格长，或重新扫码申请。
        </View>
      ) : null}
      {active && membership.isStaff ? <StaffActions membership={membership} pending={pending} /> : null}
      {/* dashboard: the numbers of the staff's subtree (a landlord's: their own houses) */}
      {active && membership.isStaff ? (
        <View
          className='my-home-entry dashboard-entry'
          role='button'
          ariaRole='button'
          hoverClass='my-home-entry--pressed'
          onClick={() =>
            openPage(DASHBOARD_PAGE, { id: node.id, name: node.name, care: role === 'admin' || role === 'grid_head' ? '1' : undefined })
          }
        >
          <Text>数据看板</Text>
          <Text className='my-home-entry__arrow'>›</Text>
        </View>
      ) : null}
      {active && (membership.isStaff || role === 'volunteer') ? (
        <View
          className='my-home-entry care-entry'
          role='button'
          ariaRole='button'
          hoverClass='my-home-entry--pressed'
          onClick={() => openPage(HEAD_PAGES.care, { gridId: node.id, name: node.name, staff: membership.isStaff ? '1' : undefined })}
        >
          <Text>关爱走访</Text>
          <Text className='my-home-entry__arrow'>›</Text>
        </View>
      ) : null}
      {/* tenancy (issue 7): the landlord's house, the community's roster, a tenant's own registration */}
      {active && role === 'landlord' && node.kind === 'rental_group' ? (
        <Entry label='租客登记' onOpen={() => openPage(LANDLORD_PAGES.house, { id: node.id, name: node.name })} />
      ) : null}
      {active && membership.isStaff && (role === 'admin' || role === 'grid_head') ? (
        <Entry label='租客名册' onOpen={() => openPage(HEAD_PAGES.tenancies, { gridId: node.id, name: node.name })} />
      ) : null}
      {(active || status === 'pending') && role === 'tenant' ? (
        <Entry label='我的租住登记' onOpen={() => openPage(LANDLORD_PAGES.tenantForm, { propertyId: node.id, name: node.name, self: '1' })} />
      ) : null}
      {active && membership.householdId ? (
        <View
          className='my-home-entry'
          role='button'
          ariaRole='button'
          hoverClass='my-home-entry--pressed'
          onClick={() => openPage(MY_HOME_PAGE, { id: membership.householdId ?? undefined, personId: membership.personId ?? undefined })}
        >
          <Text>我的家</Text>
          <Text className='my-home-entry__arrow'>›</Text>
        </View>
      ) : null}
    </Card>
  )
}

export default function HomePage() {
  const { me, user } = useSession()
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  // Pending applications per staff grid (GET /grids/:id counts), for the 待审核 badge.
  const [pending, setPending] = useState<Record<string, number>>({})
  // Unread messages (GET /notifications); null until known or when the inbox cannot be read.
  const [unread, setUnread] = useState<number | null>(null)
  const inFlight = useRef(false)

  async function loadPendingCounts(memberships: readonly MyMembership[]): Promise<void> {
    const staff = memberships.filter((m) => m.isStaff && m.status === 'active')
    const counts = await Promise.all(
      staff.map((m) =>
        getGrid(m.node.id, { toast: false }).then(
          (grid) => [m.node.id, grid.counts.pendingMembers] as const,
          () => null,
        ),
      ),
    )
    const next: Record<string, number> = {}
    for (const entry of counts) if (entry) next[entry[0]] = entry[1]
    setPending(next)
  }

  async function load(): Promise<void> {
    if (!isLoggedIn()) {
      goLogin()
      return
    }
    if (inFlight.current) return
    inFlight.current = true
    // With data already on screen a failed refresh only toasts; without it, the page shows the error.
    const hasData = getSession().me !== null
    setLoading(true)
    try {
      const mine = await fetchMe({ toast: hasData })
      setMe(mine)
      setError(null)
      void loadPendingCounts(mine.memberships)
      listNotifications(null, { toast: false }).then(
        (page) => setUnread(page.unreadCount),
        () => setUnread(null),
      )
    } catch (err) {
      if (!hasData) setError(errorMessage(err))
    } finally {
      inFlight.current = false
      setLoading(false)
    }
  }

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const name = me?.user.displayName ?? user?.displayName ?? ''
  const memberships = me?.memberships ?? []
  const linkedPersons = me?.linkedPersons ?? []

  return (
    <Screen className='home'>
      <View className='home__greeting'>
        <View className='home__greeting-main'>
          <View className='home__hello'>{name ? `你好，${name}` : '你好'}</View>
          <View className='home__date'>{formatToday()}</View>
        </View>
        {unread !== null ? (
          <View
            className='home__inbox'
            role='button'
            ariaRole='button'
            hoverClass='my-home-entry--pressed'
            onClick={() => openPage(FAMILY_PAGES.messages)}
          >
            <Text>消息</Text>
            {unread > 0 ? <Text className='home__inbox-badge'>{unread > 99 ? '99+' : unread}</Text> : null}
          </View>
        ) : null}
      </View>

      {me === null ? (
        <View className='home__state'>
          {error !== null ? (
            <ErrorState message={error} onRetry={() => void load()} retrying={loading} />
          ) : (
            <Loading />
          )}
        </View>
      ) : (
        <View>
          {memberships
            .filter((m) => m.status === 'active' && m.role === 'resident' && m.personId)
            .slice(0, 1)
            .map((m) => (
              <CheckInCard key={m.id} personId={m.personId!} />
            ))}
          {memberships.some((m) => m.role === 'landlord' && m.status === 'active') ? (
            <Card className='family-card landlord-card' onClick={() => openPage(LANDLORD_PAGES.houses)}>
              <View className='family-card__top'>
                <View className='family-card__name'>我的出租房</View>
                <Text className='my-home-entry__arrow'>›</Text>
              </View>
              <View className='family-card__hint'>登记租客、确认扫码登记、搬离和核验</View>
            </Card>
          ) : null}
          <View className='section-title'>
            <Text>我的网格</Text>
            {memberships.length > 0 ? <Text className='section-title__extra'>共 {memberships.length} 个</Text> : null}
          </View>
          {memberships.length === 0 ? (
            <EmptyState
              title='还没有加入网格'
              description='请扫描楼道里、村里张贴的二维码加入，或请网格长发给你邀请。'
            />
          ) : (
            memberships.map((membership) => (
              <MembershipCard key={membership.id} membership={membership} pending={pending[membership.node.id]} />
            ))
          )}

          {linkedPersons.length > 0 ? (
            <View>
              <View className='section-title'>
                <Text>我关注的家人</Text>
              </View>
              {linkedPersons.map((person) => (
                <Card
                  key={person.id}
                  className='family-card'
                  onClick={() => openPage(FAMILY_PAGES.person, { id: person.id, name: person.name })}
                >
                  <View className='family-card__top'>
                    <View className='family-card__name'>
                      {person.name}
                      {person.relation ? <Text className='family-card__relation'>关系：{person.relation}</Text> : null}
                    </View>
                    <Text className='my-home-entry__arrow'>›</Text>
                  </View>
                  <View className='family-card__place'>{person.node.name}</View>
                  <View className='family-card__hint'>看走访情况、请网格员上门看看</View>
                </Card>
              ))}
            </View>
          ) : null}
        </View>
      )}
    </Screen>
  )
}
