/** How this build logs people in: WeChat's own login, or mock mode (H5) with `mock:<openid>`. */
export type LoginMode = 'wechat' | 'mock'

export interface PlatformLogin {
  readonly mode: LoginMode
  /**
   * A one-time code for `POST /auth/login`. In mock mode `openid` picks the account; WeChat
   * ignores it. Rejects with an Error whose message is Chinese and can be shown as is.
   */
  getCode(openid?: string): Promise<string>
}
