import Taro from '@tarojs/taro'
import type { PlatformLogin } from './login.types'

/** WeChat: `wx.login` gives a code that the server trades for the openid (code2Session). */
export const platformLogin: PlatformLogin = {
  mode: 'wechat',
  async getCode() {
    let code: string | undefined
    try {
      code = (await Taro.login()).code
    } catch {
      throw new Error('没有拿到微信登录授权，请再点一次')
    }
    if (!code) throw new Error('没有拿到微信登录授权，请再点一次')
    return code
  },
}
