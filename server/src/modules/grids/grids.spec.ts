import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let xi29: string;
let xingxue: string;
let jiangnan: string;
let xishiMicro: string;
let jqsMicro: string;

beforeAll(async () => {
  t = await startTestApp();
  [xi29, xingxue, jiangnan, xishiMicro, jqsMicro] = await Promise.all(
    ['第三平安小区西29栋', '兴学社区', '江南街道', '西十村第一微网格', '金钱寺社区第五微网格'].map((n) => t.nodeId(n)),
  );
});
afterAll(async () => {
  await t.close();
});

describe('GET /grids/:id', () => {
  it('answers a node with its ancestors from the root and subtree counts', async () => {
    const res = await t.request('GET', `/api/v1/grids/${xi29}`, { token: await t.login('demo-street-admin') });
    expect(res.status).toBe(200);
    expect(res.body.node.name).toBe('第三平安小区西29栋');
    expect(res.body.node.kind).toBe('micro_grid');
    expect(res.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['金华经济技术开发区', '江南街道', '兴学社区']);
    expect(res.body.counts).toEqual({ children: 0, microGrids: 1, activeMembers: 9, pendingMembers: 1 });
    expect(res.body.canManage).toBe(true);
  });

  it('answers 404 when a villager asks for 西29栋, and the same 404 for a node that does not exist', async () => {
    const token = await t.login('demo-villager');
    const hidden = await t.request('GET', `/api/v1/grids/${xi29}`, { token });
    const missing = await t.request('GET', '/api/v1/grids/00000000-0000-4000-8000-000000000000', { token });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
  });

  it('lets a resident see their own branch up to the root but not manage it', async () => {
    const token = await t.login('demo-elder');
    const own = await t.request('GET', `/api/v1/grids/${xingxue}`, { token });
    expect(own.status).toBe(200);
    expect(own.body.canManage).toBe(false);
    expect((await t.request('GET', `/api/v1/grids/${jqsMicro}`, { token })).status).toBe(404);
  });

  it('answers 400 with a code for an id that is not a uuid', async () => {
    const res = await t.request('GET', '/api/v1/grids/not-an-id', { token: await t.login('demo-admin') });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /grids/:id/children', () => {
  it('shows staff every child, sorted by name, page by page', async () => {
    const token = await t.login('demo-street-admin');
    const first = await t.request('GET', `/api/v1/grids/${jiangnan}/children?limit=1`, { token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.request('GET', `/api/v1/grids/${jiangnan}/children?limit=1&cursor=${first.body.nextCursor}`, { token });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const names = [first.body.items[0].name, second.body.items[0].name];
    expect(names.sort()).toEqual(['兴学社区', '金钱寺社区'].sort());
  });

  it('shows a member only the children on their own branch', async () => {
    const res = await t.request('GET', `/api/v1/grids/${jiangnan}/children`, { token: await t.login('demo-elder') });
    expect(res.status).toBe(200);
    expect(res.body.items.map((n: { name: string }) => n.name)).toEqual(['兴学社区']);
  });

  it('shows a landlord only their own rental houses under their micro-grid', async () => {
    const res = await t.request('GET', `/api/v1/grids/${jqsMicro}/children`, { token: await t.login('demo-landlord') });
    expect(res.body.items.map((n: { name: string }) => n.name).sort()).toEqual(['金钱寺路12号出租房', '金钱寺路14号出租房', '金钱寺路18号出租房']);
  });

  it('refuses a forged cursor with 400', async () => {
    const res = await t.request('GET', `/api/v1/grids/${jiangnan}/children?cursor=garbage`, { token: await t.login('demo-street-admin') });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('POST /grids/:id/children', () => {
  it('lets a community admin create a micro-grid under the community', async () => {
    const token = await t.login('demo-admin');
    const res = await t.request('POST', `/api/v1/grids/${xingxue}/children`, { token, body: { name: '第三平安小区西30栋', kind: 'micro_grid' } });
    expect(res.status).toBe(201);
    expect(res.body.parentId).toBe(xingxue);
    expect(res.body.depth).toBe(3);
    const detail = await t.request('GET', `/api/v1/grids/${res.body.id}`, { token });
    expect(detail.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['金华经济技术开发区', '江南街道', '兴学社区']);
    const rows: { district_id: string; path: string }[] = await t.db.query('select district_id, path::text as path from grid_node where id = $1', [res.body.id]);
    const root: { id: string }[] = await t.db.query(`select id from grid_node where parent_id is null`);
    expect(rows[0]!.district_id).toBe(root[0]!.id);
  });

  it('refuses a kind that cannot sit at that level', async () => {
    const res = await t.request('POST', `/api/v1/grids/${xi29}/children`, { token: await t.login('demo-admin'), body: { name: '某社区', kind: 'community' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CHILD_KIND');
  });

  it('refuses a duplicate name under the same parent with 409', async () => {
    const res = await t.request('POST', `/api/v1/grids/${xingxue}/children`, { token: await t.login('demo-admin'), body: { name: '第三平安小区西29栋', kind: 'micro_grid' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DUPLICATE_NODE_NAME');
  });

  it('answers 404 to a grid head (not an admin) and to an admin outside their community', async () => {
    const head = await t.request('POST', `/api/v1/grids/${xi29}/children`, { token: await t.login('demo-head'), body: { name: '一单元', kind: 'grid' } });
    expect(head.status).toBe(404);
    const other = await t.request('POST', `/api/v1/grids/${jqsMicro}/children`, { token: await t.login('demo-admin'), body: { name: '新网格', kind: 'grid' } });
    expect(other.status).toBe(404);
  });

  it('answers 400 for rental groups, which come from property registration', async () => {
    const res = await t.request('POST', `/api/v1/grids/${jqsMicro}/children`, { token: await t.login('demo-jqs-admin'), body: { name: '某出租房', kind: 'rental_group' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('members', () => {
  async function pendingMembership(openid: string, nodeId: string, role = 'resident'): Promise<string> {
    const u: { id: string }[] = await t.db.query(`insert into app_user (openid, display_name) values ($1, '测试居民') returning id`, [openid]);
    const m: { id: string }[] = await t.db.query(`insert into membership (user_id, node_id, role, status) values ($1, $2, $3, 'pending') returning id`, [u[0]!.id, nodeId, role]);
    return m[0]!.id;
  }

  it('lists the pending members of the head\'s grid', async () => {
    const res = await t.request('GET', `/api/v1/grids/${xi29}/members?status=pending`, { token: await t.login('demo-head') });
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { user: { displayName: string } }) => m.user.displayName)).toContain('郑雨萱');
    expect(res.body.items.every((m: { status: string }) => m.status === 'pending')).toBe(true);
  });

  it('lists a community\'s whole subtree for its admin, and nothing for a resident', async () => {
    const admin = await t.request('GET', `/api/v1/grids/${xingxue}/members?limit=100`, { token: await t.login('demo-admin') });
    expect(admin.body.items.length).toBeGreaterThanOrEqual(9);
    const resident = await t.request('GET', `/api/v1/grids/${xi29}/members`, { token: await t.login('demo-elder') });
    expect(resident.status).toBe(404);
  });

  it('approves a pending membership once; a second decision answers 409', async () => {
    const id = await pendingMembership('approve-me', xi29);
    const token = await t.login('demo-head');
    const ok = await t.request('POST', `/api/v1/memberships/${id}/approve`, { token });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('active');
    const again = await t.request('POST', `/api/v1/memberships/${id}/approve`, { token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MEMBERSHIP_NOT_PENDING');
    const me = await t.request('GET', '/api/v1/me', { token: await t.login('approve-me') });
    expect(me.body.memberships[0].status).toBe('active');
  });

  it('lets exactly one of two simultaneous decisions win', async () => {
    const id = await pendingMembership('race-me', xi29);
    const [a, b] = await Promise.all([
      t.request('POST', `/api/v1/memberships/${id}/approve`, { token: await t.login('demo-head') }),
      t.request('POST', `/api/v1/memberships/${id}/reject`, { token: await t.login('demo-admin'), body: { reason: '不是本楼住户' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('rejects with a reason, which the applicant can see', async () => {
    const id = await pendingMembership('reject-me', xi29);
    const res = await t.request('POST', `/api/v1/memberships/${id}/reject`, { token: await t.login('demo-head'), body: { reason: '不是本楼住户' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
    expect(res.body.reason).toBe('不是本楼住户');
    const empty = await t.request('POST', `/api/v1/memberships/${id}/reject`, { token: await t.login('demo-head'), body: { reason: '' } });
    expect(empty.status).toBe(400);
  });

  it('answers 404 to a head deciding on another grid\'s member', async () => {
    const id = await pendingMembership('villager-applicant', xishiMicro);
    const res = await t.request('POST', `/api/v1/memberships/${id}/approve`, { token: await t.login('demo-head') });
    expect(res.status).toBe(404);
  });

  it('refuses a head approving an admin membership (a role above their own)', async () => {
    const id = await pendingMembership('would-be-admin', xi29, 'admin');
    const res = await t.request('POST', `/api/v1/memberships/${id}/approve`, { token: await t.login('demo-head') });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ROLE_ABOVE_OWN');
  });

  it('lets a member leave and staff remove; strangers get 404', async () => {
    const leaver = await pendingMembership('leaver', xi29);
    await t.db.query(`update membership set status = 'active' where id = $1`, [leaver]);
    expect((await t.request('DELETE', `/api/v1/memberships/${leaver}`, { token: await t.login('demo-villager') })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/memberships/${leaver}`, { token: await t.login('leaver') })).status).toBe(200);
    const removed = await pendingMembership('removed', xi29);
    expect((await t.request('DELETE', `/api/v1/memberships/${removed}`, { token: await t.login('demo-head') })).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/memberships/${removed}`, { token: await t.login('demo-head') })).status).toBe(404);
  });
});
