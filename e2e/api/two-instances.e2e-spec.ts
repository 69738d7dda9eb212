import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PRIVACY_NOTICE_VERSION } from '@linli/shared';
import { queryDatabase } from '../../server/src/test-support/test-db.js';
import { Api, startServer, type RunningServer } from '../support/server.js';

/**
 * Two server processes on one database, every request going to the other one than the last:
 * the main flows work, rate limits count across both (they live in PostgreSQL), and queue jobs
 * run once. (`LINLI_E2E_TWO_INSTANCES=1` runs every e2e API suite this way.)
 */
const RATE = 10;
let server: RunningServer;
let db: string;
let api: Api;
let t0: Date;
beforeAll(async () => {
  server = await startServer({ QUEUE_POLL_MS: '50', RATE_INVITE_PER_MINUTE: String(RATE), LOG_LEVEL: 'info' }, { twin: true });
  db = server.database.url;
  api = new Api(server.baseUrl);
  t0 = (await queryDatabase<{ now: Date }>(db, 'select now()'))[0]!.now;
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const node = async (name: string) => (await queryDatabase<{ id: string }>(db, 'select id from grid_node where name = $1', [name]))[0]!.id;

describe('two instances, requests alternating', () => {
  it('runs on two processes', () => {
    expect(server.second).toBeDefined();
    expect(server.second!.process.pid).not.toBe(server.process.pid);
  });

  it('holds a rate limit at the same total across both instances', async () => {
    const head = await api.as('demo-head');
    const invite = await head.call('POST', `/api/v1/grids/${await node('第三平安小区西29栋')}/invites`, { role: 'resident', expiresInHours: 24, maxUses: 100, requireApproval: true });
    expect(invite.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < RATE * 2; i++) statuses.push((await api.call('GET', `/api/v1/invites/${invite.body.token}`)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(RATE);
  });

  it('joins, approves, visits (a retry on the other instance replays), checks on, publishes and reports', async () => {
    // join and approval
    const head = await api.as('demo-head');
    const xi29 = await node('第三平安小区西29栋');
    const invite = await head.call('POST', `/api/v1/grids/${xi29}/invites`, { role: 'resident', expiresInHours: 24, maxUses: 10, requireApproval: true });
    const resident = await api.as('e2e-twin-resident');
    const joined = await resident.call('POST', `/api/v1/invites/${invite.body.token}/join`, { consentVersion: PRIVACY_NOTICE_VERSION, household: { unit: '2单元', room: '1101室' }, person: { name: '双实例' } });
    expect(joined.status).toBe(200);
    const [membership] = await queryDatabase<{ id: string }>(db, `select m.id from membership m join app_user u on u.id = m.user_id where u.openid = 'e2e-twin-resident' and m.status = 'pending'`);
    expect((await head.call('POST', `/api/v1/memberships/${membership!.id}/approve`)).status).toBe(200);
    const me = await resident.call('GET', '/api/v1/me');
    expect(me.body.memberships.some((m: { node: { id: string } }) => m.node.id === xi29)).toBe(true);

    // a visit, and the same visit again (it reaches the other instance): stored once
    const [elder] = await queryDatabase<{ id: string }>(db, `select id from person where name = '张桂英'`);
    const visit = { id: randomUUID(), personId: elder!.id, occurredAt: new Date(Date.now() - 60_000).toISOString(), method: 'in_person', outcome: 'not_home' };
    expect((await head.call('POST', '/api/v1/visits', visit)).status).toBe(201);
    const again = await head.call('POST', '/api/v1/visits', visit);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(visit.id);
    expect((await queryDatabase<{ n: number }>(db, 'select count(*)::int as n from visit where id = $1', [visit.id]))[0]!.n).toBe(1);

    // a check request from the son, taken by the grid head
    const son = await api.as('demo-family');
    const created = await son.call('POST', `/api/v1/persons/${elder!.id}/check-requests`, { message: '妈妈一直没接电话' });
    expect(created.status).toBe(201);
    expect((await head.call('GET', `/api/v1/check-requests/${created.body.id}`)).status).toBe(200);
    expect((await head.call('POST', `/api/v1/check-requests/${created.body.id}/acknowledge`)).status).toBe(200);
    expect((await head.call('POST', `/api/v1/check-requests/${created.body.id}/acknowledge`)).status).toBe(409);

    // a notice to the whole street: fanned out by whichever instance takes the job
    const admin = await api.as('demo-street-admin');
    const notice = await admin.call('POST', `/api/v1/grids/${await node('江南街道')}/notices`, { title: '双实例测试通知', body: '请大家注意防火。', category: 'safety', requireConfirm: false });
    expect(notice.status).toBe(201);

    // a report by a resident, accepted by the grid head
    const neighbour = await api.as('demo-xi29-resident-1');
    const report = await neighbour.call('POST', '/api/v1/reports', { gridId: xi29, category: 'rubbish', description: '楼道里堆了很多纸箱' });
    expect(report.status).toBe(201);
    const seen = await head.call('GET', `/api/v1/reports/${report.body.id}`);
    expect(seen.status).toBe(200);

    // the queue drains; each job ran once; nobody has a notice or a check request twice
    for (let i = 0; i < 150; i++) {
      const open = await queryDatabase<{ n: number }>(db, `select count(*)::int as n from job where done_at is null and failed = false and run_at <= now() and created_at >= $1`, [t0]);
      if (open[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1000));
    const jobs = await queryDatabase<{ kind: string; attempts: number; done: boolean }>(db, `select kind, attempts, done_at is not null as done from job where created_at >= $1 and run_at <= now()`, [t0]);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.filter((j) => !j.done)).toEqual([]);
    expect(jobs.filter((j) => j.attempts !== 1)).toEqual([]);
    const twice = await queryDatabase(db, `select user_id, link, kind, count(*)::int as n from notification where created_at >= $1 and (link like 'notice:%' or link like 'check-request:%') group by 1, 2, 3 having count(*) > 1`, [t0]);
    expect(twice).toEqual([]);
    const receipts = await queryDatabase<{ n: number; users: number }>(db, `select count(*)::int as n, count(distinct user_id)::int as users from notice_receipt where notice_id = $1`, [notice.body.id]);
    expect(receipts[0]!.n).toBeGreaterThan(3);
    expect(receipts[0]!.n).toBe(receipts[0]!.users);
    console.log(`[two-instances] ${jobs.length} jobs each run once across 2 processes; notice reached ${receipts[0]!.n} users once each`);
  }, 120_000);
});
