/** What the rest of the server needs from WeChat. `session_key` is dropped inside the adapter: it never leaves it. */
export interface WechatSession {
  openid: string;
  unionid?: string;
}

export abstract class WechatAdapter {
  abstract readonly mode: 'mock' | 'real';
  /** Exchanges a `wx.login` code for the user's openid. Throws AppError WECHAT_* codes. */
  abstract code2Session(code: string): Promise<WechatSession>;
  /** A code to scan that opens `page` with `scene`: a mini-program code (real) or a QR code of the H5 URL (mock). */
  abstract miniProgramCode(request: MiniProgramCodeRequest): Promise<CodeImage>;
  /** Sends a subscription message; answers false when WeChat says the user has no subscription left. */
  abstract sendSubscribeMessage(message: SubscribeMessage): Promise<boolean>;
  /**
   * Content security for user text (`msgSecCheck` v2). `pass` only when WeChat says so; `review` and `risky`
   * are refusals. `openid` is the author's (WeChat requires a user who opened the mini-program within 2 hours).
   */
  abstract msgSecCheck(request: TextCheckRequest): Promise<ContentVerdict>;
  /**
   * Content security for an image (`mediaCheckAsync` v2): WeChat answers later through the message push
   * callback with the trace id. The mock answers at once with `verdict: 'pass'`.
   */
  abstract mediaCheckAsync(request: MediaCheckRequest): Promise<MediaCheckTicket>;
}

/** WeChat's `thing` fields of a subscription message take at most 20 characters, on one line. */
export function wechatThing(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > 20 ? `${chars.slice(0, 19).join('')}…` : chars.join('');
}

export type ContentVerdict = 'pass' | 'review' | 'risky';
/** WeChat's scenes: 1 profile, 2 comment, 3 forum post, 4 social log. */
export type ContentScene = 1 | 2 | 3 | 4;

export interface TextCheckRequest {
  content: string;
  openid: string;
  scene: ContentScene;
  title?: string;
}

export interface MediaCheckRequest {
  /** A URL WeChat can download the image from. */
  mediaUrl: string;
  openid: string;
  scene: ContentScene;
}

export interface MediaCheckTicket {
  traceId: string;
  /** Set when the answer is known at once (mock mode); otherwise it arrives at the callback. */
  verdict?: ContentVerdict;
}

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** The mini-program page the message opens. */
  page: string;
  data: Record<string, { value: string }>;
}

export interface MiniProgramCodeRequest {
  /** ≤ 32 visible characters; arrives URI-encoded in the page's `scene` parameter. */
  scene: string;
  /** The page the code opens, e.g. `pages/join/index`. */
  page: string;
  /** The same destination in the H5 build: what the mock mode's QR code holds. */
  h5Url: string;
}

export interface CodeImage {
  image: Buffer;
  contentType: 'image/png' | 'image/jpeg';
}
