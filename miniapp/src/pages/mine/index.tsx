import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { endSession, isLoggedIn, setElderMode } from '../../store/session'
import { useSession } from '../../store/use-session'
import { LANDLORD_PAGES, goLogin, openPage } from '../../utils/nav'
import { BigButton, Card, Screen, SwitchRow } from '../../components'
import { NATIVE_COLORS } from '../../theme/colors'
import './index.css'

export default function MinePage() {
  const { user, elderMode, me } = useSession()
  const landlord = (me?.memberships ?? []).some((m) => m.role === 'landlord' && m.status === 'active')

  useDidShow(() => {
    if (!isLoggedIn()) goLogin()
  })

  function toggleElderMode(on: boolean) {
    setElderMode(on)
    void Taro.showToast({ title: on ? '已开启长辈模式' : '已关闭长辈模式', icon: 'none' })
  }

  async function logOut() {
    const { confirm } = await Taro.showModal({
      title: '退出登录',
      content: '退出后需要重新登录才能使用。',
      confirmText: '退出',
      cancelText: '取消',
      confirmColor: NATIVE_COLORS.primary,
    })
    if (!confirm) return
    endSession()
    goLogin('已退出登录')
  }

  return (
    <Screen className='mine'>
      <Card className='mine__profile'>
        <View className='mine__avatar'>{user?.displayName.slice(0, 1) ?? ''}</View>
        <View className='mine__who'>
          <View className='mine__name'>{user?.displayName ?? ''}</View>
          <View className='mine__status'>已登录</View>
        </View>
      </Card>

      {landlord ? (
        <View>
          <View className='section-title'>房东</View>
          <Card onClick={() => openPage(LANDLORD_PAGES.houses)}>
            <View className='mine__row'>
              <View>我的出租房</View>
              <View className='mine__arrow'>›</View>
            </View>
          </Card>
        </View>
      ) : null}

      <View className='section-title'>显示</View>
      <View className='list-group'>
        <SwitchRow
          title='长辈模式（大字体）'
          description='字更大，按钮更大，看得更清楚'
          checked={elderMode}
          onChange={toggleElderMode}
        />
      </View>

      <View className='section-title'>隐私</View>
      <Card>
        <View className='mine__privacy'>
          你的手机号、身份证号等信息加密保存，只有负责你所在网格的工作人员能查看，每次查看都有记录。
        </View>
      </Card>

      <View className='mine__logout'>
        <BigButton variant='secondary' onClick={() => void logOut()}>
          退出登录
        </BigButton>
      </View>

      <View className='mine__version'>邻里微网格 版本 {APP_VERSION}</View>
    </Screen>
  )
}
