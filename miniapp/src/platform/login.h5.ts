import type { PlatformLogin } from './login.types'

/** H5 runs against a server in WeChat mock mode: the code `mock:<openid>` logs in as that openid. */
export const platformLogin: PlatformLogin = {
  mode: 'mock',
  async getCode(openid) {
    const id = openid?.trim() ?? ''
    if (!id) throw new Error('请先输入账号（openid）')
    return `mock:${id}`
  },
}
