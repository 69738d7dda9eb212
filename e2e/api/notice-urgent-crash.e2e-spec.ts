import { afterAll, describe, expect, it } from '@jest/globals';
import { startFakeWechat, type FakeWechat } from '../../server/src/test-support/fake-wechat.js';
import { queryDatabase } from '../../server/src/test-support/test-db.js';
import { Api, startServer, type RunningServer } from '../support/server.js';

/**
 * Urgent notices go out as WeChat subscription messages, one per person. The server is killed
 * (SIGKILL) while one send is in flight; after a restart on the same database every recipient has
 * exactly one message at the (fake) WeChat server: none lost, none twice.
 */
let fake: FakeWechat | undefined;
let first: RunningServer | undefined;
let second: RunningServer | undefined;
afterAll(async () => {
  await second?.stop();
  if (first?.process.exitCode === null) await first.stop();
  await fake?.close();
});

const env = (wechat: FakeWechat): Record<string, string> => ({
  WECHAT_MODE: 'real',
  WECHAT_APPID: 'wx-test-appid',
  WECHAT_SECRET: 'test-secret',
  WECHAT_API_BASE: wechat.base,
  WECHAT_TIMEOUT_MS: '30000',
  WECHAT_TEMPLATES: 'notice-urgent=TPL-URGENT',
  NOTICE_URGENT_SENDS_PER_SECOND: '5',
  QUEUE_POLL_MS: '50',
  // a job whose worker died is taken over after 2 s instead of a minute
  QUEUE_LOCK_MS: '2000',
});

async function login(baseUrl: string, openid: string): Promise<Api> {
  const res = await new Api(baseUrl).call<{ token: string }>('POST', '/api/v1/auth/login', { code: `ok-${openid}` });
  if (res.status !== 200) throw new Error(`login ${openid}: ${res.status} ${JSON.stringify(res.body)}`);
  return new Api(baseUrl, res.body.token);
}

describe('urgent notice WeChat messages survive a crash', () => {
  it('sends every recipient exactly one message although the server died in the middle of a send', async () => {
    fake = await startFakeWechat();
    first = await startServer(env(fake));
    const db = first.database.url;
    // everyone accepted one urgent-notice subscription in the mini-program
    await queryDatabase(db, `insert into wechat_subscription (user_id, kind, remaining, updated_at) select distinct user_id, 'notice-urgent', 1, now() from membership`);
    const held = fake.holdSubscribeSends(3);

    const admin = await login(first.baseUrl, 'demo-street-admin');
    const street: { id: string }[] = await queryDatabase(db, `select id from grid_node where name = '江南街道'`);
    const published = await admin.call('POST', `/api/v1/grids/${street[0]!.id}/notices`, {
      title: '寒潮橙色预警',
      body: '今晚起气温骤降，请关好门窗，照看好家中老人。',
      category: 'urgent',
      requireConfirm: true,
    });
    expect(published.status).toBe(201);
    const noticeId = published.body.id as string;

    // three messages went out, the fourth is in flight (WeChat does not answer): kill the server now
    await held;
    expect(fake.messages).toHaveLength(3);
    await first.stop('SIGKILL', { keepDatabase: true });
    fake.releaseSubscribeSends();

    const recipients = (await queryDatabase<{ openid: string }>(db, `select u.openid from notice_receipt r join app_user u on u.id = r.user_id where r.notice_id = $1`, [noticeId])).map((r) => r.openid).sort();
    expect(recipients.length).toBeGreaterThan(4);
    const sentBeforeRestart = (await queryDatabase<{ n: number }>(db, `select count(*)::int as n from notice_wechat_send where notice_id = $1`, [noticeId]))[0]!.n;
    expect(sentBeforeRestart).toBe(3); // the claim of the fourth died with its transaction

    second = await startServer(env(fake), { database: first.database });
    for (let i = 0; i < 300 && new Set(fake.messages.map((m) => m.touser)).size < recipients.length; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2500)); // more polling passes (and lock expiries): still one each
    const perUser = new Map<string, number>();
    for (const m of fake.messages) perUser.set(String(m.touser), (perUser.get(String(m.touser)) ?? 0) + 1);
    expect([...perUser.keys()].sort()).toEqual(recipients);
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);
    expect(fake.messages.every((m) => m.template_id === 'TPL-URGENT')).toBe(true);
    const records = await queryDatabase<{ n: number }>(db, `select count(*)::int as n from notice_wechat_send where notice_id = $1`, [noticeId]);
    expect(records[0]!.n).toBe(recipients.length);
  }, 90_000);
});
