import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPORT_ACTIONS, REPORT_STATUSES, type ReportAction, type ReportStatus } from '@linli/shared';
import { ManualClock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { imageForm, jpegWithGps } from '../../test-support/images.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { REPORT_TRANSITIONS } from './report-state.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let t: TestApp;
let clock: ManualClock;
const tok: Record<string, string> = {};

async function drain() {
  await t.app.get(JobQueue).drain();
}
async function photo(who: string): Promise<string> {
  const res = await t.request('POST', '/api/v1/uploads', { token: tok[who], form: imageForm(await jpegWithGps()) });
  expect(res.status).toBe(201);
  return res.body.id;
}
async function report(who: string, body: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/api/v1/reports', { token: tok[who], body: { category: 'rubbish', description: '村口池塘里有人倒了一堆建筑垃圾', ...body } });
  expect(res.status).toBe(201);
  return res.body;
}
async function act(who: string, id: string, body: Record<string, unknown>) {
  return t.request('POST', `/api/v1/reports/${id}/actions`, { token: tok[who], body });
}
async function inbox(who: string) {
  await drain();
  return (await t.request('GET', '/api/v1/notifications?limit=50', { token: tok[who] })).body.items as { title: string; body: string; link: string }[];
}

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-11-30T09:00:00+08:00'));
  t = await startTestApp({ clock, env: { QUEUE_POLL_MS: '0', RATE_REPORTS_PER_HOUR: '1000' } });
  for (const who of ['demo-villager', 'demo-villager-2', 'demo-village-head', 'demo-tenant', 'demo-landlord', 'demo-landlord-2', 'demo-jqs-admin', 'demo-street-admin', 'demo-head', 'demo-elder', 'demo-admin']) {
    tok[who] = await t.login(who);
  }
});
afterAll(() => t.close());

describe('scenario 5: rubbish in the pond, resolved with a public reply', () => {
  it('goes to the village head, who accepts and resolves it; another villager sees the reply and the photos', async () => {
    const photoId = await photo('demo-villager');
    const created = await report('demo-villager', { photoIds: [photoId], location: { text: '村口池塘东侧' } });
    expect(created).toMatchObject({ status: 'submitted', grid: { name: '西十村第一微网格' }, handlerNode: { name: '西十村第一微网格' }, reporter: { displayName: '徐美华', isMe: true } });
    expect(created.photos).toHaveLength(1);
    expect(created.expectedResolveAt).toBe(new Date(clock.now().getTime() + 7 * DAY).toISOString());
    expect(created.dueAt).toBe(new Date(clock.now().getTime() + 24 * HOUR).toISOString());
    expect(created.timeline.map((e: { action: string }) => e.action)).toEqual(['submit']);

    expect((await inbox('demo-village-head')).some((n) => n.link === `report:${created.id}`)).toBe(true);
    const queue = await t.request('GET', '/api/v1/reports?view=handling', { token: tok['demo-village-head'] });
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(created.id);
    const seenByHead = await t.request('GET', `/api/v1/reports/${created.id}`, { token: tok['demo-village-head'] });
    expect(seenByHead.body.allowedActions).toEqual(['accept', 'reject', 'escalate', 'comment']);

    expect((await act('demo-village-head', created.id, { action: 'accept' })).body.status).toBe('accepted');
    clock.advance(2 * HOUR);
    const afterPhoto = await photo('demo-village-head');
    const resolved = await act('demo-village-head', created.id, { action: 'resolve', note: '已联系保洁队清理干净，并在池塘边立了禁止倾倒的牌子', photoIds: [afterPhoto] });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    await drain(); // image checks

    const other = await t.request('GET', '/api/v1/reports?view=grid', { token: tok['demo-villager-2'] });
    const listed = other.body.items.find((r: { id: string }) => r.id === created.id);
    expect(listed).toMatchObject({ status: 'resolved', photoCount: 1 });
    expect(listed.thumbnail.thumbUrl).toContain('variant=thumb');
    const detail = await t.request('GET', `/api/v1/reports/${created.id}`, { token: tok['demo-villager-2'] });
    expect(detail.body.publicReply).toMatchObject({ text: '已联系保洁队清理干净，并在池塘边立了禁止倾倒的牌子' });
    expect(detail.body.publicReply.photos).toHaveLength(1);
    expect(detail.body.allowedActions).toEqual([]);
    const img = await fetch(`${t.baseUrl}${detail.body.publicReply.photos[0].url}`);
    expect(img.status).toBe(200);

    expect((await inbox('demo-villager')).some((n) => n.title === '你的上报已解决：垃圾')).toBe(true);
    const confirmed = await act('demo-villager', created.id, { action: 'confirm' });
    expect(confirmed.body.status).toBe('closed');
    expect(confirmed.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept', 'resolve', 'confirm']);
  });
});

describe('scenario 6: a tenant\'s broken stair light goes to the landlord, who escalates it', () => {
  it('reaches 金钱寺社区, whose staff resolve it; the tenant sees the answer', async () => {
    const created = await report('demo-tenant', { category: 'facility', description: '三楼楼道的灯坏了一个星期，晚上看不见台阶' });
    expect(created.handlerNode.name).toBe('金钱寺路12号出租房');
    const landlordQueue = await t.request('GET', '/api/v1/reports?view=handling', { token: tok['demo-landlord'] });
    expect(landlordQueue.body.items.map((r: { id: string }) => r.id)).toContain(created.id);

    const up = await act('demo-landlord', created.id, { action: 'escalate', note: '公共照明归社区物业管，我这边没有备件' });
    expect(up.body).toMatchObject({ status: 'submitted', handlerNode: { name: '金钱寺社区' }, escalationLevel: 1 });
    expect(up.body.allowedActions).toEqual(['comment']); // the landlord watches it now
    expect((await inbox('demo-tenant')).some((n) => n.title === '你的上报已转到金钱寺社区：设施损坏')).toBe(true);
    expect((await inbox('demo-jqs-admin')).some((n) => n.link === `report:${created.id}`)).toBe(true);

    await act('demo-jqs-admin', created.id, { action: 'accept' });
    await act('demo-jqs-admin', created.id, { action: 'start', note: '已派电工' });
    const done = await act('demo-jqs-admin', created.id, { action: 'resolve', note: '电工已更换三楼楼道灯，感应正常' });
    expect(done.body.status).toBe('resolved');

    const seen = await t.request('GET', `/api/v1/reports/${created.id}`, { token: tok['demo-tenant'] });
    expect(seen.body.publicReply.text).toBe('电工已更换三楼楼道灯，感应正常');
    expect(seen.body.allowedActions).toEqual(['confirm', 'reopen', 'comment']);
    const escalation = seen.body.timeline.find((e: { action: string }) => e.action === 'escalate');
    expect(escalation).toMatchObject({ actor: { displayName: '金志强', role: 'handler' }, node: { name: '金钱寺社区' } });
  });
});

describe('the state machine', () => {
  it('takes every legal transition and refuses the illegal ones with 409 REPORT_TRANSITION_INVALID', async () => {
    const reachable: Record<ReportStatus, () => Promise<string>> = {
      submitted: async () => (await report('demo-villager')).id,
      accepted: async () => {
        const id = await reachable.submitted();
        await act('demo-village-head', id, { action: 'accept' });
        return id;
      },
      in_progress: async () => {
        const id = await reachable.accepted();
        await act('demo-village-head', id, { action: 'start' });
        return id;
      },
      resolved: async () => {
        const id = await reachable.in_progress();
        await act('demo-village-head', id, { action: 'resolve', note: '已处理' });
        return id;
      },
      closed: async () => {
        const id = await reachable.resolved();
        await act('demo-villager', id, { action: 'confirm' });
        return id;
      },
      rejected: async () => {
        const id = await reachable.submitted();
        await act('demo-village-head', id, { action: 'reject', note: '不属于本网格', responsibleParty: '镇水利站 0579-1234567' });
        return id;
      },
    };
    const actorFor = (action: ReportAction) => (action === 'confirm' || action === 'reopen' ? 'demo-villager' : 'demo-village-head');
    let legal = 0;
    let illegal = 0;
    for (const status of REPORT_STATUSES) {
      for (const action of REPORT_ACTIONS) {
        const id = await reachable[status]();
        const res = await act(actorFor(action), id, { action, note: '说明一下' });
        const step = REPORT_TRANSITIONS[status][action];
        if (step) {
          legal++;
          expect([status, action, res.status]).toEqual([status, action, 200]);
          const to = step.to === 'same' ? status : step.to;
          expect([status, action, res.body.status]).toEqual([status, action, to]);
        } else {
          illegal++;
          expect([status, action, res.status, res.body.error?.code]).toEqual([status, action, 409, 'REPORT_TRANSITION_INVALID']);
        }
      }
    }
    expect(legal).toBe(16);
    expect(illegal).toBe(REPORT_STATUSES.length * REPORT_ACTIONS.length - 16);
  }, 120_000);

  it('says who is responsible when it is not ours, and needs a reason to reject', async () => {
    const { id } = await report('demo-villager', { category: 'environment', description: '河对岸的工厂晚上排黑水' });
    const noReason = await act('demo-village-head', id, { action: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0]).toMatchObject({ path: 'note' });
    const res = await act('demo-village-head', id, { action: 'reject', note: '工厂排污归环保部门管', responsibleParty: '金华市生态环境局开发区分局 12369' });
    expect(res.body.status).toBe('rejected');
    expect(res.body.timeline.at(-1)).toMatchObject({ action: 'reject', responsibleParty: '金华市生态环境局开发区分局 12369' });
  });

  it('lets only handlers take handler steps (403 for a neighbour who can see it) and only the reporter confirm', async () => {
    const { id } = await report('demo-villager');
    expect((await act('demo-villager-2', id, { action: 'accept' })).status).toBe(403);
    expect((await act('demo-villager', id, { action: 'accept' })).status).toBe(403);
    await act('demo-village-head', id, { action: 'resolve', note: 'x' }).then((r) => expect(r.status).toBe(409)); // not accepted yet
    await act('demo-village-head', id, { action: 'accept' });
    await act('demo-village-head', id, { action: 'resolve', note: '已清理' });
    expect((await act('demo-village-head', id, { action: 'confirm' })).status).toBe(403);
    expect((await act('demo-villager-2', id, { action: 'reopen', note: '没清干净' })).status).toBe(403);
  });

  it('reopens within 7 days of the resolution, not after; an undisputed resolution closes by itself after 7 days', async () => {
    const a = await report('demo-villager');
    await act('demo-village-head', a.id, { action: 'accept' });
    await act('demo-village-head', a.id, { action: 'resolve', note: '已清理' });
    clock.advance(3 * DAY);
    const reopened = await act('demo-villager', a.id, { action: 'reopen', note: '又有人倒了，没清干净' });
    expect(reopened.body.status).toBe('in_progress');
    expect(reopened.body.expectedResolveAt).toBe(new Date(clock.now().getTime() + 7 * DAY).toISOString());
    expect((await inbox('demo-village-head')).some((n) => n.title === '上报被重新打开：垃圾')).toBe(true);

    await act('demo-village-head', a.id, { action: 'resolve', note: '彻底清理了' });
    clock.advance(7 * DAY + HOUR);
    const late = await act('demo-villager', a.id, { action: 'reopen', note: '还是有' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('REPORT_REOPEN_EXPIRED');
    await drain();
    const closed = await t.request('GET', `/api/v1/reports/${a.id}`, { token: tok['demo-villager'] });
    expect(closed.body.status).toBe('closed');
    expect(closed.body.timeline.at(-1)).toMatchObject({ action: 'auto_close', actor: { role: 'system', displayName: '系统' } });
  });

  it('escalates the head to the village, then the street, then the district, and refuses past the top with a code', async () => {
    const { id } = await report('demo-villager');
    expect((await act('demo-village-head', id, { action: 'escalate' })).body.handlerNode.name).toBe('西十村');
    const district = await t.nodeId('金华经济技术开发区');
    const admin = await t.userId('demo-street-admin');
    await t.db.query(`insert into membership (user_id, node_id, role, status) values ($1, $2, 'admin', 'active')`, [admin, district]);
    const top = await t.login('demo-street-admin');
    expect((await t.request('POST', `/api/v1/reports/${id}/actions`, { token: top, body: { action: 'escalate' } })).body.handlerNode.name).toBe('洋埠镇');
    expect((await t.request('POST', `/api/v1/reports/${id}/actions`, { token: top, body: { action: 'escalate' } })).body.handlerNode.name).toBe('金华经济技术开发区');
    const detail = await t.request('GET', `/api/v1/reports/${id}`, { token: top });
    expect(detail.body.allowedActions).not.toContain('escalate');
    const past = await t.request('POST', `/api/v1/reports/${id}/actions`, { token: top, body: { action: 'escalate' } });
    expect(past.status).toBe(409);
    expect(past.body.error.code).toBe('REPORT_CANNOT_ESCALATE');
    await t.db.query(`delete from membership where user_id = $1 and node_id = $2`, [admin, district]);
  });
});

describe('deadlines', () => {
  it('escalates by itself when nobody accepts in time, telling both sides; the next level gets its own deadline', async () => {
    const xishi = await t.nodeId('西十村');
    const set = await t.request('PUT', `/api/v1/grids/${xishi}/settings`, { token: await t.login('demo-street-admin'), body: { checkRequestEscalateMinutes: null, reportAcceptHours: 4, reportResolveDays: 3 } });
    expect(set.status).toBe(404); // 江南街道's staff have no say over 洋埠镇's village
    await t.db.query(`update grid_node set report_accept_hours = 4, report_resolve_days = 3 where id = $1`, [xishi]);

    const created = await report('demo-villager-2', { description: '路边电线杆歪了，快倒了', category: 'hazard' });
    expect(created.dueAt).toBe(new Date(clock.now().getTime() + 4 * HOUR).toISOString()); // inherited from 西十村
    clock.advance(3 * HOUR);
    await drain();
    expect((await t.request('GET', `/api/v1/reports/${created.id}`, { token: tok['demo-villager-2'] })).body.handlerNode.name).toBe('西十村第一微网格');

    clock.advance(2 * HOUR);
    await drain();
    const moved = await t.request('GET', `/api/v1/reports/${created.id}`, { token: tok['demo-villager-2'] });
    expect(moved.body).toMatchObject({ status: 'submitted', handlerNode: { name: '西十村' }, escalationLevel: 1 });
    expect(moved.body.timeline.at(-1)).toMatchObject({ action: 'auto_escalate', actor: { role: 'system' }, node: { name: '西十村' } });
    expect((await inbox('demo-villager-2')).some((n) => n.title === '上报已超时，转到西十村：安全隐患')).toBe(true);
    expect((await inbox('demo-village-head')).some((n) => n.title === '上报已超时，转到西十村：安全隐患')).toBe(true);
    // a report accepted in time does not move
    const kept = await report('demo-villager-2', { description: '垃圾桶满了没人收' });
    await act('demo-village-head', kept.id, { action: 'accept' });
    clock.advance(5 * HOUR);
    await drain();
    expect((await t.request('GET', `/api/v1/reports/${kept.id}`, { token: tok['demo-villager-2'] })).body.handlerNode.name).toBe('西十村第一微网格');
  });
});

describe('visibility', () => {
  it('keeps the reporter anonymous to neighbours, never to the handler', async () => {
    const { id } = await report('demo-villager', { anonymous: true, category: 'uncivil', description: '有人天天半夜在巷子里放鞭炮' });
    const neighbour = await t.request('GET', `/api/v1/reports/${id}`, { token: tok['demo-villager-2'] });
    expect(neighbour.body.reporter).toEqual({ displayName: '匿名居民', anonymous: true, isMe: false });
    expect(neighbour.body.timeline[0].actor.displayName).toBe('匿名居民');
    expect(JSON.stringify(neighbour.body)).not.toContain('徐美华');
    const handler = await t.request('GET', `/api/v1/reports/${id}`, { token: tok['demo-village-head'] });
    expect(handler.body.reporter.displayName).toBe('徐美华');
    expect(handler.body.timeline[0].actor.displayName).toBe('徐美华');
  });

  it('hides disputes and private comments from neighbours', async () => {
    const dispute = await report('demo-villager', { category: 'dispute', description: '邻居家的狗天天叫，沟通没用' });
    expect((await t.request('GET', `/api/v1/reports/${dispute.id}`, { token: tok['demo-villager-2'] })).status).toBe(404);
    const list = await t.request('GET', '/api/v1/reports?view=grid&limit=100', { token: tok['demo-villager-2'] });
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(dispute.id);
    expect((await t.request('GET', `/api/v1/reports/${dispute.id}`, { token: tok['demo-village-head'] })).status).toBe(200);

    const open = await report('demo-villager');
    await act('demo-village-head', open.id, { action: 'comment', note: '内部：先问问是不是隔壁工地倒的' });
    await act('demo-village-head', open.id, { action: 'comment', note: '已经在查了，谢谢反映', public: true });
    const seen = await t.request('GET', `/api/v1/reports/${open.id}`, { token: tok['demo-villager-2'] });
    expect(seen.body.timeline.map((e: { note: string | null }) => e.note)).toEqual([null, '已经在查了，谢谢反映']);
    const mine = await t.request('GET', `/api/v1/reports/${open.id}`, { token: tok['demo-villager'] });
    expect(mine.body.timeline).toHaveLength(3);
  });

  it('keeps 西十村\'s reports and photos from a resident of 西29栋 (404), and a landlord out of another\'s house', async () => {
    const photoId = await photo('demo-villager');
    const { id } = await report('demo-villager', { photoIds: [photoId] });
    await drain();
    expect((await t.request('GET', `/api/v1/reports/${id}`, { token: tok['demo-elder'] })).status).toBe(404);
    expect((await act('demo-elder', id, { action: 'comment', note: '看看' })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/uploads/${photoId}`, { token: tok['demo-elder'] })).status).toBe(404);
    const elderGrid = await t.request('GET', '/api/v1/reports?view=grid&limit=100', { token: tok['demo-elder'] });
    expect(elderGrid.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    const xishi = await t.nodeId('西十村第一微网格');
    expect((await t.request('GET', `/api/v1/reports?view=grid&gridId=${xishi}`, { token: tok['demo-elder'] })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/reports?view=grid&gridId=${xishi}`, { token: tok['demo-head'] })).status).toBe(404);

    const tenants = await report('demo-tenant', { category: 'facility', description: '一楼大门的锁坏了，关不上' });
    expect((await t.request('GET', `/api/v1/reports/${tenants.id}`, { token: tok['demo-landlord-2'] })).status).toBe(404);
    expect((await act('demo-landlord-2', tenants.id, { action: 'accept' })).status).toBe(404);
    // staff above see everything in their subtree
    expect((await t.request('GET', `/api/v1/reports/${tenants.id}`, { token: tok['demo-street-admin'] })).status).toBe(200);
  });

  it('lists a handler\'s queue by deadline, soonest first, and pages through it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await report('demo-villager-2', { description: `第 ${i + 1} 处垃圾没人清` })).id);
      clock.advance(10 * 60_000);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; dueAt: string }[]; nextCursor: string | null } } = await t.request('GET', `/api/v1/reports?view=handling&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: tok['demo-village-head'] });
      seen.push(...page.body.items.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const mineInQueue = seen.filter((id) => ids.includes(id));
    expect(mineInQueue).toEqual(ids); // created in order → due in order
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('bad input and content', () => {
  it('refuses text that fails the content check, too many photos, someone else\'s photo, and an unknown grid', async () => {
    const bad = await t.request('POST', '/api/v1/reports', { token: tok['demo-villager'], body: { category: 'other', description: '这里有人代开发票，电话 138xxxx' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'CONTENT_REJECTED', details: { field: 'description' } });

    const ten = Array.from({ length: 10 }, () => '00000000-0000-4000-8000-000000000000');
    expect((await t.request('POST', '/api/v1/reports', { token: tok['demo-villager'], body: { category: 'other', description: '照片太多了的测试', photoIds: ten } })).status).toBe(400);

    const hers = await photo('demo-villager');
    const stolen = await t.request('POST', '/api/v1/reports', { token: tok['demo-villager-2'], body: { category: 'other', description: '用别人的照片上报', photoIds: [hers] } });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.code).toBe('PHOTO_NOT_FOUND');

    const elsewhere = await t.request('POST', '/api/v1/reports', { token: tok['demo-villager'], body: { gridId: await t.nodeId('第三平安小区西29栋'), category: 'other', description: '不是我的网格' } });
    expect(elsewhere.status).toBe(404);
    const badCategory = await t.request('POST', '/api/v1/reports', { token: tok['demo-villager'], body: { category: 'weather', description: '天气不好' } });
    expect(badCategory.status).toBe(400);
  });

  it('limits how many reports one person makes in an hour (429 with Retry-After)', async () => {
    const strict = await startTestApp({ env: { RATE_REPORTS_PER_HOUR: '3' } });
    try {
      const token = await strict.login('demo-villager-2');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await strict.request('POST', '/api/v1/reports', { token, body: { category: 'other', description: `第 ${i + 1} 条测试上报内容` } })).status);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await strict.close();
    }
  });

  it('gives back the same report when the phone resends it with the same client id (a lost answer)', async () => {
    const clientId = '7d1c2a4e-9b3f-4c5d-8e6f-0a1b2c3d4e5f';
    const body = { category: 'rubbish', description: '重发测试：路口垃圾堆', clientId };
    const first = await t.request('POST', '/api/v1/reports', { token: tok['demo-villager'], body });
    const again = await t.request('POST', '/api/v1/reports', { token: tok['demo-villager'], body });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const rows: { n: number }[] = await t.db.query(`select count(*)::int as n from report where client_id = $1`, [clientId]);
    expect(rows[0]!.n).toBe(1);
    // another person's id space is their own
    const other = await t.request('POST', '/api/v1/reports', { token: tok['demo-villager-2'], body });
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('asks a member of several grids which one', async () => {
    const res = await t.request('POST', '/api/v1/reports', { token: tok['demo-landlord'], body: { category: 'other', description: '门口的下水道堵了' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REPORT_GRID_REQUIRED');
  });
});
