import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '../../server/src/common/database/embedded-postgres.js';
import { Api, startServer, type RunningServer } from '../support/server.js';

/**
 * The database goes away under a running server: every request answers 503 DB_UNAVAILABLE
 * within 5 seconds (none hangs), /health says the database is down, and once the database is
 * back the same server process serves again by itself.
 */
const BOUND_MS = 5000;
let pg: RunningPostgres | undefined;
let server: RunningServer | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-dbrestart-'));
afterAll(async () => {
  await server?.stop('SIGTERM', { keepDatabase: true });
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A request that must answer within the bound; not answering is a failure. */
async function answered(api: Api, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  const token = (api as unknown as { token?: string }).token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(api.baseUrl + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(BOUND_MS) }).catch((err: Error) => {
    throw new Error(`${method} ${url} did not answer within ${BOUND_MS} ms: ${err.name}`);
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('database restarts', () => {
  it('answers 503 DB_UNAVAILABLE while the database is down and recovers by itself', async () => {
    pg = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    await ensureDatabase(pg.url('postgres'), 'linli');
    const database = { name: 'linli', url: pg.url('linli'), drop: async () => undefined };
    server = await startServer({ QUEUE_POLL_MS: '200' }, { database });
    const head = await new Api(server.baseUrl).as('demo-head');
    expect((await answered(head, 'GET', '/api/v1/me')).status).toBe(200);
    const pid = server.process.pid;

    await pg.stop();
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/notifications'],
      ['GET', '/api/v1/check-requests'],
      ['GET', '/api/v1/notices'],
      ['POST', '/api/v1/reports', { gridId: '00000000-0000-4000-8000-000000000000', category: 'other', description: '数据库停机时的上报' }],
      ['POST', '/api/v1/auth/login', { code: 'mock:demo-family' }],
    ];
    let checked = 0;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(calls.map(([m, u, b]) => answered(head, m, u, b)));
      for (const r of results) {
        expect(r.status).toBe(503);
        expect(r.body.error.code).toBe('DB_UNAVAILABLE');
        checked++;
      }
      const health = await answered(head, 'GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ database: 'down' });
    }

    pg = await startEmbeddedPostgres({ dataDir, ephemeral: true, port: pg.port });
    let me = { status: 0 } as { status: number };
    for (let i = 0; i < 100 && me.status !== 200; i++) {
      me = await answered(head, 'GET', '/api/v1/me').catch(() => ({ status: 0 }));
      if (me.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(me.status).toBe(200);
    expect((await answered(head, 'GET', '/health')).status).toBe(200);
    expect(server.process.pid).toBe(pid);
    expect(server.process.exitCode).toBeNull();
    console.log(`[db-restart] ${checked} requests answered 503 DB_UNAVAILABLE within ${BOUND_MS} ms while the database was down; the same process recovered`);
  }, 120_000);
});
