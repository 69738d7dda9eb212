import type { Logger } from 'pino';
import { AppError } from '../../common/errors/app-error.js';
import { WechatAdapter, type WechatSession } from './wechat.adapter.js';

export interface WechatHttpOptions {
  apiBase: string;
  appId: string;
  secret: string;
  timeoutMs: number;
}

interface Code2SessionAnswer {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/** errcodes of jscode2session that mean "this code is no good", as opposed to "WeChat is busy". */
const INVALID_CODE_ERRORS = new Set([40029, 40163, 40226]);
const RATE_LIMIT_ERRORS = new Set([45011]);

/** The real WeChat server API over HTTP (base URL configurable, so tests point it at a fake). */
export class WechatHttpAdapter extends WechatAdapter {
  readonly mode = 'real' as const;

  constructor(
    private readonly options: WechatHttpOptions,
    private readonly log: Logger,
  ) {
    super();
  }

  async code2Session(code: string): Promise<WechatSession> {
    const url = new URL(`${this.options.apiBase}/sns/jscode2session`);
    url.searchParams.set('appid', this.options.appId);
    url.searchParams.set('secret', this.options.secret);
    url.searchParams.set('js_code', code);
    url.searchParams.set('grant_type', 'authorization_code');

    let answer: Code2SessionAnswer;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
      if (res.status === 429) throw new AppError('WECHAT_RATE_LIMITED', undefined, undefined, { 'Retry-After': '60' });
      if (!res.ok) throw new AppError('WECHAT_UNAVAILABLE');
      answer = (await res.json()) as Code2SessionAnswer;
    } catch (err) {
      if (err instanceof AppError) throw err;
      // the URL carries the secret: log only what went wrong, never the URL or the answer
      this.log.warn({ reason: err instanceof Error ? err.name : 'unknown' }, 'wechat code2Session unreachable');
      throw new AppError('WECHAT_UNAVAILABLE');
    }

    const errcode = answer.errcode ?? 0;
    if (errcode !== 0) {
      this.log.warn({ errcode }, 'wechat code2Session refused');
      if (INVALID_CODE_ERRORS.has(errcode)) throw new AppError('WECHAT_CODE_INVALID');
      if (RATE_LIMIT_ERRORS.has(errcode)) throw new AppError('WECHAT_RATE_LIMITED', undefined, undefined, { 'Retry-After': '60' });
      throw new AppError('WECHAT_UNAVAILABLE');
    }
    if (typeof answer.openid !== 'string' || answer.openid.length === 0) throw new AppError('WECHAT_UNAVAILABLE');
    // session_key is deliberately dropped here: nothing in Linli needs it yet, and what is not kept cannot leak.
    return { openid: answer.openid, ...(answer.unionid ? { unionid: answer.unionid } : {}) };
  }
}
