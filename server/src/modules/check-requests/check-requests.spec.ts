import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

const MINUTE = 60_000;
let t: TestApp;
let clock: ManualClock;
let elderId: string;
let son: string;
let head: string;

async function inbox(token: string) {
  await t.app.get(JobQueue).drain();
  return (await t.request('GET', '/api/v1/notifications?limit=50', { token })).body;
}

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-11-28T09:00:00+08:00'));
  t = await startTestApp({ clock, env: { QUEUE_POLL_MS: '0' } });
  const rows: { id: string }[] = await t.db.query(`select id from person where name = '张桂英'`);
  elderId = rows[0]!.id;
  son = await t.login('demo-family');
  head = await t.login('demo-head');
});
afterAll(async () => {
  await t.close();
});

describe('scenario 2: the son asks for a check-on and sees the answer', () => {
  it('notifies the carer, who acknowledges, visits and logs "well"; the son sees outcome and time', async () => {
    const created = await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: '妈妈电话一直没人接，麻烦看看她在不在家' } });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('open');
    expect(created.body.currentNode.name).toBe('第三平安小区西29栋');

    const headInbox = await inbox(head);
    expect(headInbox.unreadCount).toBeGreaterThanOrEqual(1);
    const note = headInbox.items.find((n: { link: string }) => n.link === `check-request:${created.body.id}`);
    expect(note.title).toBe('请上门看看：张桂英');

    const open = await t.request('GET', '/api/v1/check-requests?status=open', { token: head });
    expect(open.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);

    const ack = await t.request('POST', `/api/v1/check-requests/${created.body.id}/acknowledge`, { token: head });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedBy.displayName).toBe('李卫东');

    clock.advance(10 * MINUTE);
    const visit = await t.request('POST', '/api/v1/visits', {
      token: head,
      body: { id: randomUUID(), personId: elderId, occurredAt: clock.now().toISOString(), method: 'in_person', outcome: 'well', note: '在家看电视，手机没电了', checkRequestId: created.body.id },
    });
    expect(visit.status).toBe(201);

    const seen = await t.request('GET', `/api/v1/check-requests/${created.body.id}`, { token: son });
    expect(seen.body.status).toBe('answered');
    expect(seen.body.answer).toEqual(expect.objectContaining({ outcome: 'well', carerName: '李卫东', occurredAt: clock.now().toISOString() }));
    expect(seen.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'acknowledged', 'answered']);
    const sonInbox = await inbox(son);
    expect(sonInbox.items[0].title).toBe('已上门查看：张桂英安好');
    expect(sonInbox.items.map((n: { title: string }) => n.title)).toContain('网格员已接单：张桂英');
  });

  it('lets exactly one of two carers pressing at once acknowledge; the other gets 409', async () => {
    const created = await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: '再麻烦看一下' } });
    const [a, b] = await Promise.all([
      t.request('POST', `/api/v1/check-requests/${created.body.id}/acknowledge`, { token: head }),
      t.request('POST', `/api/v1/check-requests/${created.body.id}/acknowledge`, { token: await t.login('demo-admin') }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.code).toBe('CHECK_REQUEST_TAKEN');
  });
});

describe('escalation when nobody acknowledges', () => {
  it('goes up to 兴学社区 after 30 minutes, then to 江南街道, each step on the record and its staff told', async () => {
    const created = await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: '没人接电话' } });
    const id = created.body.id as string;
    clock.advance(29 * MINUTE);
    await t.app.get(JobQueue).drain();
    expect((await t.request('GET', `/api/v1/check-requests/${id}`, { token: son })).body.escalationLevel).toBe(0);

    clock.advance(2 * MINUTE);
    const admin = await inbox(await t.login('demo-admin'));
    const up1 = await t.request('GET', `/api/v1/check-requests/${id}`, { token: son });
    expect(up1.body.escalationLevel).toBe(1);
    expect(up1.body.currentNode.name).toBe('兴学社区');
    expect(admin.items.some((n: { link: string; title: string }) => n.link === `check-request:${id}` && n.title.includes('已上报'))).toBe(true);

    clock.advance(31 * MINUTE);
    await inbox(head);
    const up2 = await t.request('GET', `/api/v1/check-requests/${id}`, { token: son });
    expect(up2.body.currentNode.name).toBe('江南街道');
    expect(up2.body.events.filter((e: { kind: string }) => e.kind === 'escalated').map((e: { node: { name: string } }) => e.node.name)).toEqual(['兴学社区', '江南街道']);
    const street = await inbox(await t.login('demo-street-admin'));
    expect(street.items.some((n: { link: string }) => n.link === `check-request:${id}`)).toBe(true);

    // acknowledging stops the climb; running the queue again changes nothing
    expect((await t.request('POST', `/api/v1/check-requests/${id}/acknowledge`, { token: await t.login('demo-street-admin') })).status).toBe(200);
    clock.advance(120 * MINUTE);
    await t.app.get(JobQueue).drain();
    expect((await t.request('GET', `/api/v1/check-requests/${id}`, { token: son })).body.escalationLevel).toBe(2);
  });
});

describe('each node\'s own escalation time', () => {
  it('uses the limit a community set for its grids, and lets only admins change it', async () => {
    const xingxue = await t.nodeId('兴学社区');
    const xi29 = await t.nodeId('第三平安小区西29栋');
    const admin = await t.login('demo-admin');
    expect((await t.request('PUT', `/api/v1/grids/${xingxue}/settings`, { token: head, body: { checkRequestEscalateMinutes: 10 } })).status).toBe(404);
    expect((await t.request('PUT', `/api/v1/grids/${xingxue}/settings`, { token: admin, body: { checkRequestEscalateMinutes: 1 } })).status).toBe(400);
    const set = await t.request('PUT', `/api/v1/grids/${xingxue}/settings`, { token: admin, body: { checkRequestEscalateMinutes: 10, reportAcceptHours: 8 } });
    expect(set.body).toEqual({
      own: { checkRequestEscalateMinutes: 10, reportAcceptHours: 8, reportResolveDays: null },
      effective: { checkRequestEscalateMinutes: 10, reportAcceptHours: 8, reportResolveDays: 7 },
    });
    const below = await t.request('GET', `/api/v1/grids/${xi29}/settings`, { token: admin });
    expect(below.body).toEqual({
      own: { checkRequestEscalateMinutes: null, reportAcceptHours: null, reportResolveDays: null },
      effective: { checkRequestEscalateMinutes: 10, reportAcceptHours: 8, reportResolveDays: 7 },
    });
    // a PUT without the report keys leaves them as they are
    const kept = await t.request('PUT', `/api/v1/grids/${xingxue}/settings`, { token: admin, body: { checkRequestEscalateMinutes: 10 } });
    expect(kept.body.own.reportAcceptHours).toBe(8);

    clock.advance(2 * 60 * MINUTE); // a fresh hour for the son's rate limit
    const created = await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: '快去看看' } });
    expect(new Date(created.body.escalateAt).getTime()).toBe(clock.now().getTime() + 10 * MINUTE);
    clock.advance(11 * MINUTE);
    await t.app.get(JobQueue).drain();
    expect((await t.request('GET', `/api/v1/check-requests/${created.body.id}`, { token: son })).body.currentNode.name).toBe('兴学社区');
    await t.request('PUT', `/api/v1/grids/${xingxue}/settings`, { token: admin, body: { checkRequestEscalateMinutes: null } });
  });
});

describe('who may ask and see', () => {
  it('answers 404 to someone not linked to the person, and hides the request from other grids', async () => {
    expect((await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: await t.login('demo-villager'), body: { message: '看看' } })).status).toBe(404);
    const created = await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: '看看' } });
    expect((await t.request('GET', `/api/v1/check-requests/${created.body.id}`, { token: await t.login('demo-village-head') })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/check-requests/${created.body.id}/acknowledge`, { token: await t.login('demo-village-head') })).status).toBe(404);
    const villageList = await t.request('GET', '/api/v1/check-requests', { token: await t.login('demo-village-head') });
    expect(villageList.body.items).toEqual([]);
  });

  it('limits one family member to 5 requests an hour for one person', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: `第${i}次` } })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(5);
    clock.advance(61 * MINUTE); // the next hour: allowed again
    expect((await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: '一小时后' } })).status).toBe(201);
  });

  it('keeps each inbox private: reading someone else\'s message is a 404', async () => {
    const mine = await inbox(son);
    const id = mine.items[0].id;
    expect((await t.request('POST', `/api/v1/notifications/${id}/read`, { token: head })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/notifications/${id}/read`, { token: son })).status).toBe(200);
    expect((await inbox(son)).unreadCount).toBe(mine.unreadCount - 1);
  });
});

describe('WeChat subscription messages', () => {
  it('sends one message per accepted subscription, and only the inbox after that (mock mode records them)', async () => {
    const { WechatAdapter } = await import('../wechat/wechat.adapter.js');
    const { MockWechatAdapter } = await import('../wechat/wechat-mock.adapter.js');
    const wx = t.app.get(WechatAdapter) as InstanceType<typeof MockWechatAdapter>;
    const headToken = await t.login('demo-head');
    expect((await t.request('POST', '/api/v1/notifications/subscriptions', { token: headToken, body: { kinds: ['check-request'] } })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/notifications/subscriptions', { token: headToken, body: { kinds: ['spam'] } })).status).toBe(400);
    clock.advance(2 * 60 * MINUTE); // a new hour for the son's rate limit
    const sent = wx.sent.length;
    await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: '请看看妈妈' } });
    await t.request('POST', `/api/v1/persons/${elderId}/check-requests`, { token: son, body: { message: '再看看' } });
    await t.app.get(JobQueue).drain();
    const mine = wx.sent.slice(sent).filter((m) => m.openid === 'demo-head');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual(expect.objectContaining({ templateId: 'mock-check-request', page: 'pages/index/index' }));
    expect(mine[0]!.data.thing1!.value).toBe('请上门看看：张桂英');
  });
});

describe('WeChat subscription messages through the real adapter (fake WeChat)', () => {
  it('posts subscribe/send with the template, the openid and short fields; a refused user is not retried', async () => {
    const { startFakeWechat } = await import('../../test-support/fake-wechat.js');
    const wx = await startFakeWechat();
    const real = await startTestApp({ env: { WECHAT_MODE: 'real', WECHAT_APPID: 'wx-test-appid', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: wx.base, WECHAT_TEMPLATES: 'check-request=TPL_CHECK', QUEUE_POLL_MS: '0' } });
    try {
      const login = async (openid: string) => (await real.request('POST', '/api/v1/auth/login', { body: { code: `ok-${openid}` } })).body.token as string;
      const headToken = await login('demo-head');
      // the mini-program asks for the templates the server has, and only those
      expect((await real.request('GET', '/api/v1/notifications/templates', { token: headToken })).body).toEqual({ templates: { 'check-request': 'TPL_CHECK' } });
      await real.request('POST', '/api/v1/notifications/subscriptions', { token: headToken, body: { kinds: ['check-request'] } });
      const rows: { id: string }[] = await real.db.query(`select id from person where name = '张桂英'`);
      const created = await real.request('POST', `/api/v1/persons/${rows[0]!.id}/check-requests`, { token: await login('demo-family'), body: { message: '妈妈没接电话，麻烦去看看她是不是在家' } });
      expect(created.status).toBe(201);
      await real.app.get(JobQueue).drain();
      expect(wx.messages).toHaveLength(1);
      expect(wx.messages[0]).toEqual(expect.objectContaining({ touser: 'demo-head', template_id: 'TPL_CHECK', page: 'pages/index/index' }));
      const data = wx.messages[0]!.data as Record<string, { value: string }>;
      expect([...data.thing2!.value].length).toBeLessThanOrEqual(20);
    } finally {
      await real.close();
      await wx.close();
    }
  });
});
