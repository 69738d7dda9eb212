import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { AppError } from '../../common/errors/app-error.js';
import { startFakeWechat, type FakeWechat } from '../../test-support/fake-wechat.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { ContentGuard } from './content-guard.js';
import { WechatHttpAdapter } from './wechat-http.adapter.js';
import { MockWechatAdapter } from './wechat-mock.adapter.js';

describe('content security: mock word list', () => {
  it('refuses text holding a configured word (title or body) and passes the rest; images pass at once', async () => {
    const wx = new MockWechatAdapter(['赌博']);
    expect(await wx.msgSecCheck({ content: '周六上午垃圾分类宣传', openid: 'o', scene: 3 })).toBe('pass');
    expect(await wx.msgSecCheck({ content: '正文', title: '网上赌博广告', openid: 'o', scene: 3 })).toBe('risky');
    expect(await wx.mediaCheckAsync({ mediaUrl: 'http://x/1.jpg', openid: 'o', scene: 3 })).toMatchObject({ verdict: 'pass' });
  });
});

describe('content security: the real adapter against a fake WeChat', () => {
  let wx: FakeWechat;
  let adapter: WechatHttpAdapter;
  beforeAll(async () => {
    wx = await startFakeWechat();
    adapter = new WechatHttpAdapter({ apiBase: wx.base, appId: 'wx-test-appid', secret: 'test-secret', timeoutMs: 2000 }, pino({ level: 'silent' }));
  });
  afterAll(() => wx.close());

  it('maps suggest pass / review / risky, refreshing a refused token once', async () => {
    expect(await adapter.msgSecCheck({ content: '楼道灯坏了', openid: 'o1', scene: 3 })).toBe('pass');
    wx.invalidateTokens();
    expect(await adapter.msgSecCheck({ content: '这是违禁内容', openid: 'o1', scene: 3 })).toBe('risky');
    expect(await adapter.msgSecCheck({ content: '这段待审', openid: 'o1', scene: 3 })).toBe('review');
    expect(wx.tokensIssued).toHaveLength(2);
  });

  it('starts an image check and answers with WeChat trace id, the verdict left to the callback', async () => {
    const ticket = await adapter.mediaCheckAsync({ mediaUrl: 'https://linli.example/api/v1/uploads/x', openid: 'o1', scene: 3 });
    expect(ticket.traceId).toMatch(/^media-trace-/);
    expect(ticket.verdict).toBeUndefined();
  });
});

describe('ContentGuard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { WECHAT_MOCK_BLOCKED_WORDS: '代开发票,赌博' } });
  });
  afterAll(() => t.close());

  it('names the refused field with CONTENT_REJECTED and lets clean text through', async () => {
    const guard = t.app.get(ContentGuard);
    const [{ id }] = await t.db.query(`select id from app_user where openid = 'demo-head'`);
    await expect(guard.checkText(id, { title: '停水通知', body: '明天上午停水' })).resolves.toBeUndefined();
    const refused = await guard.checkText(id, { title: '停水通知', body: '代开发票请联系' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'CONTENT_REJECTED', details: { field: 'body' } });
  });
});
