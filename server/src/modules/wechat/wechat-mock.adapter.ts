import { AppError } from '../../common/errors/app-error.js';
import { qrPng } from '../invites/render/qr.js';
import { randomUUID } from 'node:crypto';
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

const MOCK_CODE = /^mock:([A-Za-z0-9_-]{1,64})$/;

/** Development, tests and the H5 build: the code `mock:<openid>` logs in as that openid. */
export class MockWechatAdapter extends WechatAdapter {
  readonly mode = 'mock' as const;

  /** `blockedWords`: text containing any of them is judged `risky` (WECHAT_MOCK_BLOCKED_WORDS). */
  constructor(private readonly blockedWords: readonly string[] = []) {
    super();
  }

  /** Every text checked in mock mode, for tests to look at. */
  readonly checkedTexts: TextCheckRequest[] = [];

  async msgSecCheck(request: TextCheckRequest): Promise<ContentVerdict> {
    this.checkedTexts.push(request);
    const text = `${request.title ?? ''}\n${request.content}`;
    return this.blockedWords.some((w) => text.includes(w)) ? 'risky' : 'pass';
  }

  /** Mock mode passes every image at once. */
  async mediaCheckAsync(_request: MediaCheckRequest): Promise<MediaCheckTicket> {
    return { traceId: `mock-${randomUUID()}`, verdict: 'pass' };
  }

  async code2Session(code: string): Promise<WechatSession> {
    const match = MOCK_CODE.exec(code);
    if (!match) throw new AppError('WECHAT_CODE_INVALID', '模拟登录凭证应为 mock:<openid>（字母、数字、-、_）');
    return { openid: match[1]! };
  }

  /** Every message "sent" in mock mode, for development and tests to look at. */
  readonly sent: SubscribeMessage[] = [];

  async sendSubscribeMessage(message: SubscribeMessage): Promise<boolean> {
    this.sent.push(message);
    return true;
  }

  async miniProgramCode(request: MiniProgramCodeRequest): Promise<CodeImage> {
    return { image: await qrPng(request.h5Url), contentType: 'image/png' };
  }
}
