import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PRIVACY_NOTICE_VERSION } from '@linli/shared';
import { startFakeWechat, type FakeWechat } from '../../test-support/fake-wechat.js';
import { decodeQrPng } from '../../test-support/qr-decode.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

const decodeQr = decodeQrPng;

async function fetchBytes(t: TestApp, path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(t.baseUrl + path);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

const join = (body: Record<string, unknown> = {}) => ({
  consentVersion: PRIVACY_NOTICE_VERSION,
  household: { unit: '2', room: '301' },
  person: { name: '新邻居' },
  ...body,
});

describe('invites and joining (mock WeChat)', () => {
  let t: TestApp;
  let xi29: string;
  let head: string;

  async function invite(body: Record<string, unknown> = {}, token = head, node = xi29) {
    const res = await t.request('POST', `/api/v1/grids/${node}/invites`, { token, body: { role: 'resident', expiresInHours: 72, maxUses: 50, requireApproval: true, ...body } });
    if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; token: string; joinUrl: string };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_JOIN_PER_MINUTE: '1000', RATE_INVITE_PER_MINUTE: '1000' } });
    xi29 = await t.nodeId('第三平安小区西29栋');
    head = await t.login('demo-head');
  });
  afterAll(async () => {
    await t.close();
  });

  it('makes an unguessable, scene-sized token that the database alone cannot give back', async () => {
    const a = await invite();
    const b = await invite();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 random bytes = 128 bits, base64url
    expect(a.token).not.toBe(b.token);
    expect(a.joinUrl).toBe(`${t.baseUrl}/#/pages/join/index?t=${a.token}`);
    const rows: Record<string, unknown>[] = await t.db.query('select * from invite where id = $1', [a.id]);
    expect(JSON.stringify(rows)).not.toContain(a.token);
  });

  it('previews an invite publicly: grid name, path, role, approval', async () => {
    const { token } = await invite();
    const res = await t.request('GET', `/api/v1/invites/${token}`);
    expect(res.status).toBe(200);
    expect(res.body.grid.name).toBe('第三平安小区西29栋');
    expect(res.body.path.map((n: { name: string }) => n.name)).toEqual(['金华经济技术开发区', '江南街道', '兴学社区', '第三平安小区西29栋']);
    expect(res.body.role).toBe('resident');
    expect(res.body.requireApproval).toBe(true);
    expect(res.body.privacyNoticeVersion).toBe(PRIVACY_NOTICE_VERSION);
    expect((await t.request('GET', '/api/v1/invites/AAAAAAAAAAAAAAAAAAAAAA')).body.error.code).toBe('INVITE_NOT_FOUND');
    expect((await t.request('GET', '/api/v1/invites/bad!token')).status).toBe(400);
  });

  it('serves a QR code that a real decoder reads as the join URL with the token', async () => {
    const { token, joinUrl } = await invite();
    const png = await fetchBytes(t, `/api/v1/invites/${token}/qr.png`);
    expect(png.status).toBe(200);
    expect(png.type).toBe('image/png');
    const text = decodeQr(png.bytes);
    expect(text).toBe(joinUrl);
    expect(text).toContain(`t=${token}`);
  });

  it('serves an A4 poster PDF with the Chinese font embedded', async () => {
    const { token } = await invite();
    const pdf = await fetchBytes(t, `/api/v1/invites/${token}/poster.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const text = pdf.bytes.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/FontFile2|FontFile3/);
    expect(text).toMatch(/\/MediaBox \[0 0 595\.2\d* 841\.8\d*\]/);
    expect(pdf.bytes.length).toBeLessThan(2_000_000);
  });

  it('joins with approval: pending until the head approves, then active on /me', async () => {
    const { token } = await invite({ requireApproval: true });
    const newcomer = await t.login('joiner-approval');
    const res = await t.request('POST', `/api/v1/invites/${token}/join`, { token: newcomer, body: join({ person: { name: '王小明', phone: '13712345678' } }) });
    expect(res.status).toBe(200);
    expect(res.body.membership.status).toBe('pending');
    const consent: { notice_version: string }[] = await t.db.query(`select c.notice_version from consent c join app_user u on u.id = c.user_id where u.openid = 'joiner-approval'`);
    expect(consent.map((c) => c.notice_version)).toEqual([PRIVACY_NOTICE_VERSION]);
    const pending = await t.request('GET', `/api/v1/grids/${xi29}/members?status=pending`, { token: head });
    const mine = pending.body.items.find((m: { id: string }) => m.id === res.body.membership.id);
    expect(mine.personName).toBe('王小明');
    expect(mine.householdAddress).toBe('西29栋2单元301室');
    expect((await t.request('POST', `/api/v1/memberships/${mine.id}/approve`, { token: head })).status).toBe(200);
    const me = await t.request('GET', '/api/v1/me', { token: newcomer });
    expect(me.body.memberships[0]).toEqual(expect.objectContaining({ status: 'active', householdId: res.body.householdId }));
    expect(me.body.user.displayName).toBe('王小明');
  });

  it('joins at once without approval, into the same household however the address is written', async () => {
    const { token } = await invite({ requireApproval: false });
    const a = await t.request('POST', `/api/v1/invites/${token}/join`, { token: await t.login('joiner-auto-1'), body: join({ household: { unit: '2单元', room: '301室' }, person: { name: '甲' } }) });
    const b = await t.request('POST', `/api/v1/invites/${token}/join`, { token: await t.login('joiner-auto-2'), body: join({ household: { building: '西29栋', unit: '二单元', room: '0301' }, person: { name: '乙' } }) });
    expect(a.body.membership.status).toBe('active');
    expect(b.body.householdId).toBe(a.body.householdId);
    const elder: { household_id: string }[] = await t.db.query(`select household_id from person where name = '张桂英'`);
    expect(a.body.householdId).toBe(elder[0]!.household_id);
  });

  it('refuses expired, revoked and used-up invites with distinct codes', async () => {
    const expired = await invite();
    await t.db.query(`update invite set expires_at = now() - interval '1 minute' where id = $1`, [expired.id]);
    const revoked = await invite();
    expect((await t.request('DELETE', `/api/v1/invites/${revoked.id}`, { token: head })).status).toBe(200);
    const once = await invite({ maxUses: 1, requireApproval: false });
    expect((await t.request('POST', `/api/v1/invites/${once.token}/join`, { token: await t.login('first-of-one'), body: join({ person: { name: '丙' } }) })).status).toBe(200);
    const user = await t.login('too-late');
    for (const [inv, code] of [[expired, 'INVITE_EXPIRED'], [revoked, 'INVITE_REVOKED'], [once, 'INVITE_USED_UP']] as const) {
      const res = await t.request('POST', `/api/v1/invites/${inv.token}/join`, { token: user, body: join() });
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect((await t.request('GET', `/api/v1/invites/${inv.token}`)).body.error.code).toBe(code);
    }
  });

  it('lets exactly one of many simultaneous joins use a single-use invite', async () => {
    const once = await invite({ maxUses: 1, requireApproval: false });
    const tokens = await Promise.all([1, 2, 3, 4].map((n) => t.login(`racer-${n}`)));
    const results = await Promise.all(tokens.map((tk, n) => t.request('POST', `/api/v1/invites/${once.token}/join`, { token: tk, body: join({ person: { name: `抢${n}` } }) })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410, 410]);
  });

  it('refuses a landlord inviting a resident, and a head inviting tenants outside a rental house', async () => {
    const landlord = await t.login('demo-landlord');
    const house = await t.nodeId('金钱寺路12号出租房');
    const res = await t.request('POST', `/api/v1/grids/${house}/invites`, { token: landlord, body: { role: 'resident', expiresInHours: 24, maxUses: 5, requireApproval: true } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVITE_ROLE_NOT_ALLOWED');
    const ok = await t.request('POST', `/api/v1/grids/${house}/invites`, { token: landlord, body: { role: 'tenant', expiresInHours: 24, maxUses: 5, requireApproval: true } });
    expect(ok.status).toBe(201);
    const tenantHere = await t.request('POST', `/api/v1/grids/${xi29}/invites`, { token: head, body: { role: 'tenant', expiresInHours: 24, maxUses: 5, requireApproval: true } });
    expect(tenantHere.body.error.code).toBe('INVITE_ROLE_NOT_ALLOWED');
  });

  it('answers 400 without consent, and CONSENT_OUTDATED for an old notice version', async () => {
    const { token } = await invite();
    const user = await t.login('no-consent');
    const missing = await t.request('POST', `/api/v1/invites/${token}/join`, { token: user, body: { household: { room: '301' }, person: { name: '丁' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('consentVersion');
    const old = await t.request('POST', `/api/v1/invites/${token}/join`, { token: user, body: join({ consentVersion: '2020-01' }) });
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('CONSENT_OUTDATED');
    const stored: unknown[] = await t.db.query(`select 1 from person where name = '丁'`);
    expect(stored).toHaveLength(0);
  });

  it('needs a household for residents, and asks for the building when an address is ambiguous', async () => {
    const { token } = await invite({ requireApproval: false });
    const none = await t.request('POST', `/api/v1/invites/${token}/join`, { token: await t.login('no-household'), body: { consentVersion: PRIVACY_NOTICE_VERSION, person: { name: '戊' } } });
    expect(none.body.error.code).toBe('HOUSEHOLD_REQUIRED');
    const other = await t.request('POST', `/api/v1/grids/${xi29}/households`, { token: head, body: { building: '西30', unit: '2', room: '301' } });
    expect(other.status).toBe(201);
    const ambiguous = await t.request('POST', `/api/v1/invites/${token}/join`, { token: await t.login('ambiguous'), body: join({ household: { unit: '2', room: '301' } }) });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error.code).toBe('HOUSEHOLD_AMBIGUOUS');
  });

  it('answers ALREADY_MEMBER to a second join of the same grid', async () => {
    const { token } = await invite({ requireApproval: false });
    const res = await t.request('POST', `/api/v1/invites/${token}/join`, { token: await t.login('demo-villager-2'), body: join({ household: { building: '西29', unit: '1', room: '102' }, person: { name: '方建民' } }) });
    expect(res.status).toBe(200);
    const again = await t.request('POST', `/api/v1/invites/${token}/join`, { token: await t.login('demo-villager-2'), body: join({ household: { building: '西29', unit: '1', room: '102' }, person: { name: '方建民' } }) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_MEMBER');
  });

  it('links a family member to the person the invite names', async () => {
    const elder: { id: string }[] = await t.db.query(`select id from person where name = '张桂英'`);
    const { token } = await invite({ role: 'family', linkedPersonId: elder[0]!.id, requireApproval: false });
    const preview = await t.request('GET', `/api/v1/invites/${token}`);
    expect(preview.body.linkedPersonName).toBe('张*英');
    const daughter = await t.login('elder-daughter');
    const res = await t.request('POST', `/api/v1/invites/${token}/join`, { token: daughter, body: { consentVersion: PRIVACY_NOTICE_VERSION, person: { name: '周丽' } } });
    expect(res.status).toBe(200);
    expect(res.body.householdId).toBeNull();
    const me = await t.request('GET', '/api/v1/me', { token: daughter });
    expect(me.body.linkedPersons.map((p: { name: string }) => p.name)).toEqual(['张桂英']);
    const noPerson = await t.request('POST', `/api/v1/grids/${xi29}/invites`, { token: head, body: { role: 'family', expiresInHours: 24, maxUses: 1, requireApproval: false } });
    expect(noPerson.status).toBe(400);
  });

  it('lists a grid\'s invites for its staff, with status, and hides them from others', async () => {
    const res = await t.request('GET', `/api/v1/grids/${xi29}/invites?limit=100`, { token: head });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(5);
    expect(new Set(res.body.items.map((i: { status: string }) => i.status))).toEqual(new Set(['active', 'expired', 'revoked', 'used_up']));
    expect((await t.request('GET', `/api/v1/grids/${xi29}/invites`, { token: await t.login('demo-elder') })).status).toBe(404);
  });
});

describe('rate limits on preview and join', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_JOIN_PER_MINUTE: '2', RATE_INVITE_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After past the limit, per address for previews and per user for joins', async () => {
    const xi29 = await t.nodeId('第三平安小区西29栋');
    const inv = await t.request('POST', `/api/v1/grids/${xi29}/invites`, { token: await t.login('demo-head'), body: { role: 'resident', expiresInHours: 1, maxUses: 100, requireApproval: true } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.request('GET', `/api/v1/invites/${inv.body.token}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.request('GET', `/api/v1/invites/${inv.body.token}`);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe('RATE_LIMITED');

    const user = await t.login('impatient');
    const tries: number[] = [];
    for (let i = 0; i < 3; i++) {
      tries.push((await t.request('POST', `/api/v1/invites/${inv.body.token}/join`, { token: user, body: { consentVersion: '2020-01', household: { room: '1' }, person: { name: '急' } } })).status);
    }
    expect(tries).toEqual([400, 400, 429]);
  });
});

describe('mini-program codes from WeChat (real adapter, fake WeChat)', () => {
  let t: TestApp;
  let wx: FakeWechat;
  beforeAll(async () => {
    wx = await startFakeWechat();
    t = await startTestApp({ env: { WECHAT_MODE: 'real', WECHAT_APPID: 'wx-test-appid', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: wx.base } });
  });
  afterAll(async () => {
    await t.close();
    await wx.close();
  });

  it('asks getUnlimited with scene = token and the join page, caching the access token and refreshing it once when refused', async () => {
    const xi29 = await t.nodeId('第三平安小区西29栋');
    const head = await t.db.query(`select id from app_user where openid = 'demo-head'`);
    const { TokenService } = await import('../../common/auth/token.service.js');
    const token = (await t.app.get(TokenService).issue(head[0].id)).token;
    const mk = async () => (await t.request('POST', `/api/v1/grids/${xi29}/invites`, { token, body: { role: 'resident', expiresInHours: 1, maxUses: 10, requireApproval: true } })).body.token as string;
    const [a, b] = [await mk(), await mk()];
    const first = await fetchBytes(t, `/api/v1/invites/${a}/qr.png`);
    expect(first.status).toBe(200);
    expect(decodeQr(first.bytes)).toBe(`wxacode:pages/join/index?scene=${a}`);
    await fetchBytes(t, `/api/v1/invites/${b}/qr.png`);
    expect(wx.tokensIssued).toHaveLength(1);
    expect(wx.codes).toEqual([{ scene: a, page: 'pages/join/index' }, { scene: b, page: 'pages/join/index' }]);

    wx.invalidateTokens();
    const c = await mk();
    const third = await fetchBytes(t, `/api/v1/invites/${c}/qr.png`);
    expect(third.status).toBe(200);
    expect(wx.tokensIssued).toHaveLength(2);
    const poster = await fetchBytes(t, `/api/v1/invites/${c}/poster.pdf`);
    expect(poster.status).toBe(200);
    expect(wx.codes).toHaveLength(3); // the poster reused the cached code
  });
});
