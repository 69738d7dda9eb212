import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { WechatAdapter } from '../wechat/wechat.adapter.js';
import type { MockWechatAdapter } from '../wechat/wechat-mock.adapter.js';

const HOUR = 3_600_000;
let t: TestApp;
let clock: ManualClock;
const tokens: Record<string, string> = {};
const as = async (openid: string) => (tokens[openid] ??= await t.login(openid));
const drain = () => t.app.get(JobQueue).drain();

async function publish(openid: string, node: string, body: Record<string, unknown>) {
  const res = await t.request('POST', `/api/v1/grids/${await t.nodeId(node)}/notices`, { token: await as(openid), body: { category: 'general', requireConfirm: false, ...body } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function feedIds(openid: string): Promise<string[]> {
  const res = await t.request('GET', '/api/v1/notices?limit=100', { token: await as(openid) });
  expect(res.status).toBe(200);
  return res.body.items.map((n: { id: string }) => n.id);
}

/** A new user who is an active member at `node` with `role`, in a household of their own when `room` is given. */
async function member(openid: string, name: string, node: string, role: string, room?: string): Promise<string> {
  const nodeId = await t.nodeId(node);
  const u: { id: string }[] = await t.db.query(`insert into app_user (openid, display_name) values ($1, $2) returning id`, [openid, name]);
  let householdId: string | null = null;
  if (room) {
    const h: { id: string }[] = await t.db.query(`insert into household (node_id, room, room_key, occupancy) values ($1, $2, $2, 'rented') returning id`, [nodeId, room]);
    householdId = h[0]!.id;
  }
  await t.db.query(`insert into membership (user_id, node_id, role, status, household_id) values ($1, $2, $3, 'active', $4)`, [u[0]!.id, nodeId, role, householdId]);
  return u[0]!.id;
}

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-11-30T09:00:00+08:00'));
  t = await startTestApp({ clock, env: { QUEUE_POLL_MS: '0', NOTICE_URGENT_SENDS_PER_SECOND: '5' } });
  // two more tenants of the landlord's first house, each in a rented room (the seed's tenant has no household yet)
  await member('notice-tenant-a', '钱多多', '金钱寺路12号出租房', 'tenant', '901');
  await member('notice-tenant-b', '孙晓峰', '金钱寺路12号出租房', 'tenant', '902');
  // a tenant of the other landlord's house
  await member('notice-tenant-c', '周佳', '金钱寺后街3号出租房', 'tenant', '909');
  // community staff of 西十村
  await member('notice-xishi-admin', '村委王', '西十村', 'admin');
});
afterAll(async () => {
  await t.close();
});

describe('publishing', () => {
  it('a notice of 江南街道 reaches the landlord\'s tenants in 金钱寺社区 without forwarding', async () => {
    const n = await publish('demo-street-admin', '江南街道', { title: '垃圾分类新规', body: '12月1日起，厨余垃圾请于每天7:00-9:00投放。', category: 'garbage' });
    // before the fan-out ran: the feed already has it
    expect(await feedIds('demo-tenant')).toContain(n.id);
    expect(await feedIds('notice-tenant-a')).toContain(n.id);
    expect(await feedIds('demo-elder')).toContain(n.id);
    await drain();
    const landlord = await t.request('GET', `/api/v1/notices/${n.id}`, { token: await as('demo-landlord') });
    expect(landlord.status).toBe(200);
    // the landlord may open the receipts of each of their three houses, not the street's
    expect(landlord.body.receiptNodes.map((r: { name: string }) => r.name).sort()).toEqual(['金钱寺路12号出租房', '金钱寺路14号出租房', '金钱寺路18号出租房'].sort());
    const house1 = await t.nodeId('金钱寺路12号出租房');
    const receipts = await t.request('GET', `/api/v1/notices/${n.id}/receipts?nodeId=${house1}`, { token: await as('demo-landlord') });
    expect(receipts.status).toBe(200);
    expect(receipts.body.totals).toEqual({ reached: 3, read: 0, confirmed: 0 });
    expect(receipts.body.unread.map((u: { names: string[] }) => u.names).flat().sort()).toEqual(['孙*峰', '赵*龙', '钱*多'].sort());
    // the other landlord's tenant is not theirs to see
    const house4 = await t.nodeId('金钱寺后街3号出租房');
    expect((await t.request('GET', `/api/v1/notices/${n.id}/receipts?nodeId=${house4}`, { token: await as('demo-landlord') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/notices/${n.id}/receipts`, { token: await as('demo-landlord') })).status).toBe(404);
  });

  it('a notice of 西十村 does not reach 西29栋', async () => {
    const n = await publish('notice-xishi-admin', '西十村', { title: '池塘清理', body: '本周六上午集中清理村口池塘，欢迎村民参加。', category: 'civility' });
    expect(await feedIds('demo-villager')).toContain(n.id);
    expect(await feedIds('demo-elder')).not.toContain(n.id);
    expect(await feedIds('demo-xi29-resident-1')).not.toContain(n.id);
    expect((await t.request('GET', `/api/v1/notices/${n.id}`, { token: await as('demo-elder') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/notices/${n.id}/receipts`, { token: await as('demo-head') })).status).toBe(404);
    await drain();
    const receipts: { n: number }[] = await t.db.query(
      `select count(*)::int as n from notice_receipt r join grid_node g on g.id = r.node_id where r.notice_id = $1 and g.name = '第三平安小区西29栋'`,
      [n.id],
    );
    expect(receipts[0]!.n).toBe(0);
  });

  it('refuses staff who are not over the node (404), a landlord outside their houses, and bad input (400)', async () => {
    const body = { title: '测试', body: '测试', category: 'general', requireConfirm: false };
    const xishi = await t.nodeId('西十村');
    expect((await t.request('POST', `/api/v1/grids/${xishi}/notices`, { token: await as('demo-street-admin'), body })).status).toBe(404);
    const jqsMicro = await t.nodeId('金钱寺社区第五微网格');
    expect((await t.request('POST', `/api/v1/grids/${jqsMicro}/notices`, { token: await as('demo-landlord'), body })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/grids/${jqsMicro}/notices`, { token: await as('demo-tenant'), body })).status).toBe(404);
    const bad = await t.request('POST', `/api/v1/grids/${jqsMicro}/notices`, { token: await as('demo-jqs-admin'), body: { ...body, category: 'party' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const empty = await t.request('POST', `/api/v1/grids/${jqsMicro}/notices`, { token: await as('demo-jqs-admin'), body: { ...body, title: '  ' } });
    expect(empty.status).toBe(400);
  });

  it('passes title and body through the content check before anyone sees them', async () => {
    const before: { n: number }[] = await t.db.query(`select count(*)::int as n from notice`);
    const res = await t.request('POST', `/api/v1/grids/${await t.nodeId('金钱寺路12号出租房')}/notices`, {
      token: await as('demo-landlord'),
      body: { title: '房租通知', body: '可代开发票，联系房东', category: 'general', requireConfirm: false },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(expect.objectContaining({ code: 'CONTENT_REJECTED', details: { field: 'body' } }));
    const after: { n: number }[] = await t.db.query(`select count(*)::int as n from notice`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('reading, confirming and receipts', () => {
  it('counts households reached, read and confirmed per child node after reads and confirms', async () => {
    const n = await publish('demo-jqs-admin', '金钱寺社区', { title: '消防安全检查', body: '本周对出租房进行消防安全检查，请配合并确认。', category: 'safety', requireConfirm: true });
    // tenant-a reads before the fan-out ran: the read makes the receipt
    const early = await t.request('GET', `/api/v1/notices/${n.id}`, { token: await as('notice-tenant-a') });
    expect(early.status).toBe(200);
    expect(early.body.isRecipient).toBe(true);
    expect(early.body.readAt).not.toBeNull();
    await drain();
    const confirm = await t.request('POST', `/api/v1/notices/${n.id}/confirm`, { token: await as('notice-tenant-b') });
    expect(confirm.status).toBe(200);
    expect(confirm.body.confirmedAt).not.toBeNull();
    expect(confirm.body.readAt).not.toBeNull();
    await t.request('GET', `/api/v1/notices/${n.id}`, { token: await as('notice-tenant-c') });

    const admin = await as('demo-jqs-admin');
    const top = await t.request('GET', `/api/v1/notices/${n.id}/receipts`, { token: admin });
    expect(top.status).toBe(200);
    expect(top.body.delivered).toBe(true);
    // landlords (members of the micro-grid, no household) count alone: 2 landlords + 4 tenants
    expect(top.body.totals).toEqual({ reached: 6, read: 3, confirmed: 1 });
    expect(top.body.children).toEqual([expect.objectContaining({ node: expect.objectContaining({ name: '金钱寺社区第五微网格' }), reached: 6, read: 3, confirmed: 1 })]);

    const micro = await t.request('GET', `/api/v1/notices/${n.id}/receipts?nodeId=${await t.nodeId('金钱寺社区第五微网格')}`, { token: admin });
    const byName = Object.fromEntries(micro.body.children.map((c: { node: { name: string }; reached: number; read: number; confirmed: number }) => [c.node.name, [c.reached, c.read, c.confirmed]]));
    expect(byName).toEqual({
      金钱寺社区第五微网格: [2, 0, 0],
      金钱寺路12号出租房: [3, 2, 1],
      金钱寺路14号出租房: [0, 0, 0],
      金钱寺路18号出租房: [0, 0, 0],
      金钱寺后街3号出租房: [1, 1, 0],
    });
    expect(micro.body.unread.map((u: { names: string[] }) => u.names[0]).sort()).toEqual(['吴*林', '赵*龙', '金*强'].sort());
    expect(micro.body.unreadTotal).toBe(3);

    // the feed shows the caller's own flags
    const feed = await t.request('GET', '/api/v1/notices', { token: await as('notice-tenant-b') });
    expect(feed.body.items.find((i: { id: string }) => i.id === n.id)).toEqual(expect.objectContaining({ requireConfirm: true, category: 'safety' }));
    expect(feed.body.items.find((i: { id: string }) => i.id === n.id).confirmedAt).not.toBeNull();
    const tenantFeed = await t.request('GET', '/api/v1/notices', { token: await as('demo-tenant') });
    expect(tenantFeed.body.items.find((i: { id: string }) => i.id === n.id)).toEqual(expect.objectContaining({ readAt: null, confirmedAt: null }));

    // staff looking from above are not recipients and cannot confirm
    expect((await t.request('GET', `/api/v1/notices/${n.id}`, { token: await as('demo-street-admin') })).body.isRecipient).toBe(false);
    const staffConfirm = await t.request('POST', `/api/v1/notices/${n.id}/confirm`, { token: await as('demo-street-admin') });
    expect(staffConfirm.status).toBe(400);
    expect(staffConfirm.body.error.code).toBe('NOTICE_NOT_RECIPIENT');
  });

  it('refuses to confirm a notice that does not ask for it', async () => {
    const n = await publish('demo-head', '第三平安小区西29栋', { title: '停水通知', body: '明天上午9点到12点停水。' });
    const res = await t.request('POST', `/api/v1/notices/${n.id}/confirm`, { token: await as('demo-elder') });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('NOTICE_CONFIRM_NOT_REQUIRED');
  });

  it('pages the feed newest first with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      ids.push((await publish('demo-head', '第三平安小区西29栋', { title: `楼道通知${i}`, body: '内容' })).id);
    }
    const token = await as('demo-xi29-resident-2');
    const first = await t.request('GET', '/api/v1/notices?limit=2', { token });
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.request('GET', `/api/v1/notices?limit=2&cursor=${first.body.nextCursor}`, { token });
    expect(second.body.items[0].id).toBe(ids[0]);
    expect((await t.request('GET', '/api/v1/notices?cursor=garbage', { token })).status).toBe(400);
  });
});

describe('reminders', () => {
  it('reminds only those who have not read, and refuses a second reminder within 6 hours', async () => {
    const n = await publish('demo-landlord', '金钱寺路12号出租房', { title: '交房租提醒', body: '本月房租请在5号前交齐。' });
    await drain();
    await t.request('GET', `/api/v1/notices/${n.id}`, { token: await as('notice-tenant-a') });
    const landlord = await as('demo-landlord');
    const first = await t.request('POST', `/api/v1/notices/${n.id}/remind`, { token: landlord });
    expect(first.status).toBe(200);
    expect(first.body.recipients).toBe(2);
    await drain();
    const reminded: { openid: string }[] = await t.db.query(
      `select u.openid from notification x join app_user u on u.id = x.user_id where x.link = $1 order by u.openid`,
      [`notice:${n.id}`],
    );
    expect(reminded.map((r) => r.openid)).toEqual(['demo-tenant', 'notice-tenant-b']);

    clock.advance(5 * HOUR);
    const second = await t.request('POST', `/api/v1/notices/${n.id}/remind`, { token: landlord });
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('NOTICE_REMIND_TOO_SOON');
    expect(second.body.error.message).toMatch(/6 小时内只能提醒一次，.*以后可以再次提醒/);
    const receipts = await t.request('GET', `/api/v1/notices/${n.id}/receipts`, { token: landlord });
    expect(receipts.body.nextRemindAt).toBe(second.body.error.details.nextRemindAt);

    clock.advance(HOUR);
    expect((await t.request('POST', `/api/v1/notices/${n.id}/remind`, { token: landlord })).status).toBe(200);
  });
});

describe('urgent notices', () => {
  it('go out as WeChat messages once per person, spaced to the configured rate', async () => {
    const wechat = t.app.get(WechatAdapter) as MockWechatAdapter;
    const users: { id: string; openid: string }[] = await t.db.query(
      `select distinct u.id, u.openid from membership m join app_user u on u.id = m.user_id join grid_node g on g.id = m.node_id
        where g.name = '金钱寺路12号出租房' and m.role = 'tenant'`,
    );
    // each tenant accepted one urgent-notice subscription in the mini-program, except tenant-b
    for (const u of users.filter((x) => x.openid !== 'notice-tenant-b')) {
      await t.db.query(`insert into wechat_subscription (user_id, kind, remaining, updated_at) values ($1, 'notice-urgent', 1, now())`, [u.id]);
    }
    const sentBefore = wechat.sent.length;
    const n = await publish('demo-landlord', '金钱寺路12号出租房', { title: '燃气泄漏紧急疏散', body: '12号楼燃气泄漏，请立即离开房间到楼下空地。', category: 'urgent' });
    await t.app.get(JobQueue).runDue(); // the fan-out: it schedules one send per person, 200 ms apart
    const jobs: { run_at: Date }[] = await t.db.query(`select run_at from job where kind = 'notice.wechat' and payload->>'noticeId' = $1 order by run_at`, [n.id]);
    expect(jobs).toHaveLength(3);
    expect(jobs[2]!.run_at.getTime() - jobs[0]!.run_at.getTime()).toBe(400);
    clock.advance(1000);
    await drain();
    await drain();
    const sent = wechat.sent.slice(sentBefore).filter((m) => m.templateId === 'mock-notice-urgent');
    expect(sent.map((m) => m.openid).sort()).toEqual(['demo-tenant', 'notice-tenant-a']);
    expect(sent[0]!.page).toBe(`packages/notices/detail/index?id=${n.id}`);
    // everyone has it in their inbox too
    const inbox: { n: number }[] = await t.db.query(`select count(*)::int as n from notification where link = $1`, [`notice:${n.id}`]);
    expect(inbox[0]!.n).toBe(3);
    // a repeated send job (as after a crash) sends nothing more
    await t.db.query(`update job set done_at = null, run_at = now() - interval '1 hour' where kind = 'notice.wechat' and payload->>'noticeId' = $1`, [n.id]);
    await t.db.query(`update wechat_subscription set remaining = 1 where kind = 'notice-urgent'`);
    clock.advance(1000);
    await drain();
    expect(wechat.sent.slice(sentBefore).filter((m) => m.templateId === 'mock-notice-urgent')).toHaveLength(2);
  });
});

describe('a subtree of 10,000 households', () => {
  it('publishing answers before the fan-out; receipts appear once the queue has run it', async () => {
    const admin = await member('notice-big-admin', '大社区书记', '兴学社区', 'admin');
    const big = await t.request('POST', `/api/v1/grids/${await t.nodeId('兴学社区')}/children`, { token: await t.login('notice-big-admin'), body: { name: '万户小区', kind: 'micro_grid' } });
    expect(big.status).toBe(201);
    expect(admin).toEqual(expect.any(String));
    await t.db.query(
      `with h as (insert into household (node_id, room, room_key) select $1, i::text, i::text from generate_series(1, 10000) i returning id, room),
            u as (insert into app_user (openid, display_name) select 'big-' || room, '住户' || room from h returning id, openid)
       insert into membership (user_id, node_id, role, status, household_id)
       select u.id, $1, 'resident', 'active', h.id from h join u on u.openid = 'big-' || h.room`,
      [big.body.id],
    );
    const n = await publish('notice-big-admin', '万户小区', { title: '全小区停电检修', body: '周日上午8点到12点停电检修。', category: 'general' });
    // the answer came while the fan-out is still waiting in the queue
    const pending: { done_at: Date | null }[] = await t.db.query(`select done_at from job where dedupe_key = $1`, [`notice-fanout:${n.id}:start`]);
    expect(pending).toEqual([{ done_at: null }]);
    const token = await as('notice-big-admin');
    const before = await t.request('GET', `/api/v1/notices/${n.id}/receipts`, { token });
    expect(before.body).toEqual(expect.objectContaining({ delivered: false, totals: { reached: 0, read: 0, confirmed: 0 } }));
    // a resident sees it in the feed before the fan-out reached them
    expect(await feedIds('big-9999')).toContain(n.id);
    await drain();
    const after = await t.request('GET', `/api/v1/notices/${n.id}/receipts`, { token });
    expect(after.body.delivered).toBe(true);
    expect(after.body.totals).toEqual({ reached: 10000, read: 0, confirmed: 0 });
    expect(after.body.unreadTotal).toBe(10000);
    expect(after.body.unread).toHaveLength(200);
  }, 120_000);
});
