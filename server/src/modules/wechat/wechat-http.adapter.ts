import type { Logger } from 'pino';
import { AppError } from '../../common/errors/app-error.js';
import {
  WechatAdapter,
  type CodeImage,
  type ContentVerdict,
  type MediaCheckRequest,
  type MediaCheckTicket,
  type MiniProgramCodeRequest,
  type SubscribeMessage,
  type TextCheckRequest,
  type WechatSession,
} from './wechat.adapter.js';

export interface WechatHttpOptions {
  apiBase: string;
  appId: string;
  secret: string;
  timeoutMs: number;
}

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
}
interface Code2SessionAnswer extends WechatAnswer {
  openid?: string;
  session_key?: string;
  unionid?: string;
}
interface SecCheckAnswer extends WechatAnswer {
  result?: { suggest?: string; label?: number };
  trace_id?: string;
}
interface StableTokenAnswer extends WechatAnswer {
  access_token?: string;
  expires_in?: number;
}

/** errcodes of jscode2session that mean "this code is no good", as opposed to "WeChat is busy". */
const INVALID_CODE_ERRORS = new Set([40029, 40163, 40226]);
/** Frequency limits (per minute / per day quotas). */
const RATE_LIMIT_ERRORS = new Set([45011, 45009]);
/** The access token was refused: fetch a fresh one and try once more. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Refresh a cached access token this long before WeChat says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** The real WeChat server API over HTTP (base URL configurable, so tests point it at a fake). */
export class WechatHttpAdapter extends WechatAdapter {
  readonly mode = 'real' as const;
  private token?: { value: string; expiresAt: number };
  private tokenInFlight?: Promise<string>;

  constructor(
    private readonly options: WechatHttpOptions,
    private readonly log: Logger,
  ) {
    super();
  }

  /** One request to WeChat; the URL may carry the secret or the access token, so it is never logged. */
  private async call(path: string, init: { query?: Record<string, string>; json?: unknown }): Promise<Response> {
    const url = new URL(`${this.options.apiBase}${path}`);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    try {
      const res = await fetch(url, {
        method: init.json === undefined ? 'GET' : 'POST',
        headers: init.json === undefined ? undefined : { 'content-type': 'application/json' },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (res.status === 429) throw new AppError('WECHAT_RATE_LIMITED', undefined, undefined, { 'Retry-After': '60' });
      if (!res.ok) throw new AppError('WECHAT_UNAVAILABLE');
      return res;
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.log.warn({ path, reason: err instanceof Error ? err.name : 'unknown' }, 'wechat unreachable');
      throw new AppError('WECHAT_UNAVAILABLE');
    }
  }

  private async json<T extends WechatAnswer>(res: Response): Promise<T> {
    try {
      return (await res.json()) as T;
    } catch {
      throw new AppError('WECHAT_UNAVAILABLE');
    }
  }

  private refuse(path: string, errcode: number): never {
    this.log.warn({ path, errcode }, 'wechat refused');
    if (RATE_LIMIT_ERRORS.has(errcode)) throw new AppError('WECHAT_RATE_LIMITED', undefined, undefined, { 'Retry-After': '60' });
    throw new AppError('WECHAT_UNAVAILABLE');
  }

  async code2Session(code: string): Promise<WechatSession> {
    const res = await this.call('/sns/jscode2session', {
      query: { appid: this.options.appId, secret: this.options.secret, js_code: code, grant_type: 'authorization_code' },
    });
    const answer = await this.json<Code2SessionAnswer>(res);
    const errcode = answer.errcode ?? 0;
    if (errcode !== 0) {
      if (INVALID_CODE_ERRORS.has(errcode)) {
        this.log.warn({ errcode }, 'wechat code2Session refused the code');
        throw new AppError('WECHAT_CODE_INVALID');
      }
      this.refuse('/sns/jscode2session', errcode);
    }
    if (typeof answer.openid !== 'string' || answer.openid.length === 0) throw new AppError('WECHAT_UNAVAILABLE');
    // session_key is deliberately dropped here: nothing in Linli needs it yet, and what is not kept cannot leak.
    return { openid: answer.openid, ...(answer.unionid ? { unionid: answer.unionid } : {}) };
  }

  /** The stable access token, cached until shortly before it expires; concurrent callers share one fetch. */
  async accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && this.token.expiresAt - TOKEN_MARGIN_MS > Date.now()) return this.token.value;
    if (this.tokenInFlight && !forceRefresh) return this.tokenInFlight;
    const fetching = (async () => {
      const res = await this.call('/cgi-bin/stable_token', {
        json: { grant_type: 'client_credential', appid: this.options.appId, secret: this.options.secret, force_refresh: forceRefresh },
      });
      const answer = await this.json<StableTokenAnswer>(res);
      if ((answer.errcode ?? 0) !== 0 || !answer.access_token) this.refuse('/cgi-bin/stable_token', answer.errcode ?? -1);
      this.token = { value: answer.access_token, expiresAt: Date.now() + (answer.expires_in ?? 7200) * 1000 };
      return answer.access_token;
    })();
    this.tokenInFlight = fetching;
    try {
      return await fetching;
    } finally {
      if (this.tokenInFlight === fetching) this.tokenInFlight = undefined;
    }
  }

  async sendSubscribeMessage(message: SubscribeMessage): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const res = await this.call('/cgi-bin/message/subscribe/send', {
        query: { access_token: token },
        json: { touser: message.openid, template_id: message.templateId, page: message.page, data: message.data, miniprogram_state: 'formal', lang: 'zh_CN' },
      });
      const answer = await this.json<WechatAnswer>(res);
      const errcode = answer.errcode ?? 0;
      if (errcode === 0) return true;
      if (errcode === 43101) return false; // the user did not (or no longer) subscribe
      if (TOKEN_ERRORS.has(errcode) && attempt === 0) continue;
      this.refuse('/cgi-bin/message/subscribe/send', errcode);
    }
  }

  async miniProgramCode(request: MiniProgramCodeRequest): Promise<CodeImage> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const res = await this.call('/wxa/getwxacodeunlimit', {
        query: { access_token: token },
        json: { scene: request.scene, page: request.page, check_path: false, env_version: 'release', width: 430 },
      });
      const type = res.headers.get('content-type') ?? '';
      if (type.startsWith('image/')) {
        return { image: Buffer.from(await res.arrayBuffer()), contentType: type.startsWith('image/png') ? 'image/png' : 'image/jpeg' };
      }
      const answer = await this.json<WechatAnswer>(res);
      const errcode = answer.errcode ?? -1;
      if (TOKEN_ERRORS.has(errcode) && attempt === 0) continue;
      this.refuse('/wxa/getwxacodeunlimit', errcode);
    }
  }

  /** POST with the access token, refreshing it once when WeChat refuses it. */
  private async postWithToken<T extends WechatAnswer>(path: string, json: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const answer = await this.json<T>(await this.call(path, { query: { access_token: token }, json }));
      const errcode = answer.errcode ?? 0;
      if (errcode === 0) return answer;
      if (TOKEN_ERRORS.has(errcode) && attempt === 0) continue;
      this.refuse(path, errcode);
    }
  }

  async msgSecCheck(request: TextCheckRequest): Promise<ContentVerdict> {
    const answer = await this.postWithToken<SecCheckAnswer>('/wxa/msg_sec_check', {
      content: request.content,
      version: 2,
      scene: request.scene,
      openid: request.openid,
      ...(request.title ? { title: request.title } : {}),
    });
    const suggest = answer.result?.suggest;
    return suggest === 'pass' || suggest === 'review' || suggest === 'risky' ? suggest : 'review';
  }

  async mediaCheckAsync(request: MediaCheckRequest): Promise<MediaCheckTicket> {
    const answer = await this.postWithToken<SecCheckAnswer>('/wxa/media_check_async', {
      media_url: request.mediaUrl,
      media_type: 2,
      version: 2,
      scene: request.scene,
      openid: request.openid,
    });
    if (!answer.trace_id) throw new AppError('WECHAT_UNAVAILABLE');
    return { traceId: answer.trace_id };
  }
}
