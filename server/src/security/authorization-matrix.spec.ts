import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { idNumberCheckChar, PRIVACY_NOTICE_VERSION } from '@linli/shared';
import { registeredRoutes } from '../common/bootstrap.js';
import { FieldCrypto } from '../common/crypto/field-crypto.js';
import { rosterTemplateXlsx } from '../modules/households/roster/roster-template.js';
import { protectPhone } from '../modules/households/protected-fields.js';
import { imageForm, pngImage } from '../test-support/images.js';
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
  matrixGrid: '矩阵测试楼',
  jiangnan: '江南街道',
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
  form?: FormData;
}
interface Ctx {
  t: TestApp;
  node(name: NodeName): Promise<string>;
  membership(node: NodeName, status: 'pending' | 'active', role?: string): Promise<string>;
  /** A fresh invite at the node, made by that node's own staff; `revoked` for a dead one. */
  invite(node: NodeName, options?: { revoked?: boolean; auto?: boolean }): Promise<{ id: string; token: string }>;
  /** A household of the node the role may be shown: their own for members, else the first one. */
  household(role: Fixture, node: NodeName): Promise<string>;
  person(role: Fixture, node: NodeName): Promise<string>;
  rosterFile(): Promise<FormData>;
  /** For care routes: at 西29栋 the elderly woman under care (her son's linked person); elsewhere as person(). */
  carePerson(role: Fixture, node: NodeName): Promise<string>;
  /** A fresh open check request for the elder (in) or a villager (out), written directly. */
  checkRequest(scope: 'in' | 'out'): Promise<string>;
  /** A notification in this user's inbox, or in someone else's. */
  notification(openid: string | null, own: boolean): Promise<string>;
  /** A report at the node by a neighbour of its own (not the fixture). */
  report(node: NodeName): Promise<string>;
  /** An image uploaded by this user (or, for anonymous, by a villager). */
  upload(openid: string | null): Promise<{ id: string; url: string }>;
  // notices
  /** A fresh notice addressed to the node, written directly by the node's own staff. */
  notice(node: NodeName, requireConfirm?: boolean): Promise<string>;
  /** tenancy (issue 7): a fresh tenancy at a house, written directly. */
  tenancy(node: 'house1' | 'house4', status: 'pending' | 'active'): Promise<string>;
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
/** Staff who run each node (to make invites there). */
const OWNER: Partial<Record<NodeName, string>> = {
  xi29: 'demo-head', house1: 'demo-landlord', house4: 'demo-landlord-2', xishiMicro: 'demo-village-head', jqsMicro: 'demo-jqs-admin', matrixGrid: 'demo-admin',
};
/** A node where each role holds a membership (where it may report a problem). */
const MEMBER_AT: Record<Fixture, NodeName> = {
  anonymous: 'xi29', resident_xi29: 'xi29', resident_xishi: 'xishiMicro', head_xi29: 'xi29', community_admin: 'xingxue',
  street_admin: 'jiangnan', landlord: 'house1', tenant: 'house1', family: 'xi29',
};
const PUSH_TOKEN = 'matrix-push-token';
function pushSignature(token: string, timestamp = '1764460800', nonce = 'matrix'): string {
  return `signature=${createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')}&timestamp=${timestamp}&nonce=${nonce}`;
}
const STAFF_HOUSEHOLD: Fixture[] = ['head_xi29', 'community_admin', 'street_admin', 'landlord'];
/** Reading a household or a person: staff, and residents their own home. */
const householdRead = (): Record<Fixture, [number, number]> => ({
  ...staffOnly(200, STAFF_HOUSEHOLD),
  resident_xi29: [200, 404],
  resident_xishi: [200, 404],
  // demo-tenant's tenancy (issue 7) gives them a household at their landlord's house
  tenant: [200, 404],
});

/** tenancy (issue 7): a registration with a fresh valid ID number (GB 11643 check character). */
const tenancyBody = () => {
  const first17 = `330702199${Math.floor(Math.random() * 10)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return { tenant: { name: '矩阵租客', idNumber: first17 + idNumberCheckChar(first17), phone: '13800001111' }, room: '101', moveInDate: '2026-01-01' };
};
const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

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
    route: 'GET /api/v1/grids/:id/settings',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/settings` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/settings` }),
    expect: staffOnly(200, ['community_admin', 'street_admin']),
  },
  {
    route: 'PUT /api/v1/grids/:id/settings',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/settings`, body: { checkRequestEscalateMinutes: null } }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/settings`, body: { checkRequestEscalateMinutes: null } }),
    expect: staffOnly(200, ['community_admin', 'street_admin']),
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
    route: 'POST /api/v1/grids/:id/invites',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/invites`, body: { role: HOME[role] === 'house1' ? 'tenant' : 'resident', expiresInHours: 24, maxUses: 5, requireApproval: true } }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/invites`, body: { role: FOREIGN[role] === 'house4' ? 'tenant' : 'resident', expiresInHours: 24, maxUses: 5, requireApproval: true } }),
    expect: staffOnly(201, STAFF_HOUSEHOLD),
  },
  {
    route: 'GET /api/v1/grids/:id/invites',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/invites` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/invites` }),
    expect: staffOnly(200, STAFF_HOUSEHOLD),
  },
  {
    route: 'DELETE /api/v1/invites/:id',
    inScope: async (c, role) => ({ path: `/api/v1/invites/${(await c.invite(HOME[role])).id}` }),
    outScope: async (c, role) => ({ path: `/api/v1/invites/${(await c.invite(FOREIGN[role])).id}` }),
    expect: staffOnly(200, STAFF_HOUSEHOLD),
  },
  {
    route: 'GET /api/v1/invites/:token',
    inScope: async (c) => ({ path: `/api/v1/invites/${(await c.invite('xi29')).token}` }),
    outScope: async (c) => ({ path: `/api/v1/invites/${(await c.invite('xi29', { revoked: true })).token}` }),
    expect: all(200, 410, [200, 410]),
  },
  {
    route: 'GET /api/v1/invites/:token/qr.png',
    inScope: async (c) => ({ path: `/api/v1/invites/${(await c.invite('xishiMicro')).token}/qr.png` }),
    outScope: async (c) => ({ path: `/api/v1/invites/${(await c.invite('xishiMicro', { revoked: true })).token}/qr.png` }),
    expect: all(200, 410, [200, 410]),
  },
  {
    route: 'GET /api/v1/invites/:token/poster.pdf',
    inScope: async (c) => ({ path: `/api/v1/invites/${(await c.invite('house1')).token}/poster.pdf` }),
    outScope: async (c) => ({ path: `/api/v1/invites/${(await c.invite('house1', { revoked: true })).token}/poster.pdf` }),
    expect: all(200, 410, [200, 410]),
  },
  {
    route: 'POST /api/v1/invites/:token/join',
    inScope: async (c) => ({ path: `/api/v1/invites/${(await c.invite('matrixGrid', { auto: true })).token}/join`, body: { consentVersion: PRIVACY_NOTICE_VERSION, household: { room: unique() }, person: { name: '矩阵' } } }),
    outScope: async (c) => ({ path: `/api/v1/invites/${(await c.invite('matrixGrid', { revoked: true })).token}/join`, body: { consentVersion: PRIVACY_NOTICE_VERSION, household: { room: unique() }, person: { name: '矩阵' } } }),
    expect: all(200, 410),
  },
  {
    route: 'GET /api/v1/grids/:id/households',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/households` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/households` }),
    expect: staffOnly(200, STAFF_HOUSEHOLD),
  },
  {
    route: 'POST /api/v1/grids/:id/households',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/households`, body: { room: unique() } }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/households`, body: { room: unique() } }),
    expect: staffOnly(201, STAFF_HOUSEHOLD),
  },
  {
    route: 'GET /api/v1/grids/:id/households/import-template.xlsx',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/households/import-template.xlsx` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/households/import-template.xlsx` }),
    expect: staffOnly(200, STAFF_HOUSEHOLD),
  },
  {
    route: 'POST /api/v1/grids/:id/households/import',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/households/import`, form: await c.rosterFile() }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/households/import`, form: await c.rosterFile() }),
    expect: staffOnly(200, STAFF_HOUSEHOLD),
  },
  {
    route: 'GET /api/v1/households/:id',
    inScope: async (c, role) => ({ path: `/api/v1/households/${await c.household(role, HOME[role])}` }),
    outScope: async (c, role) => ({ path: `/api/v1/households/${await c.household(role, FOREIGN[role])}` }),
    expect: householdRead(),
  },
  {
    route: 'POST /api/v1/households/:id/persons',
    inScope: async (c, role) => ({ path: `/api/v1/households/${await c.household(role, HOME[role])}/persons`, body: { name: '矩阵新人' } }),
    outScope: async (c, role) => ({ path: `/api/v1/households/${await c.household(role, FOREIGN[role])}/persons`, body: { name: '矩阵新人' } }),
    expect: staffOnly(201, STAFF_HOUSEHOLD),
  },
  {
    route: 'GET /api/v1/persons/:id',
    inScope: async (c, role) => ({ path: `/api/v1/persons/${await c.person(role, HOME[role])}` }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.person(role, FOREIGN[role])}` }),
    expect: householdRead(),
  },
  {
    route: 'PATCH /api/v1/persons/:id',
    inScope: async (c, role) => ({ path: `/api/v1/persons/${await c.person(role, HOME[role])}`, body: { phone: '13700001111' } }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.person(role, FOREIGN[role])}`, body: { phone: '13700001111' } }),
    expect: householdRead(),
  },
  {
    route: 'POST /api/v1/persons/:id/reveal',
    inScope: async (c, role) => ({ path: `/api/v1/persons/${await c.person(role, HOME[role])}/reveal`, body: { field: 'phone', reason: '核实联系方式' } }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.person(role, FOREIGN[role])}/reveal`, body: { field: 'phone', reason: '核实联系方式' } }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin']),
  },
  {
    route: 'GET /api/v1/audit',
    inScope: async (c, role) => ({ path: `/api/v1/audit?gridId=${await c.node(HOME_COMMUNITY[role])}` }),
    outScope: async (c, role) => ({ path: `/api/v1/audit?gridId=${await c.node(FOREIGN_COMMUNITY[role])}` }),
    expect: staffOnly(200, ['community_admin', 'street_admin']),
  },
  {
    route: 'PUT /api/v1/persons/:id/care-plan',
    inScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, HOME[role])}/care-plan`, body: { everyHours: 12, carerUserIds: [] } }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, FOREIGN[role])}/care-plan`, body: { everyHours: 12, carerUserIds: [] } }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin']),
  },
  {
    route: 'GET /api/v1/persons/:id/care-plan',
    inScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, HOME[role])}/care-plan` }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, FOREIGN[role])}/care-plan` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'family']),
  },
  {
    route: 'GET /api/v1/grids/:id/care',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/care` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/care` }),
    expect: all(200, 404),
  },
  {
    route: 'POST /api/v1/visits',
    inScope: async (c, role) => ({ path: '/api/v1/visits', body: { id: randomUUID(), personId: await c.carePerson(role, HOME[role]), occurredAt: new Date().toISOString(), method: 'in_person', outcome: 'well' } }),
    outScope: async (c, role) => ({ path: '/api/v1/visits', body: { id: randomUUID(), personId: await c.carePerson(role, FOREIGN[role]), occurredAt: new Date().toISOString(), method: 'in_person', outcome: 'well' } }),
    expect: staffOnly(201, ['head_xi29', 'community_admin', 'street_admin']),
  },
  {
    route: 'GET /api/v1/persons/:id/visits',
    inScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, HOME[role])}/visits` }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, FOREIGN[role])}/visits` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'family']),
  },
  {
    route: 'POST /api/v1/persons/:id/check-ins',
    inScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, HOME[role])}/check-ins`, body: {} }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, FOREIGN[role])}/check-ins`, body: {} }),
    expect: { ...staffOnly(201, ['resident_xi29', 'resident_xishi', 'family', 'tenant']) },
  },
  {
    route: 'GET /api/v1/grids/:id/visits.xlsx',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/visits.xlsx?from=2026-01-01&to=2026-12-31` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/visits.xlsx?from=2026-01-01&to=2026-12-31` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin']),
  },
  {
    route: 'POST /api/v1/persons/:id/check-requests',
    inScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, HOME[role])}/check-requests`, body: { message: '麻烦看看' } }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.carePerson(role, FOREIGN[role])}/check-requests`, body: { message: '麻烦看看' } }),
    expect: staffOnly(201, ['family']),
  },
  {
    route: 'GET /api/v1/check-requests',
    inScope: async () => ({ path: '/api/v1/check-requests' }),
    outScope: async () => ({ path: '/api/v1/check-requests?status=answered' }),
    expect: all(200, 200),
  },
  {
    route: 'GET /api/v1/check-requests/:id',
    inScope: async (c) => ({ path: `/api/v1/check-requests/${await c.checkRequest('in')}` }),
    outScope: async (c) => ({ path: `/api/v1/check-requests/${await c.checkRequest('out')}` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'family']),
  },
  {
    route: 'POST /api/v1/check-requests/:id/acknowledge',
    inScope: async (c) => ({ path: `/api/v1/check-requests/${await c.checkRequest('in')}/acknowledge` }),
    outScope: async (c) => ({ path: `/api/v1/check-requests/${await c.checkRequest('out')}/acknowledge` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin']),
  },
  {
    route: 'GET /api/v1/notifications',
    inScope: async () => ({ path: '/api/v1/notifications' }),
    outScope: async () => ({ path: '/api/v1/notifications?limit=1' }),
    expect: all(200, 200),
  },
  {
    route: 'GET /api/v1/notifications/templates',
    inScope: async () => ({ path: '/api/v1/notifications/templates' }),
    outScope: async () => ({ path: '/api/v1/notifications/templates' }),
    expect: all(200, 200),
  },
  {
    route: 'POST /api/v1/notifications/subscriptions',
    inScope: async () => ({ path: '/api/v1/notifications/subscriptions', body: { kinds: ['check-request'] } }),
    outScope: async () => ({ path: '/api/v1/notifications/subscriptions', body: { kinds: ['visit', 'emergency'] } }),
    expect: all(200, 200),
  },
  {
    route: 'POST /api/v1/notifications/:id/read',
    inScope: async (c, role) => ({ path: `/api/v1/notifications/${await c.notification(FIXTURES[role], true)}/read` }),
    outScope: async (c, role) => ({ path: `/api/v1/notifications/${await c.notification(FIXTURES[role], false)}/read` }),
    expect: all(200, 404),
  },
  {
    route: 'DELETE /api/v1/memberships/:id',
    inScope: async (c, role) => ({ path: `/api/v1/memberships/${await c.membership(HOME[role], 'active')}` }),
    outScope: async (c, role) => ({ path: `/api/v1/memberships/${await c.membership(FOREIGN[role], 'active')}` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
  {
    route: 'GET /api/v1/persons/:id/family-settings',
    inScope: async (c) => ({ path: `/api/v1/persons/${await c.carePerson('family', 'xi29')}/family-settings` }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.person(role, 'xishiMicro')}/family-settings` }),
    expect: { ...all(404, 404), family: [200, 404] },
  },
  {
    route: 'PUT /api/v1/persons/:id/family-settings',
    inScope: async (c) => ({ path: `/api/v1/persons/${await c.carePerson('family', 'xi29')}/family-settings`, body: { allClear: true } }),
    outScope: async (c, role) => ({ path: `/api/v1/persons/${await c.person(role, 'xishiMicro')}/family-settings`, body: { allClear: true } }),
    expect: { ...all(404, 404), family: [200, 404] },
  },
  // --- uploads and reports (随手拍) ---
  {
    route: 'POST /api/v1/uploads',
    inScope: async () => ({ path: '/api/v1/uploads', form: imageForm(await pngImage(40, 30), 'a.png', 'image/png') }),
    outScope: async () => ({ path: '/api/v1/uploads', form: imageForm(Buffer.from('not an image'), 'b.jpg') }),
    expect: all(201, 400),
  },
  {
    route: 'GET /api/v1/uploads/:id',
    // users: their own upload without a signature; anonymous: a signed URL. Out: someone else's, unsigned.
    inScope: async (c, role) => {
      const up = await c.upload(FIXTURES[role]);
      return { path: FIXTURES[role] ? `/api/v1/uploads/${up.id}` : up.url };
    },
    outScope: async (c) => ({ path: `/api/v1/uploads/${(await c.upload('demo-villager-2')).id}` }),
    expect: all(200, 404, [200, 404]),
  },
  {
    route: 'POST /api/v1/reports',
    inScope: async (c, role) => ({ path: '/api/v1/reports', body: { gridId: await c.node(MEMBER_AT[role]), category: 'other', description: '矩阵测试上报内容' } }),
    outScope: async (c, role) => ({ path: '/api/v1/reports', body: { gridId: await c.node(FOREIGN[role]), category: 'other', description: '矩阵测试上报内容' } }),
    expect: all(201, 404),
  },
  {
    route: 'GET /api/v1/reports',
    inScope: async () => ({ path: '/api/v1/reports?view=mine' }),
    outScope: async (c, role) => ({ path: `/api/v1/reports?view=grid&gridId=${await c.node(FOREIGN[role])}` }),
    expect: all(200, 404),
  },
  {
    route: 'GET /api/v1/reports/:id',
    inScope: async (c, role) => ({ path: `/api/v1/reports/${await c.report(HOME[role])}` }),
    outScope: async (c, role) => ({ path: `/api/v1/reports/${await c.report(FOREIGN[role])}` }),
    expect: all(200, 404),
  },
  {
    route: 'POST /api/v1/reports/:id/actions',
    // a neighbour sees the report but may not act on it (403); staff comment; out of scope is 404
    inScope: async (c, role) => ({ path: `/api/v1/reports/${await c.report(HOME[role])}/actions`, body: { action: 'comment', note: '矩阵留言' } }),
    outScope: async (c, role) => ({ path: `/api/v1/reports/${await c.report(FOREIGN[role])}/actions`, body: { action: 'comment', note: '矩阵留言' } }),
    expect: { ...all(200, 404), resident_xi29: [403, 404], resident_xishi: [403, 404], tenant: [403, 404], family: [403, 404] },
  },
  {
    route: 'GET /api/v1/wechat/push',
    inScope: async () => ({ path: `/api/v1/wechat/push?${pushSignature(PUSH_TOKEN)}&echostr=abc` }),
    outScope: async () => ({ path: `/api/v1/wechat/push?${pushSignature('not-the-token')}&echostr=abc` }),
    expect: all(200, 401, [200, 401]),
  },
  {
    route: 'POST /api/v1/wechat/push',
    inScope: async () => ({ path: `/api/v1/wechat/push?${pushSignature(PUSH_TOKEN)}`, body: { MsgType: 'event', Event: 'wxa_media_check', trace_id: 'none' } }),
    outScope: async () => ({ path: `/api/v1/wechat/push?${pushSignature('not-the-token')}`, body: { MsgType: 'event', Event: 'wxa_media_check', trace_id: 'none' } }),
    expect: all(200, 401, [200, 401]),
  },
  // notices
  {
    route: 'POST /api/v1/grids/:id/notices',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/notices`, body: { title: '矩阵通知', body: '矩阵', category: 'general', requireConfirm: false } }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/notices`, body: { title: '矩阵通知', body: '矩阵', category: 'general', requireConfirm: false } }),
    expect: staffOnly(201, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
  {
    route: 'GET /api/v1/notices',
    inScope: async () => ({ path: '/api/v1/notices' }),
    outScope: async () => ({ path: '/api/v1/notices?limit=1' }),
    expect: all(200, 200),
  },
  {
    route: 'GET /api/v1/notices/:id',
    inScope: async (c, role) => ({ path: `/api/v1/notices/${await c.notice(HOME[role])}` }),
    outScope: async (c, role) => ({ path: `/api/v1/notices/${await c.notice(FOREIGN[role])}` }),
    expect: all(200, 404),
  },
  {
    route: 'POST /api/v1/notices/:id/confirm',
    inScope: async (c, role) => ({ path: `/api/v1/notices/${await c.notice(HOME[role], true)}/confirm` }),
    outScope: async (c, role) => ({ path: `/api/v1/notices/${await c.notice(FOREIGN[role], true)}/confirm` }),
    // staff who see a notice from above are not among its recipients: nothing to confirm
    expect: { ...all(200, 404), head_xi29: [400, 404], community_admin: [400, 404], street_admin: [400, 404], landlord: [400, 404] },
  },
  {
    route: 'GET /api/v1/notices/:id/receipts',
    inScope: async (c, role) => ({ path: `/api/v1/notices/${await c.notice(HOME[role])}/receipts` }),
    outScope: async (c, role) => ({ path: `/api/v1/notices/${await c.notice(FOREIGN[role])}/receipts` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
  {
    route: 'POST /api/v1/notices/:id/remind',
    inScope: async (c, role) => ({ path: `/api/v1/notices/${await c.notice(HOME[role])}/remind` }),
    outScope: async (c, role) => ({ path: `/api/v1/notices/${await c.notice(FOREIGN[role])}/remind` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
  // --- dashboard ---
  {
    route: 'GET /api/v1/grids/:id/stats',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME[role])}/stats` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN[role])}/stats` }),
    expect: staffOnly(200, ['head_xi29', 'community_admin', 'street_admin', 'landlord']),
  },
  // tenancy (issue 7)
  {
    route: 'POST /api/v1/properties',
    inScope: async (c) => ({ path: '/api/v1/properties', body: { gridId: await c.node('jqsMicro'), address: `矩阵路${unique()}号`, rooms: ['101'] } }),
    outScope: async (c) => ({ path: '/api/v1/properties', body: { gridId: await c.node('xi29'), address: `矩阵路${unique()}号`, rooms: ['101'] } }),
    expect: staffOnly(201, ['landlord']),
  },
  {
    route: 'GET /api/v1/properties',
    inScope: async () => ({ path: '/api/v1/properties' }),
    outScope: async () => ({ path: '/api/v1/properties' }),
    expect: all(200, 200),
  },
  {
    route: 'POST /api/v1/properties/:id/tenancies',
    inScope: async (c) => ({ path: `/api/v1/properties/${await c.node('house1')}/tenancies`, body: tenancyBody() }),
    outScope: async (c) => ({ path: `/api/v1/properties/${await c.node('house4')}/tenancies`, body: tenancyBody() }),
    // demo-tenant may register themself in their own house, but is registered already
    expect: { ...staffOnly(201, ['landlord']), tenant: [409, 404] },
  },
  {
    route: 'GET /api/v1/properties/:id/tenancies',
    inScope: async (c) => ({ path: `/api/v1/properties/${await c.node('house1')}/tenancies` }),
    outScope: async (c) => ({ path: `/api/v1/properties/${await c.node('house4')}/tenancies` }),
    expect: staffOnly(200, ['landlord']),
  },
  {
    route: 'POST /api/v1/tenancies/:id/confirm',
    inScope: async (c) => ({ path: `/api/v1/tenancies/${await c.tenancy('house1', 'pending')}/confirm` }),
    outScope: async (c) => ({ path: `/api/v1/tenancies/${await c.tenancy('house4', 'pending')}/confirm` }),
    expect: staffOnly(200, ['landlord']),
  },
  {
    route: 'POST /api/v1/tenancies/:id/move-out',
    inScope: async (c) => ({ path: `/api/v1/tenancies/${await c.tenancy('house1', 'active')}/move-out`, body: { date: beijingToday() } }),
    outScope: async (c) => ({ path: `/api/v1/tenancies/${await c.tenancy('house4', 'active')}/move-out`, body: { date: beijingToday() } }),
    expect: staffOnly(200, ['landlord']),
  },
  {
    route: 'POST /api/v1/tenancies/:id/verify',
    inScope: async (c) => ({ path: `/api/v1/tenancies/${await c.tenancy('house1', 'active')}/verify` }),
    outScope: async (c) => ({ path: `/api/v1/tenancies/${await c.tenancy('house4', 'active')}/verify` }),
    expect: staffOnly(200, ['landlord']),
  },
  {
    route: 'GET /api/v1/grids/:id/tenancies',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME_COMMUNITY[role])}/tenancies` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN_COMMUNITY[role])}/tenancies` }),
    expect: staffOnly(200, ['community_admin', 'street_admin']),
  },
  {
    route: 'GET /api/v1/grids/:id/tenancies.xlsx',
    inScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(HOME_COMMUNITY[role])}/tenancies.xlsx` }),
    outScope: async (c, role) => ({ path: `/api/v1/grids/${await c.node(FOREIGN_COMMUNITY[role])}/tenancies.xlsx` }),
    expect: staffOnly(200, ['community_admin', 'street_admin']),
  },
];

let t: TestApp;
let ctx: Ctx;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_INVITE_PER_MINUTE: '1000', RATE_JOIN_PER_MINUTE: '1000', WECHAT_PUSH_TOKEN: PUSH_TOKEN } });
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
    async invite(node, options = {}) {
      const owner = await t.login(OWNER[node]!);
      const res = await t.request('POST', `/api/v1/grids/${await ctx.node(node)}/invites`, {
        token: owner,
        body: { role: node.startsWith('house') ? 'tenant' : 'resident', expiresInHours: 24, maxUses: 100, requireApproval: !options.auto },
      });
      if (res.status !== 201) throw new Error(`invite at ${node}: ${res.status} ${JSON.stringify(res.body)}`);
      if (options.revoked) await t.request('DELETE', `/api/v1/invites/${res.body.id}`, { token: owner });
      return res.body;
    },
    async household(role, node) {
      const openid = FIXTURES[role];
      const own: { household_id: string }[] = openid
        ? await t.db.query(`select m.household_id from membership m join app_user u on u.id = m.user_id where u.openid = $1 and m.node_id = $2 and m.household_id is not null`, [openid, await ctx.node(node)])
        : [];
      if (own[0]) return own[0].household_id;
      const any: { id: string }[] = await t.db.query(`select h.id from household h where h.node_id = $1 order by h.sort_key limit 1`, [await ctx.node(node)]);
      if (any[0]) return any[0].id;
      const made: { id: string }[] = await t.db.query(`insert into household (node_id, room, room_key) values ($1, '1', '1') returning id`, [await ctx.node(node)]);
      return made[0]!.id;
    },
    async person(role, node) {
      const openid = FIXTURES[role];
      const own: { person_id: string }[] = openid
        ? await t.db.query(`select m.person_id from membership m join app_user u on u.id = m.user_id where u.openid = $1 and m.node_id = $2 and m.person_id is not null`, [openid, await ctx.node(node)])
        : [];
      if (own[0]) return own[0].person_id;
      const householdId = await ctx.household(role, node);
      const any: { id: string }[] = await t.db.query(`select id from person where household_id = $1 and phone_enc is not null limit 1`, [householdId]);
      if (any[0]) return any[0].id;
      const phone = protectPhone('13600002222', t.app.get(FieldCrypto));
      const made: { id: string }[] = await t.db.query(
        `insert into person (household_id, name, phone_enc, phone_bidx, phone_masked) values ($1, '矩阵住户', $2, $3, $4) returning id`,
        [householdId, phone.enc, phone.bidx, phone.masked],
      );
      return made[0]!.id;
    },
    async carePerson(role, node) {
      if (node === 'xi29' && role !== 'resident_xi29') {
        const rows: { id: string }[] = await t.db.query(`select id from person where name = '张桂英'`);
        return rows[0]!.id;
      }
      return ctx.person(role, node);
    },
    async checkRequest(scope) {
      const person: { id: string }[] = await t.db.query(
        scope === 'in' ? `select id from person where name = '张桂英'` : `select p.id from person p join grid_node n on n.id = p.node_id where n.name = $1 limit 1`,
        scope === 'in' ? [] : [NODES.xishiMicro],
      );
      const rows: { id: string }[] = await t.db.query(
        `insert into check_request (person_id, requester_id, message, status, current_node_id, created_at)
         select p.id, (select id from app_user where openid = $2), '矩阵', 'open', p.node_id, now() from person p where p.id = $1 returning id`,
        [person[0]!.id, scope === 'in' ? 'demo-family' : 'demo-villager-2'],
      );
      return rows[0]!.id;
    },
    async notification(openid, own) {
      // no fixture is demo-village-head, so their inbox is always someone else's
      const owner = own ? (openid ?? 'demo-village-head') : 'demo-village-head';
      const rows: { id: string }[] = await t.db.query(
        `insert into notification (id, user_id, kind, title, body, created_at) select gen_random_uuid(), id, 'test', '矩阵', '矩阵', now() from app_user where openid = $1 returning id`,
        [owner],
      );
      return rows[0]!.id;
    },
    async report(node) {
      const nodeId = await ctx.node(node);
      const u: { id: string }[] = await t.db.query(`insert into app_user (openid, display_name) values ($1, '矩阵邻居') returning id`, [`matrix-${unique()}`]);
      await t.db.query(`insert into membership (user_id, node_id, role, status) values ($1, $2, 'resident', 'active')`, [u[0]!.id, nodeId]);
      const rows: { id: string }[] = await t.db.query(
        `insert into report (node_id, handler_node_id, reporter_id, category, description, status, created_at, updated_at)
         values ($1, $1, $2, 'other', '矩阵测试上报', 'submitted', now(), now()) returning id`,
        [nodeId, u[0]!.id],
      );
      return rows[0]!.id;
    },
    async upload(openid) {
      const res = await t.request('POST', '/api/v1/uploads', { token: await t.login(openid ?? 'demo-villager-2'), form: imageForm(await pngImage(40, 30), 'a.png', 'image/png') });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    // notices
    async notice(node, requireConfirm = false) {
      const rows: { id: string }[] = await t.db.query(
        `insert into notice (node_id, author_id, title, body, category, require_confirm, created_at)
         select $1, id, '矩阵通知', '矩阵', 'general', $3, now() from app_user where openid = $2 returning id`,
        [await ctx.node(node), OWNER[node], requireConfirm],
      );
      return rows[0]!.id;
    },
    async tenancy(node, status) {
      const nodeId = await ctx.node(node);
      const rows: { id: string }[] = await t.db.query(
        `with h as (select id from household where node_id = $1 order by sort_key limit 1),
              p as (insert into person (household_id, name, relation) select id, '矩阵租客', '租客' from h returning id, household_id)
         insert into tenancy (node_id, property_id, household_id, person_id, room, status, move_in_date, verified_at, created_by)
         select $1, $1, p.household_id, p.id, '101', $2, current_date - 10, now(), pr.owner_id from p, property pr where pr.id = $1 returning id`,
        [nodeId, status],
      );
      return rows[0]!.id;
    },
    async rosterFile() {
      const form = new FormData();
      const file = await rosterTemplateXlsx('矩阵');
      form.append('file', new Blob([new Uint8Array(file)]), 'roster.xlsx');
      return form;
    },
  };
  // a micro-grid of its own where everyone may join, so joins do not collide with real memberships
  await t.request('POST', `/api/v1/grids/${await ctx.node('xingxue')}/children`, { token: await t.login('demo-admin'), body: { name: NODES.matrixGrid, kind: 'micro_grid' } });
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
    const res = await t.request(method, target.path, { token: openid ? await t.login(openid) : undefined, body: target.body, form: target.form });
    const expected = c.row.expect[role][scope === 'in' ? 0 : 1];
    expect({ status: res.status, code: res.body?.error?.code }).toEqual(expect.objectContaining({ status: expected }));
    if (expected >= 400) expect(typeof res.body?.error?.code).toBe('string');
  });
});
