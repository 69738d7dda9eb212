import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let xi29: string;
let xingxue: string;
let head: string;

beforeAll(async () => {
  t = await startTestApp();
  xi29 = await t.nodeId('第三平安小区西29栋');
  xingxue = await t.nodeId('兴学社区');
  head = await t.login('demo-head');
});
afterAll(async () => {
  await t.close();
});

async function elder(): Promise<{ id: string; household_id: string }> {
  const rows: { id: string; household_id: string }[] = await t.db.query(`select id, household_id from person where name = '张桂英'`);
  return rows[0]!;
}

describe('the household register', () => {
  it('lists the 24 households of 西29栋 in door order, page by page, 独居老人 marked', async () => {
    const first = await t.request('GET', `/api/v1/grids/${xi29}/households?limit=20`, { token: head });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(20);
    const second = await t.request('GET', `/api/v1/grids/${xi29}/households?limit=20&cursor=${first.body.nextCursor}`, { token: head });
    expect(second.body.items).toHaveLength(4);
    expect(second.body.nextCursor).toBeNull();
    const addresses = [...first.body.items, ...second.body.items].map((h: { address: string }) => h.address);
    expect(addresses[0]).toBe('西29栋1单元101室');
    expect(addresses.indexOf('西29栋1单元201室')).toBeGreaterThan(addresses.indexOf('西29栋1单元102室'));
    const lonely = await t.request('GET', `/api/v1/grids/${xi29}/households?tag=独居老人`, { token: head });
    expect(lonely.body.items.map((h: { address: string }) => h.address)).toEqual(['西29栋2单元301室']);
    expect(lonely.body.items[0].tags).toEqual(['独居老人']); // 残疾 is sensitive: not in lists
  });

  it('lets the community admin list its whole subtree, and searches by address', async () => {
    const res = await t.request('GET', `/api/v1/grids/${xingxue}/households?q=2-301`, { token: await t.login('demo-admin') });
    expect(res.body.items.map((h: { address: string }) => h.address)).toEqual(['西29栋2单元301室']);
  });

  it('shows a household with masked phone and ID numbers, sensitive tags to staff', async () => {
    const e = await elder();
    const res = await t.request('GET', `/api/v1/households/${e.household_id}`, { token: head });
    expect(res.status).toBe(200);
    const p = res.body.persons[0];
    expect(p.name).toBe('张桂英');
    expect(p.phone).toBe('139****1234');
    expect(p.idNumber).toMatch(/^330702\*{8}\d{3}[\dX]$/);
    expect(p.tags.sort()).toEqual(['残疾', '独居老人'].sort());
    expect(p.age).toBeGreaterThanOrEqual(81);
    expect(res.body.canEdit).toBe(true);
    expect(res.body.path.map((n: { name: string }) => n.name)).toContain('第三平安小区西29栋');
  });

  it('lets a resident read their own household, not a neighbour\'s', async () => {
    const e = await elder();
    const own = await t.request('GET', `/api/v1/households/${e.household_id}`, { token: await t.login('demo-elder') });
    expect(own.status).toBe(200);
    expect(own.body.canEdit).toBe(false);
    expect((await t.request('GET', `/api/v1/households/${e.household_id}`, { token: await t.login('demo-xi29-resident-1') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/grids/${xi29}/households`, { token: await t.login('demo-elder') })).status).toBe(404);
  });

  it('registers a household once; the same door again is a 409', async () => {
    const res = await t.request('POST', `/api/v1/grids/${xi29}/households`, { token: head, body: { building: '西29', unit: '3', room: '101', occupancy: 'rented' } });
    expect(res.status).toBe(201);
    expect(res.body.address).toBe('西29栋3单元101室');
    const again = await t.request('POST', `/api/v1/grids/${xi29}/households`, { token: head, body: { building: '西29栋', unit: '三单元', room: '101室' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('HOUSEHOLD_EXISTS');
    const atCommunity = await t.request('POST', `/api/v1/grids/${xingxue}/households`, { token: await t.login('demo-admin'), body: { room: '1' } });
    expect(atCommunity.status).toBe(400);
  });

  it('adds a person, taking gender and birth date from the ID number, storing none of it in the clear', async () => {
    const hh = await t.request('POST', `/api/v1/grids/${xi29}/households`, { token: head, body: { building: '西29', unit: '3', room: '102' } });
    const res = await t.request('POST', `/api/v1/households/${hh.body.id}/persons`, {
      token: head,
      body: { name: '钱多多', gender: 'female', birthDate: '2000-01-01', phone: '138 1234 5678', idNumber: '33070219580715129x', tags: ['党员', '残疾'] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ gender: 'male', birthDate: '1958-07-15', phone: '138****5678', idNumber: '330702********129X' }));
    const raw: Record<string, unknown>[] = await t.db.query(`select * from person where id = $1`, [res.body.id]);
    const text = JSON.stringify(raw);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('33070219580715129');
    expect(text).not.toContain('残疾');
  });

  it('refuses a mistyped ID number and phone with the reason in Chinese', async () => {
    const e = await elder();
    const bad = await t.request('POST', `/api/v1/households/${e.household_id}/persons`, { token: head, body: { name: '错号', idNumber: '330702195807151031', phone: '1381234567' } });
    expect(bad.status).toBe(400);
    const byPath = Object.fromEntries(bad.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(byPath.idNumber).toContain('校验位');
    expect(byPath.phone).toContain('11 位手机号');
  });

  it('lets staff edit a person; a resident only their own name and phone', async () => {
    const e = await elder();
    const resident = await t.login('demo-elder');
    const ok = await t.request('PATCH', `/api/v1/persons/${e.id}`, { token: resident, body: { phone: '13957905678' } });
    expect(ok.status).toBe(200);
    expect(ok.body.phone).toBe('139****5678');
    const tags = await t.request('PATCH', `/api/v1/persons/${e.id}`, { token: resident, body: { tags: [] } });
    expect(tags.status).toBe(403);
    const byHead = await t.request('PATCH', `/api/v1/persons/${e.id}`, { token: head, body: { relation: '户主', tags: ['独居老人', '残疾', '重点关注'] } });
    expect(byHead.status).toBe(200);
    expect(byHead.body.tags).toContain('重点关注');
    const empty = await t.request('PATCH', `/api/v1/persons/${e.id}`, { token: head, body: {} });
    expect(empty.status).toBe(400);
    const neighbour = await t.request('PATCH', `/api/v1/persons/${e.id}`, { token: await t.login('demo-xi29-resident-1'), body: { phone: '13900000000' } });
    expect(neighbour.status).toBe(404);
  });
});

describe('revealing protected data', () => {
  it('gives staff the full number with a reason, and writes an audit row the admin can read', async () => {
    const e = await elder();
    const res = await t.request('POST', `/api/v1/persons/${e.id}/reveal`, { token: head, body: { field: 'idNumber', reason: '办理高龄补贴' } });
    expect(res.status).toBe(200);
    expect(res.body.value).toMatch(/^33070219450302\d{3}[\dX]$/);
    const audit = await t.request('GET', `/api/v1/audit?gridId=${xingxue}`, { token: await t.login('demo-admin') });
    expect(audit.status).toBe(200);
    expect(audit.body.items[0]).toEqual(expect.objectContaining({ action: 'person.reveal', field: 'idNumber', reason: '办理高龄补贴', subjectName: '张*英' }));
    expect(audit.body.items[0].actor.displayName).toBe('李卫东');
  });

  it('refuses a reveal without a reason, and answers 404 to a resident, even for their own record', async () => {
    const e = await elder();
    expect((await t.request('POST', `/api/v1/persons/${e.id}/reveal`, { token: head, body: { field: 'phone', reason: '' } })).status).toBe(400);
    expect((await t.request('POST', `/api/v1/persons/${e.id}/reveal`, { token: await t.login('demo-elder'), body: { field: 'phone', reason: '看看' } })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/audit?gridId=${xi29}`, { token: head })).status).toBe(404);
  });
});

describe('protected data at rest', () => {
  it('holds no phone or ID number in plaintext in any column of any table', async () => {
    const columns: { table_name: string; column_name: string }[] = await t.db.query(
      `select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'ARRAY', 'jsonb', 'json')`,
    );
    expect(columns.length).toBeGreaterThan(10);
    const seeded: { n: number }[] = await t.db.query(`select count(*)::int as n from person where phone_enc is not null`);
    expect(seeded[0]!.n).toBeGreaterThan(40);
    const leaks: string[] = [];
    for (const c of columns) {
      const rows: { v: string }[] = await t.db.query(
        `select "${c.column_name}"::text as v from "${c.table_name}" where "${c.column_name}"::text ~ '(^|[^0-9])(1[3-9][0-9]{9}|[0-9]{17}[0-9X])([^0-9]|$)' limit 1`,
      );
      if (rows[0]) leaks.push(`${c.table_name}.${c.column_name}: ${rows[0].v}`);
    }
    expect(leaks).toEqual([]);
  });
});
