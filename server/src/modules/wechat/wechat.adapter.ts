/** What the rest of the server needs from WeChat. `session_key` is dropped inside the adapter: it never leaves it. */
export interface WechatSession {
  openid: string;
  unionid?: string;
}

export abstract class WechatAdapter {
  abstract readonly mode: 'mock' | 'real';
  /** Exchanges a `wx.login` code for the user's openid. Throws AppError WECHAT_* codes. */
  abstract code2Session(code: string): Promise<WechatSession>;
}
