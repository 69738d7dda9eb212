import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Api, runServerToExit, startServer, type RunningServer } from '../support/server.js';

/** The foundation's acceptance, against the real server process as `pnpm start` runs it. */
let server: RunningServer;
let api: Api;

beforeAll(async () => {
  server = await startServer();
  api = new Api(server.baseUrl);
  console.log(`server start to /health 200: ${server.startupMs} ms (fresh database: migrate + seed)`);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('a freshly started server', () => {
  it('answers /health with the database up', async () => {
    const res = await api.call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ status: 'ok', database: 'up' }));
  });

  it('seeded the demo: demo-head sees 西29栋 with 兴学社区, 江南街道, 金华经济技术开发区 above it', async () => {
    const head = await api.as('demo-head');
    const me = await head.call('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    const grid = me.body.memberships.find((m: { node: { name: string } }) => m.node.name === '第三平安小区西29栋');
    expect(grid).toBeDefined();
    expect(grid.path.map((n: { name: string }) => n.name)).toEqual(['金华经济技术开发区', '江南街道', '兴学社区', '第三平安小区西29栋']);
  });

  it('answers 404 to demo-villager and 200 to demo-street-admin for the 西29栋 node', async () => {
    const head = await api.as('demo-head');
    const me = await head.call('GET', '/api/v1/me');
    const xi29 = me.body.memberships[0].node.id;
    expect((await (await api.as('demo-villager')).call('GET', `/api/v1/grids/${xi29}`)).status).toBe(404);
    const street = await (await api.as('demo-street-admin')).call('GET', `/api/v1/grids/${xi29}`);
    expect(street.status).toBe(200);
    expect(street.body.node.name).toBe('第三平安小区西29栋');
  });

  it('has every demo account of DESIGN.md', async () => {
    for (const openid of ['demo-admin', 'demo-street-admin', 'demo-head', 'demo-elder', 'demo-family', 'demo-jqs-admin', 'demo-landlord', 'demo-landlord-2', 'demo-tenant', 'demo-village-head', 'demo-villager', 'demo-villager-2']) {
      const me = await (await api.as(openid)).call('GET', '/api/v1/me');
      expect(me.body.memberships.length).toBeGreaterThan(0);
    }
  });

  it('lets the head approve the newcomer waiting at 西29栋', async () => {
    const head = await api.as('demo-head');
    const me = await head.call('GET', '/api/v1/me');
    const xi29 = me.body.memberships[0].node.id;
    const pending = await head.call('GET', `/api/v1/grids/${xi29}/members?status=pending`);
    const newcomer = pending.body.items.find((m: { user: { displayName: string } }) => m.user.displayName === '郑雨萱');
    expect((await head.call('POST', `/api/v1/memberships/${newcomer.id}/approve`)).status).toBe(200);
    const after = await (await api.as('demo-xi29-newcomer')).call('GET', '/api/v1/me');
    expect(after.body.memberships[0].status).toBe('active');
  });

  it('serves the OpenAPI document', async () => {
    const res = await api.call('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toContain('/api/v1/grids/{id}/members');
  });

  it('answers an unknown API path with a coded 404', async () => {
    const res = await api.call('GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('start-up and shutdown', () => {
  it('refuses to start in production with mock WeChat, with a clear message', async () => {
    const { code, output } = await runServerToExit({
      NODE_ENV: 'production', WECHAT_MODE: 'mock', DATABASE_URL: 'postgres://x:y@127.0.0.1:1/none',
      TOKEN_SECRET: 'p'.repeat(40), FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
    });
    expect(code).toBe(78);
    expect(output).toContain('WECHAT_MODE=mock is not allowed in production');
  }, 30_000);

  it('stops cleanly on SIGTERM: exit code 0, port released, no request left hanging', async () => {
    const other = await startServer({ LOG_LEVEL: 'debug' });
    const inflight = fetch(`${other.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'mock:demo-head' }) })
      .then((r) => r.status)
      .catch(() => 'reset');
    const t0 = Date.now();
    const code = await other.stop('SIGTERM');
    if (code !== 0) console.log(other.output());
    expect(code).toBe(0);
    expect(other.output()).toContain('database pool closed');
    // answered (200, or 503 if it arrived while closing) or refused, but never left hanging
    expect([200, 503, 'reset']).toContain(await inflight);
    console.log(`SIGTERM to exit: ${Date.now() - t0} ms`);
    await expect(fetch(`${other.baseUrl}/health`)).rejects.toThrow();
  }, 60_000);
});
