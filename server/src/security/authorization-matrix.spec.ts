import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registeredRoutes } from '../common/bootstrap.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * The authorisation matrix: every route × every role fixture × an object in the role's scope and
 * one outside it, with the status each must answer, over real HTTP against the real app. A route
 * the app registers without a row here fails the first test. Every later capability adds its rows.
 */

const FIXTURES = {
  anonymous: null,
  resident_xi29: 'demo-xi29-resident-1',
  resident_xishi: 'demo-villager',
  head_xi29: 'demo-head',
  community_admin: 'demo-admin',
  street_admin: 'demo-street-admin',
  landlord: 'demo-landlord',
  tenant: 'demo-tenant',
  family: 'demo-family',
} as const;
type Fixture = keyof typeof FIXTURES;
const ROLES = Object.keys(FIXTURES) as Fixture[];

const NODES = {
  xi29: '第三平安小区西29栋',
  xingxue: '兴学社区',
  jinqiansi: '金钱寺社区',
  jqsMicro: '金钱寺社区第五微网格',
  house1: '金钱寺路12号出租房',
  house4: '金钱寺后街3号出租房',
  xishi: '西十村',
  xishiMicro: '西十村第一微网格',
} as const;
type NodeName = keyof typeof NODES;

/** Where each role lives, and a place that is none of its business. */
const HOME: Record<Fixture, NodeName> = {
  anonymous: 'xi29', resident_xi29: 'xi29', resident_xishi: 'xishiMicro', head_xi29: 'xi29', community_admin: 'xi29',
  street_admin: 'xi29', landlord: 'house1', tenant: 'house1', family: 'xi29',
};
const FOREIGN: Record<Fixture, NodeName> = {
  anonymous: 'xishiMicro', resident_xi29: 'xishiMicro', resident_xishi: 'xi29', head_xi29: 'xishiMicro', community_admin: 'jqsMicro',
  street_admin: 'xishiMicro', landlord: 'house4', tenant: 'house4', family: 'xishiMicro',
};
/** The community (or village) above each role's home, where a child micro-grid may be created. */
const HOME_COMMUNITY: Record<Fixture, NodeName> = {
  anonymous: 'xingxue', resident_xi29: 'xingxue', resident_xishi: 'xishi', head_xi29: 'xingxue', community_admin: 'xingxue',
  street_admin: 'xingxue', landlord: 'jinqiansi', tenant: 'jinqiansi', family: 'xingxue',
};
const FOREIGN_COMMUNITY: Record<Fixture, NodeName> = {
  anonymous: 'xishi', resident_xi29: 'xishi', resident_xishi: 'xingxue', head_xi29: 'jinqiansi', community_admin: 'jinqiansi',
  street_admin: 'xishi', landlord: 'xingxue', tenant: 'xingxue', family: 'jinqiansi',
};

interface Target {
  path: string;
  body?: unknown;
}
interface Ctx {
  t: TestApp;
  node(name: NodeName): Promise<string>;
  membership(node: NodeName, status: 'pending' | 'active', role?: string): Promise<string>;
}
interface Row {
  route: string;
  inScope: (ctx: Ctx, role: Fixture) => Promise<Target>;
  outScope: (ctx: Ctx, role: Fixture) => Promise<Target>;
  /** [in-scope status, out-of-scope status] per role. */
  expect: Record<Fixture, [number, number]>;
}

const all = (inStatus: number, outStatus: number, anonymous: [number, number] = [401, 401]): Record<Fixture, [number, number]> =>
  Object.fromEntries(ROLES.map((r) => [r, r === 'anonymous' ? anonymous : [inStatus, outStatus]])) as Record<Fixture, [number, number]>;
const staffOnly = (ok: number, staff: Fixture[]): Record<Fixture, [number, number]> =>
  Object.fromEntries(ROLES.map((r) => [r, r === 'anonymous' ? [401, 401] : [staff.includes(r) ? ok : 404, 404]])) as Record<Fixture, [number, number]>;
const unique = () => randomBytes(4).toString('hex');

const MATRIX: Row[] = [
  {
    route: 'GET /health',
    inScope: async () => ({ path: '/health' }),
    outScope: async () => ({ path: '/health' }),
    expect: all(200, 200, [200, 200]),
  },
  {
    route: 'POST /api/v1/auth/login',
    inScope: async (_c, role) => ({ path: '/api/v1/auth/login', body: { code: `mock:${FIXTURES[role] ?? 'first-visit'}` } }),
    outScope: async () => ({ path: '/api/v1/auth/login', body: { code: 'not-a-mock-code' } }),
    expect: all(200, 401, [200, 401]),
  },
  {
    route: 'GET /api/v1/me',
    inScope: async () => ({ path: '/api/v1/me' }),
    outScope: async () => ({ path: '/api/v1/me' }),
    expect: all(200, 200),
  },
  {
    route: 'GET /api/v1/grids/:id',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}` }),
    expect: all(200, 404),
  },
  {
    route: 'GET /api/v1/grids/:id/children',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/children` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/children` }),
    expect: all(200, 404),
  },
  {
    route: 'POST /api/v1/grids/:id/children',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME_COMMUNITY[role])}/children`, body: { name: `新楼${unique()}`, kind: 'micro_grid' } }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN_COMMUNITY[role])}/children`, body: { name: `新楼${unique()}`, kind: 'micro_grid' } }),
    expect: staffOnly(201, ['community_admin', 'street_admin']),
  },
  {
    route: 'GET /api/v1/grids/:id/members',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/members` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/members` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
  {
    route: 'POST /api/v1/memberships/:id/approve',
    inScope: async (c, role) => ({ path: `/api/v1/memberships/${await c.membership(HOME[role], 'pending')}/approve` }),
    outScope: async (c, role) => ({ path: `/api/v1/memberships/${await c.membership(FOREIGN[role], 'pending')}/approve` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
  {
    route: 'POST /api/v1/memberships/:id/reject',
    inScope: async (c, role) => ({ path: `/api/v1/memberships/${await c.membership(HOME[role], 'pending')}/reject`, body: { reason: '信息不符' } }),
    outScope: async (c, role) => ({ path: `/api/v1/memberships/${await c.membership(FOREIGN[role], 'pending')}/reject`, body: { reason: '信息不符' } }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
  {
    route: 'DELETE /api/v1/memberships/:id',
    inScope: async (c, role) => ({ path: `/api/v1/memberships/${await c.membership(HOME[role], 'active')}` }),
    outScope: async (c, role) => ({ path: `/api/v1/memberships/${await c.membership(FOREIGN[role], 'active')}` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
];

let t: TestApp;
let ctx: Ctx;
beforeAll(async () => {
  t = await startTestApp();
  const ids = new Map<NodeName, string>();
  ctx = {
    t,
    async node(name) {
      if (!ids.has(name)) ids.set(name, await t.nodeId(NODES[name]));
      return ids.get(name)!;
    },
    async membership(node, status, role) {
      const nodeId = await ctx.node(node);
      const kind: { kind: string }[] = await t.db.query('select kind from grid_node where id = $1', [nodeId]);
      const u: { id: string }[] = await t.db.query(`insert into app_user (openid, display_name) values ($1, '矩阵测试') returning id`, [`matrix-${unique()}`]);
      const m: { id: string }[] = await t.db.query(`insert into membership (user_id, node_id, role, status) values ($1, $2, $3, $4) returning id`, [
        u[0]!.id, nodeId, role ?? (kind[0]!.kind === 'rental_group' ? 'tenant' : 'resident'), status,
      ]);
      return m[0]!.id;
    },
  };
});
afterAll(async () => {
  await t.close();
});

describe('authorisation matrix', () => {
  it('has a row for every route the application registers', () => {
    const registered = registeredRoutes(t.app)
      .filter((r) => r.url.startsWith('/api/v1/') || r.url === '/health')
      .map((r) => `${r.method} ${r.url}`);
    const covered = new Set(MATRIX.map((r) => r.route));
    expect(registered.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !registered.includes(r))).toEqual([]);
  });

  const cells = MATRIX.flatMap((row) => ROLES.flatMap((role) => (['in', 'out'] as const).map((scope) => ({ row, role, scope }))));
  it.each(cells.map((c) => [c.row.route, c.role, c.scope, c] as const))('%s as %s, %s of scope', async (_route, role, scope, c) => {
    const target = await (scope === 'in' ? c.row.inScope : c.row.outScope)(ctx, role);
    const openid = FIXTURES[role];
    const method = c.row.route.split(' ')[0]!;
    const res = await t.request(method, target.path, { token: openid ? await t.login(openid) : undefined, body: target.body });
    const expected = c.row.expect[role][scope === 'in' ? 0 : 1];
    expect({ status: res.status, code: res.body?.error?.code }).toEqual(expect.objectContaining({ status: expected }));
    if (expected >= 400) expect(typeof res.body.error.code).toBe('string');
  });
});
