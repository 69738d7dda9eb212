import { useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { MEMBERSHIP_STATUS_LABELS, ROLE_LABELS, formatGridPath, type MyMembership } from '@linli/shared'
import { me as fetchMe } from '../../services/auth'
import { errorMessage } from '../../services/http'
import { getSession, isLoggedIn, setMe } from '../../store/session'
import { useSession } from '../../store/use-session'
import { goLogin } from '../../utils/nav'
import { formatToday } from '../../utils/format'
import { Card, EmptyState, ErrorState, ListRow, Loading, Screen, StatusTag } from '../../components'
import './index.css'

function MembershipCard({ membership }: { membership: MyMembership }) {
  const { node, path, role, status } = membership
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
    </Card>
  )
}

export default function HomePage() {
  const { me, user } = useSession()
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const inFlight = useRef(false)

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
      setMe(await fetchMe({ toast: hasData }))
      setError(null)
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
        <View className='home__hello'>{name ? `你好，${name}` : '你好'}</View>
        <View className='home__date'>{formatToday()}</View>
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
            memberships.map((membership) => <MembershipCard key={membership.id} membership={membership} />)
          )}

          {linkedPersons.length > 0 ? (
            <View>
              <View className='section-title'>
                <Text>我关注的家人</Text>
              </View>
              <View className='list-group'>
                {linkedPersons.map((person) => (
                  <ListRow key={person.id} title={person.name} extra={person.relation ?? undefined} />
                ))}
              </View>
            </View>
          ) : null}
        </View>
      )}
    </Screen>
  )
}
