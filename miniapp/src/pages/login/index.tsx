import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { platformLogin } from '../../platform/login'
import { login } from '../../services/auth'
import { errorMessage, showErrorToast } from '../../services/http'
import { startSession } from '../../store/session'
import { JOIN_PAGE, goHome, safeRedirect } from '../../utils/nav'
import { BigButton, ListRow, Screen } from '../../components'
import { DEMO_ACCOUNTS } from './demo-accounts'
import './index.css'

/** Which login is in flight: 'wechat', 'custom' (typed openid) or a demo openid. */
type Busy = string | null

export default function LoginPage() {
  const [busy, setBusy] = useState<Busy>(null)
  // The error sits next to what failed: above the demo list, or under the typed-openid form.
  const [error, setError] = useState<{ key: string; message: string } | null>(null)
  const [typedOpenid, setTypedOpenid] = useState('')
  // Where to go after logging in: a page that sent people here (the join page, say), or home.
  const [redirect] = useState(() => safeRedirect(Taro.getCurrentInstance().router?.params.redirect))

  async function logIn(key: string, openid?: string) {
    if (busy) return
    setBusy(key)
    setError(null)
    try {
      const code = await platformLogin.getCode(openid)
      const session = await login(code, { toast: false })
      startSession(session)
      if (redirect) Taro.reLaunch({ url: redirect })
      else goHome()
    } catch (err) {
      const message = errorMessage(err, '登录没有成功，请再试一次')
      setError({ key, message })
      showErrorToast(message)
      setBusy(null)
    }
  }

  function errorBox(where: 'custom' | 'other') {
    if (!error || (error.key === 'custom') !== (where === 'custom')) return null
    return (
      <View className='login__error'>
        <Text className='login__error-title'>登录没有成功</Text>
        <View>{error.message}</View>
      </View>
    )
  }

  return (
    <Screen className='login'>
      <View className='login__hero'>
        <View className='login__mark'>邻</View>
        <View className='login__name'>邻里微网格</View>
        <View className='login__slogan'>邻里的事，一起办</View>
      </View>

      {redirect?.startsWith(JOIN_PAGE) ? (
        <View className='login__next'>登录后，继续加入网格</View>
      ) : null}

      {platformLogin.mode === 'wechat' ? (
        <View className='login__wechat'>
          {errorBox('other')}
          <BigButton onClick={() => void logIn('wechat')} loading={busy === 'wechat'} loadingText='正在登录…'>
            微信一键登录
          </BigButton>
        </View>
      ) : (
        <View className='login__mock'>
          <View className='section-title'>
            <Text>演示账号</Text>
            <Text className='section-title__extra'>点一个即可登录</Text>
          </View>
          {errorBox('other')}
          <View className='list-group'>
            {DEMO_ACCOUNTS.map((account) => (
              <ListRow
                key={account.openid}
                className='demo-account'
                title={account.who}
                description={account.openid}
                disabled={busy !== null && busy !== account.openid}
                onClick={() => void logIn(account.openid, account.openid)}
                extra={busy === account.openid ? <Text className='login__busy'>正在登录…</Text> : undefined}
                arrow={busy !== account.openid}
              />
            ))}
          </View>

          <View className='section-title'>
            <Text>其他账号</Text>
          </View>
          <View className='login__custom'>
            <Input
              className='login__input'
              type='text'
              value={typedOpenid}
              placeholder='输入 openid'
              placeholderClass='login__placeholder'
              maxlength={64}
              confirmType='go'
              onInput={(e) => setTypedOpenid(e.detail.value)}
              onConfirm={() => void logIn('custom', typedOpenid)}
            />
            <BigButton
              onClick={() => void logIn('custom', typedOpenid)}
              loading={busy === 'custom'}
              loadingText='正在登录…'
              disabled={busy !== null && busy !== 'custom'}
            >
              登录
            </BigButton>
            {errorBox('custom')}
          </View>
        </View>
      )}

      <View className='login__privacy'>
        登录后，你的手机号、身份证号等信息加密保存，只给负责你所在网格的工作人员查看。
      </View>
    </Screen>
  )
}
