import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StatsNumbers } from '@linli/shared';
import { ManualClock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { StatsService } from './stats.service.js';

const HOUR = 3_600_000;
let t: TestApp;
let clock: ManualClock;

/**
 * The same numbers counted another way: for one node, straight over its subtree with ltree
 * (no rollup, no per-node grouping), one query per number.
 */
async function independent(nodeId: string, now: Date): Promise<StatsNumbers> {
  const one = async (sql: string, params: unknown[] = []): Promise<number> => {
    const rows: { n: number }[] = await t.db.query(sql, [nodeId, ...params]);
    return Number(rows[0]!.n);
  };
  const sub = `(select path from grid_node where id = $1)`;
  const households = await one(`select count(*) as n from household where node_path <@ ${sub}`);
  const joined = await one(`select count(distinct m.household_id) as n from membership m join grid_node g on g.id = m.node_id where g.path <@ ${sub} and m.status = 'active' and m.household_id is not null`);
  const receipts = await one(`select count(*) as n from notice_receipt r join notice n on n.id = r.notice_id where r.node_path <@ ${sub} and n.created_at > $2::timestamptz - interval '30 days'`, [now]);
  const read = await one(`select count(*) as n from notice_receipt r join notice n on n.id = r.notice_id where r.node_path <@ ${sub} and n.created_at > $2::timestamptz - interval '30 days' and r.read_at is not null`, [now]);
  const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
  return {
    microGrids: await one(`select count(*) as n from grid_node where path <@ ${sub} and kind = 'micro_grid'`),
    rentalGroups: await one(`select count(*) as n from grid_node where path <@ ${sub} and kind = 'rental_group'`),
    households,
    joinedHouseholds: joined,
    coverage: rate(joined, households),
    members: await one(`select count(*) as n from membership m join grid_node g on g.id = m.node_id where g.path <@ ${sub} and m.status = 'active' and m.role in ('resident','tenant')`),
    underCare: await one(`select count(*) as n from care_plan cp join person p on p.id = cp.person_id where p.node_path <@ ${sub}`),
    overdue: await one(`select count(*) as n from care_plan cp join person p on p.id = cp.person_id where p.node_path <@ ${sub} and cp.next_due_at < $2`, [now]),
    visits7d: await one(`select count(*) as n from visit v join person p on p.id = v.person_id where p.node_path <@ ${sub} and v.occurred_at > $2::timestamptz - interval '7 days' and v.occurred_at <= $2`, [now]),
    openCheckRequests: await one(`select count(*) as n from check_request c join person p on p.id = c.person_id where p.node_path <@ ${sub} and c.status in ('open','acknowledged')`),
    notices30d: await one(`select count(*) as n from notice where node_path <@ ${sub} and created_at > $2::timestamptz - interval '30 days'`, [now]),
    noticeReadRate: rate(read, receipts),
    reportsOpen: {
      submitted: await one(`select count(*) as n from report where node_path <@ ${sub} and status = 'submitted'`),
      accepted: await one(`select count(*) as n from report where node_path <@ ${sub} and status = 'accepted'`),
      inProgress: await one(`select count(*) as n from report where node_path <@ ${sub} and status = 'in_progress'`),
    },
    slaBreaches: await one(
      `select count(*) as n from report where node_path <@ ${sub} and ((status = 'submitted' and accept_due_at < $2) or (status in ('accepted','in_progress') and resolve_due_at < $2))`,
      [now],
    ),
    tenanciesActive: await one(`select count(*) as n from tenancy where node_path <@ ${sub} and status = 'active'`),
    tenanciesPending: await one(`select count(*) as n from tenancy where node_path <@ ${sub} and status = 'pending'`),
  };
}

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-11-30T09:00:00+08:00'));
  t = await startTestApp({ clock, env: { QUEUE_POLL_MS: '0', STATS_REFRESH_SECONDS: '60' } });
  // some life in the tree: a notice to 江南街道 read by a few, visits, a report that misses its deadline
  const street = await t.login('demo-street-admin');
  const notice = await t.request('POST', `/api/v1/grids/${await t.nodeId('江南街道')}/notices`, { token: street, body: { title: '垃圾分类新规', body: '下周起厨余垃圾定时投放', category: 'garbage', requireConfirm: false } });
  expect(notice.status).toBe(201);
  await t.app.get(JobQueue).drain();
  for (const who of ['demo-tenant', 'demo-elder', 'demo-xi29-resident-1']) await t.request('GET', `/api/v1/notices/${notice.body.id}`, { token: await t.login(who) });
  const head = await t.login('demo-head');
  const [{ id: elderId }] = await t.db.query(`select id from person where name = '张桂英'`);
  await t.request('POST', '/api/v1/visits', { token: head, body: { id: randomUUID(), personId: elderId, occurredAt: clock.now().toISOString(), method: 'in_person', outcome: 'well' } });
  await t.request('POST', '/api/v1/reports', { token: await t.login('demo-tenant'), body: { category: 'facility', description: '楼道灯坏了一个星期了' } });
  clock.advance(30 * HOUR); // the tenant's report and some care plans are now late
});
afterAll(() => t.close());

describe('GET /grids/:id/stats', () => {
  it('counts every node of the demo tree the same as independent subtree counts', async () => {
    await t.app.get(StatsService).refreshAll();
    const nodes: { id: string; name: string }[] = await t.db.query(`select id, name from grid_node order by seq`);
    const admin = await t.login('demo-street-admin');
    const district = await t.nodeId('金华经济技术开发区');
    await t.db.query(`insert into membership (user_id, node_id, role, status) values ($1, $2, 'admin', 'active')`, [await t.userId('demo-street-admin'), district]);
    try {
    let checked = 0;
    for (const node of nodes) {
      const res = await t.request('GET', `/api/v1/grids/${node.id}/stats`, { token: admin });
      expect(res.status).toBe(200);
      expect({ node: node.name, ...res.body.totals }).toEqual({ node: node.name, ...(await independent(node.id, clock.now())) });
      checked++;
    }
    expect(checked).toBe(nodes.length);
    expect(checked).toBeGreaterThanOrEqual(13);
    const top = await t.request('GET', `/api/v1/grids/${district}/stats`, { token: admin });
    expect(top.body.totals.households).toBeGreaterThanOrEqual(32); // 西29栋's 24 and 西十村's 8, and the tenants' homes
    expect(top.body.totals.noticeReadRate).toBeGreaterThan(0);
    expect(top.body.totals.slaBreaches).toBeGreaterThanOrEqual(1);
    expect(top.body.asOf).toBe(clock.now().toISOString());
    expect(top.body.totals.tenanciesActive).toBeGreaterThan(30); // the demo landlords' tenants
    expect(top.body.totals.tenanciesPending).toBeGreaterThan(0);
    } finally {
      await t.db.query(`delete from membership where node_id = $1`, [district]);
    }
  });

  it('lists the children worst first and lets the street drill down to 兴学社区', async () => {
    const admin = await t.login('demo-street-admin');
    const street = await t.request('GET', `/api/v1/grids/${await t.nodeId('江南街道')}/stats`, { token: admin });
    expect(street.body.children.map((c: { node: { name: string } }) => c.node.name).sort()).toEqual(['兴学社区', '金钱寺社区']);
    const overdue = street.body.children.map((c: { numbers: StatsNumbers }) => c.numbers.overdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => b - a));
    const sum = (k: 'households' | 'overdue' | 'members') => street.body.children.reduce((s: number, c: { numbers: StatsNumbers }) => s + c.numbers[k], 0);
    expect(sum('households')).toBe(street.body.totals.households);
    expect(sum('overdue')).toBe(street.body.totals.overdue);

    const xingxue = street.body.children.find((c: { node: { name: string } }) => c.node.name === '兴学社区');
    const down = await t.request('GET', `/api/v1/grids/${xingxue.node.id}/stats`, { token: admin });
    expect(down.body.node.name).toBe('兴学社区');
    expect(down.body.totals).toEqual(xingxue.numbers);
  });

  it('answers 404 outside the caller\'s staff scope and to residents', async () => {
    expect((await t.request('GET', `/api/v1/grids/${await t.nodeId('西十村')}/stats`, { token: await t.login('demo-street-admin') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/grids/${await t.nodeId('第三平安小区西29栋')}/stats`, { token: await t.login('demo-elder') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/grids/${await t.nodeId('金钱寺后街3号出租房')}/stats`, { token: await t.login('demo-landlord') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/grids/${await t.nodeId('金钱寺路12号出租房')}/stats`, { token: await t.login('demo-landlord') })).status).toBe(200);
  });

  it('serves the rollup until the queue rebuilds it, once per period however often it is asked', async () => {
    const head = await t.login('demo-head');
    const xi29 = await t.nodeId('第三平安小区西29栋');
    const before = (await t.request('GET', `/api/v1/grids/${xi29}/stats`, { token: head })).body;
    await t.db.query(`insert into household (node_id, room, room_key) values ($1, '909', '909')`, [xi29]);
    clock.advance(2 * 60_000);
    const stale = (await t.request('GET', `/api/v1/grids/${xi29}/stats`, { token: head })).body;
    expect(stale.totals.households).toBe(before.totals.households); // not yet rebuilt
    await t.request('GET', `/api/v1/grids/${xi29}/stats`, { token: head });
    const jobs: { n: number }[] = await t.db.query(`select count(*)::int as n from job where kind = 'stats.refresh' and done_at is null and run_at <= $1`, [clock.now()]);
    expect(jobs[0]!.n).toBe(1);
    await t.app.get(JobQueue).drain();
    const fresh = (await t.request('GET', `/api/v1/grids/${xi29}/stats`, { token: head })).body;
    expect(fresh.totals.households).toBe(before.totals.households + 1);
    expect(fresh.asOf).toBe(clock.now().toISOString());
    // the job scheduled the next period's rebuild
    const next: { n: number }[] = await t.db.query(`select count(*)::int as n from job where kind = 'stats.refresh' and done_at is null and run_at > $1`, [clock.now()]);
    expect(next[0]!.n).toBe(1);
  });
});
