import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeWechat, type FakeWechat } from '../../test-support/fake-wechat.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

describe('login in mock mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs in as the openid of a mock:<openid> code and answers the demo user', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { code: 'mock:demo-head' } });
    expect(res.status).toBe(200);
    expect(res.body.user.displayName).toBe('李卫东');
    expect(typeof res.body.token).toBe('string');
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('creates a user on first login and finds the same user next time', async () => {
    const a = await t.request('POST', '/api/v1/auth/login', { body: { code: 'mock:first-timer' } });
    const b = await t.request('POST', '/api/v1/auth/login', { body: { code: 'mock:first-timer' } });
    expect(a.status).toBe(200);
    expect(b.body.user.id).toBe(a.body.user.id);
    expect(a.body.user.displayName).toMatch(/^微信用户/);
  });

  it('refuses a code that is not mock:<openid> with WECHAT_CODE_INVALID', async () => {
    for (const code of ['demo-head', 'mock:', 'mock:has space', 'mock:' + 'x'.repeat(65)]) {
      const res = await t.request('POST', '/api/v1/auth/login', { body: { code } });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
    }
  });

  it('answers 400 with a code for a missing or mistyped code', async () => {
    const missing = await t.request('POST', '/api/v1/auth/login', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
    expect(missing.body.error.details[0].path).toBe('code');
    const badJson = await t.request('POST', '/api/v1/auth/login', { raw: '{"code":', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('INVALID_JSON');
    const wrongType = await t.request('POST', '/api/v1/auth/login', { raw: '<code>1</code>', headers: { 'content-type': 'application/xml' } });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over 1 MB with 413', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { code: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers /me only with a valid token', async () => {
    expect((await t.request('GET', '/api/v1/me')).status).toBe(401);
    const forged = await t.request('GET', '/api/v1/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('UNAUTHENTICATED');
    const ok = await t.request('GET', '/api/v1/me', { token: await t.login('demo-head') });
    expect(ok.status).toBe(200);
  });

  it('lists the head\'s micro-grid with its ancestors on /me', async () => {
    const res = await t.request('GET', '/api/v1/me', { token: await t.login('demo-head') });
    const m = res.body.memberships.find((x: { node: { name: string } }) => x.node.name === '第三平安小区西29栋');
    expect(m.role).toBe('grid_head');
    expect(m.isStaff).toBe(true);
    expect(m.path.map((n: { name: string }) => n.name)).toEqual(['金华经济技术开发区', '江南街道', '兴学社区', '第三平安小区西29栋']);
  });

  it('shows a pending membership as pending, and a landlord as staff only of their rental houses', async () => {
    const newcomer = await t.request('GET', '/api/v1/me', { token: await t.login('demo-xi29-newcomer') });
    expect(newcomer.body.memberships).toHaveLength(1);
    expect(newcomer.body.memberships[0].status).toBe('pending');
    expect(newcomer.body.memberships[0].isStaff).toBe(false);
    const landlord = await t.request('GET', '/api/v1/me', { token: await t.login('demo-landlord') });
    const staffAt = landlord.body.memberships.filter((m: { isStaff: boolean }) => m.isStaff).map((m: { node: { kind: string } }) => m.node.kind);
    expect(staffAt).toEqual(['rental_group', 'rental_group', 'rental_group']);
    expect(landlord.body.memberships.find((m: { node: { kind: string } }) => m.node.kind === 'micro_grid').isStaff).toBe(false);
  });
});

describe('tokens expire', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TOKEN_TTL_MINUTES: '1' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers TOKEN_EXPIRED for a token past its lifetime', async () => {
    const { TokenService } = await import('../../common/auth/token.service.js');
    const tokens = t.app.get(TokenService);
    const { token } = await tokens.issue(await t.userId('demo-head'), new Date(Date.now() - 2 * 60_000));
    const res = await t.request('GET', '/api/v1/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });
});

describe('login against WeChat (real HTTP adapter, fake WeChat server)', () => {
  let t: TestApp;
  let wx: FakeWechat;
  beforeAll(async () => {
    wx = await startFakeWechat();
    t = await startTestApp({
      seed: false,
      env: { WECHAT_MODE: 'real', WECHAT_APPID: 'wx-test-appid', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: wx.base, WECHAT_TIMEOUT_MS: '1000', LOG_LEVEL: 'trace' },
    });
  });
  afterAll(async () => {
    await t.close();
    await wx.close();
  });

  it('exchanges the code through code2Session and logs the user in', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { code: 'ok-o6_bmjrPTlm6_2sgVt7hMZOPfL2M' } });
    expect(res.status).toBe(200);
    const last = wx.requests[wx.requests.length - 1]!;
    expect(last.searchParams.get('js_code')).toBe('ok-o6_bmjrPTlm6_2sgVt7hMZOPfL2M');
    expect(last.searchParams.get('grant_type')).toBe('authorization_code');
    const me = await t.request('GET', '/api/v1/me', { token: res.body.token });
    expect(me.status).toBe(200);
  });

  it('refuses the mock code in real mode', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { code: 'mock:demo-head' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
  });

  it.each([
    ['invalid', 401, 'WECHAT_CODE_INVALID'],
    ['used', 401, 'WECHAT_CODE_INVALID'],
    ['ratelimit', 429, 'WECHAT_RATE_LIMITED'],
    ['busy', 502, 'WECHAT_UNAVAILABLE'],
    ['http500', 502, 'WECHAT_UNAVAILABLE'],
    ['garbage', 502, 'WECHAT_UNAVAILABLE'],
    ['slow', 502, 'WECHAT_UNAVAILABLE'],
  ])('maps WeChat answering %s to %i %s', async (code, status, errorCode) => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { code } });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(errorCode);
    if (status === 429) expect(res.headers.get('retry-after')).toBe('60');
  });

  it('never lets session_key or the app secret out, in responses or logs', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { code: 'ok-another-user' } });
    expect(res.status).toBe(200);
    const everything = JSON.stringify(res.body) + t.logs.join('\n');
    expect(wx.sessionKeys.length).toBeGreaterThan(0);
    for (const key of wx.sessionKeys) expect(everything).not.toContain(key);
    expect(everything).not.toContain('session_key');
    expect(everything).not.toContain('test-secret');
    expect(t.logs.length).toBeGreaterThan(0); // trace level: the logs were really captured
  });
});
