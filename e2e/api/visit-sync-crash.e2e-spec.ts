import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { queryDatabase } from '../../server/src/test-support/test-db.js';
import { Api, startServer, type RunningServer } from '../support/server.js';

/**
 * Offline visit syncing under crashes. Like the mini-program's queue (miniapp/src/services/
 * visit-queue.ts), a grid head's phone sends visits with ids it made itself and retries each,
 * unchanged, until it gets an answer — while the server is killed (SIGKILL) and restarted
 * several times. Afterwards every acknowledged visit is stored exactly once, none twice; a
 * retry of an acknowledged visit answers 200 with the same visit; and every family
 * notification of a worrying visit (the outbox) is delivered exactly once.
 */
const KILLS = Number(process.env.LINLI_CRASH_KILLS ?? 5);
const VISITS = Number(process.env.LINLI_CRASH_VISITS ?? 60);
const env = { QUEUE_POLL_MS: '100', QUEUE_LOCK_MS: '2000' };
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
});

interface Pending {
  body: { id: string; personId: string; occurredAt: string; method: 'in_person' | 'phone'; outcome: 'well' | 'not_home' | 'unwell'; note?: string };
}

describe('visit syncing survives SIGKILL', () => {
  it(`stores every acknowledged visit once through ${KILLS} kills, and delivers each family notification once`, async () => {
    server = await startServer(env);
    const db = server.database.url;
    const [elder] = await queryDatabase<{ id: string }>(db, `select id from person where name = '张桂英'`);
    const family = await queryDatabase<{ user_id: string }>(db, `select distinct user_id from family_link where person_id = $1`, [elder!.id]);
    const t0 = (await queryDatabase<{ now: Date }>(db, 'select now()'))[0]!.now;
    let head = await new Api(server.baseUrl).as('demo-head');

    const outcomes = ['well', 'not_home', 'unwell'] as const;
    const queue: Pending[] = Array.from({ length: VISITS }, (_, i) => ({
      body: {
        id: randomUUID(),
        personId: elder!.id,
        occurredAt: new Date(Date.now() - (VISITS - i) * 60_000).toISOString(),
        method: i % 2 ? 'phone' : 'in_person',
        outcome: outcomes[i % 3]!,
        ...(i % 4 === 0 ? { note: `第${i}次走访` } : {}),
      },
    }));
    const acknowledged = new Map<string, string>(); // visit id → the id the server answered with
    let sends = 0;
    let kills = 0;

    // a sender works through the queue like the phone: oldest first, retried until answered
    const pending = [...queue];
    const sendOne = async (p: Pending) => {
      sends++;
      const res = await head.call('POST', '/api/v1/visits', p.body).catch(() => undefined);
      if (res && (res.status === 201 || res.status === 200)) acknowledged.set(p.body.id, res.body.id);
      else if (res && res.status !== 503) throw new Error(`visit ${p.body.id}: ${res.status} ${JSON.stringify(res.body)}`);
      else pending.push(p); // no answer (server gone) or database not ready: try again later
    };
    while (kills < KILLS || pending.length) {
      const batch = pending.splice(0, 4);
      // kill the server in the middle of a batch, every few batches, while requests are in flight
      const killNow = kills < KILLS && sends > 0 && sends % Math.max(4, Math.floor(VISITS / (KILLS + 1))) < 4;
      const inFlight = batch.map(sendOne);
      if (killNow) {
        await new Promise((r) => setTimeout(r, 5));
        await server.stop('SIGKILL', { keepDatabase: true });
        kills++;
        await Promise.all(inFlight);
        server = await startServer(env, { database: server.database });
        head = new Api(server.baseUrl, (head as unknown as { token: string }).token);
      } else {
        await Promise.all(inFlight);
      }
      if (sends > VISITS * 20) throw new Error('the queue does not drain');
    }

    // every visit was acknowledged in the end; a retry of each answers 200 with the same visit
    expect(acknowledged.size).toBe(VISITS);
    for (const p of queue) {
      const again = await head.call('POST', '/api/v1/visits', p.body);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(p.body.id);
      expect(acknowledged.get(p.body.id)).toBe(p.body.id);
    }
    const ids = queue.map((p) => p.body.id);
    const stored = await queryDatabase<{ id: string; n: number }>(db, `select id, count(*)::int as n from visit where id = any($1::uuid[]) group by id`, [ids]);
    expect(stored).toHaveLength(VISITS);
    expect(stored.every((r) => r.n === 1)).toBe(true);
    expect((await queryDatabase<{ n: number }>(db, `select count(*)::int as n from visit where person_id = $1 and created_at >= $2`, [elder!.id, t0]))[0]!.n).toBe(VISITS);

    // the outbox: one family notification per worrying visit per family member, none lost, none twice
    const worrying = queue.filter((p) => p.body.outcome !== 'well').length;
    let delivered = 0;
    for (let i = 0; i < 150; i++) {
      const open = await queryDatabase<{ n: number }>(db, `select count(*)::int as n from job where done_at is null and failed = false and created_at >= $1`, [t0]);
      delivered = (await queryDatabase<{ n: number }>(db, `select count(*)::int as n from notification where kind = 'visit' and link = $1 and created_at >= $2`, [`person:${elder!.id}`, t0]))[0]!.n;
      if (open[0]!.n === 0 && delivered >= worrying * family.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 2500)); // more polling passes and lock expiries: still once
    const perUser = await queryDatabase<{ user_id: string; n: number }>(db, `select user_id, count(*)::int as n from notification where kind = 'visit' and link = $1 and created_at >= $2 group by user_id`, [`person:${elder!.id}`, t0]);
    expect(family.length).toBeGreaterThan(0);
    expect(perUser.map((r) => r.user_id).sort()).toEqual(family.map((f) => f.user_id).sort());
    expect(perUser.every((r) => r.n === worrying)).toBe(true);
    const failed = await queryDatabase<{ n: number }>(db, `select count(*)::int as n from job where failed and created_at >= $1`, [t0]);
    expect(failed[0]!.n).toBe(0);
    console.log(`[crash] ${kills} SIGKILLs survived; ${sends} sends for ${VISITS} visits, ${VISITS} acknowledged, each stored once and replayed with 200; ${worrying * family.length} family notifications delivered once each`);
  }, 240_000);
});
