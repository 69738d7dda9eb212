import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { idNumberCheckChar, PRIVACY_NOTICE_VERSION } from '@linli/shared';
import { ManualClock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

const DAY = 86_400_000;
const VALID_ID = '11010519491231002X';
const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);

let t: TestApp;
let clock: ManualClock;
let landlord: string;
let landlord2: string;
let jqsAdmin: string;
let house1: string;
let house4: string;
let jinqiansi: string;

const tenantBody = (over: Record<string, unknown> = {}, tenant: Record<string, unknown> = {}) => ({
  tenant: { name: '韩梅梅', idNumber: VALID_ID, phone: '13812345678', employer: '开发区电子厂', ...tenant },
  room: '102',
  moveInDate: '2026-11-01',
  expectedMoveOutDate: '2027-10-31',
  ...over,
});

/** Downloads an export and reads it back with exceljs: every row as text. */
async function download(app: TestApp, path: string, token: string): Promise<{ status: number; type: string | null; rows: string[][] }> {
  const res = await fetch(app.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return { status: res.status, type: res.headers.get('content-type'), rows: [] };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return { status: res.status, type: res.headers.get('content-type'), rows };
}

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-11-30T10:00:00+08:00'));
  t = await startTestApp({ clock, env: { QUEUE_POLL_MS: '0', TENANCY_RETENTION_DAYS: '30' } });
  landlord = await t.login('demo-landlord');
  landlord2 = await t.login('demo-landlord-2');
  jqsAdmin = await t.login('demo-jqs-admin');
  house1 = await t.nodeId('金钱寺路12号出租房');
  house4 = await t.nodeId('金钱寺后街3号出租房');
  jinqiansi = await t.nodeId('金钱寺社区');
});
afterAll(async () => {
  await t.close();
});

describe('the seed', () => {
  it('gives demo-landlord three houses with 40+ tenancies and demo-tenant a confirmed tenancy in room 101', async () => {
    const res = await t.request('GET', '/api/v1/properties', { token: landlord });
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { address: string }) => p.address)).toEqual(['金钱寺路12号', '金钱寺路14号', '金钱寺路18号']);
    const count: { n: number }[] = await t.db.query(`select count(*)::int as n from tenancy t join property p on p.id = t.property_id join app_user u on u.id = p.owner_id where u.openid = 'demo-landlord'`);
    expect(count[0]!.n).toBeGreaterThanOrEqual(40);
    const tenant: { room: string; status: string; linked: boolean }[] = await t.db.query(
      `select t.room, t.status, (m.person_id = t.person_id and m.household_id = t.household_id) as linked
         from tenancy t join app_user u on u.id = t.user_id join membership m on m.user_id = u.id and m.node_id = t.node_id and m.role = 'tenant'
        where u.openid = 'demo-tenant'`,
    );
    expect(tenant).toEqual([{ room: '101', status: 'active', linked: true }]);
    const plain: unknown[] = await t.db.query(`select 1 from person p join tenancy t on t.person_id = p.id where p.id_number_enc not like 'v1.%' or p.phone_enc not like 'v1.%'`);
    expect(plain).toEqual([]);
  });
});

describe('properties', () => {
  it('makes a house a rental_group under the micro-grid with its landlord as staff', async () => {
    const micro = await t.nodeId('金钱寺社区第五微网格');
    const res = await t.request('POST', '/api/v1/properties', { token: landlord, body: { gridId: micro, address: '金钱寺路20号', rooms: ['101', '102', '201'] } });
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(res.body.rentalGroupId);
    const node: { kind: string; parent_id: string }[] = await t.db.query(`select kind, parent_id from grid_node where id = $1`, [res.body.rentalGroupId]);
    expect(node).toEqual([{ kind: 'rental_group', parent_id: micro }]);
    const mine = await t.request('GET', '/api/v1/properties', { token: landlord });
    expect(mine.body.items.find((p: { id: string }) => p.id === res.body.id)).toEqual(expect.objectContaining({ address: '金钱寺路20号', rooms: ['101', '102', '201'], activeCount: 0 }));
    // the landlord can now invite tenants there
    const invite = await t.request('POST', `/api/v1/grids/${res.body.id}/invites`, { token: landlord, body: { role: 'tenant', expiresInHours: 24, maxUses: 5, requireApproval: true } });
    expect(invite.status).toBe(201);
    const again = await t.request('POST', '/api/v1/properties', { token: landlord, body: { gridId: micro, address: '金钱寺路20号', rooms: ['101'] } });
    expect(again.status).toBe(409);
  });

  it('answers 404 to anyone who is not a landlord of that micro-grid', async () => {
    const micro = await t.nodeId('金钱寺社区第五微网格');
    const res = await t.request('POST', '/api/v1/properties', { token: jqsAdmin, body: { gridId: micro, address: '金钱寺路22号', rooms: ['101'] } });
    expect(res.status).toBe(404);
    const other = await t.request('POST', '/api/v1/properties', { token: landlord, body: { gridId: await t.nodeId('第三平安小区西29栋'), address: '西29栋出租', rooms: ['101'] } });
    expect(other.status).toBe(404);
  });
});

describe('registration', () => {
  it('refuses each ID number problem with its own code naming the field', async () => {
    const cases: [string, string][] = [
      ['110105194912310021', 'ID_NUMBER_CHECKSUM'],
      [withCheck('11010519490230002'), 'ID_NUMBER_BIRTH_DATE'],
      ['11010519491231002', 'ID_NUMBER_LENGTH'],
      [withCheck('11990519491231002'), 'ID_NUMBER_REGION'],
      ['1101051949123100AX', 'ID_NUMBER_FORMAT'],
    ];
    for (const [idNumber, code] of cases) {
      const res = await t.request('POST', `/api/v1/properties/${house1}/tenancies`, { token: landlord, body: tenantBody({}, { idNumber }) });
      expect({ idNumber, status: res.status, code: res.body.error.code }).toEqual({ idNumber, status: 400, code });
      expect(res.body.error.details[0]).toEqual(expect.objectContaining({ path: 'tenant.idNumber', field: 'tenant.idNumber' }));
      expect(res.body.error.message).toMatch(/身份证号/);
    }
    const phone = await t.request('POST', `/api/v1/properties/${house1}/tenancies`, { token: landlord, body: tenantBody({}, { phone: '1231234' }) });
    expect(phone.status).toBe(400);
    expect(phone.body.error).toEqual(expect.objectContaining({ code: 'PHONE_INVALID', details: [expect.objectContaining({ field: 'tenant.phone' })] }));
    const room = await t.request('POST', `/api/v1/properties/${house1}/tenancies`, { token: landlord, body: tenantBody({ room: '999' }) });
    expect(room.body.error.code).toBe('ROOM_UNKNOWN');
    const dates = await t.request('POST', `/api/v1/properties/${house1}/tenancies`, { token: landlord, body: tenantBody({ expectedMoveOutDate: '2026-10-01' }) });
    expect(dates.status).toBe(400);
    expect(dates.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('registers a tenant with gender, birth date and home region from the ID number, stored protected and shown masked', async () => {
    const res = await t.request('POST', `/api/v1/properties/${house1}/tenancies`, { token: landlord, body: tenantBody({ coResidents: [{ name: '李雷', relation: '配偶' }] }) });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({
      status: 'active', room: '102', selfRegistered: false, flags: [], coResidents: [{ name: '李雷', relation: '配偶' }],
      tenant: { name: '韩梅梅', idNumber: '110105********002X', phone: '138****5678', gender: 'female', birthDate: '1949-12-31', homeRegion: '北京市朝阳区', employer: '开发区电子厂' },
    }));
    const person: Record<string, string>[] = await t.db.query(`select p.*, h.room, h.occupancy from person p join household h on h.id = p.household_id where p.id = $1`, [res.body.personId]);
    expect(person[0]).toEqual(expect.objectContaining({ room: '102', occupancy: 'rented', relation: '租客' }));
    expect(JSON.stringify(person[0])).not.toContain(VALID_ID);
    expect(JSON.stringify(person[0])).not.toContain('13812345678');
    const list = await t.request('GET', `/api/v1/properties/${house1}/tenancies`, { token: landlord });
    expect(list.body.items.find((x: { id: string }) => x.id === res.body.id)).toBeTruthy();
    expect(JSON.stringify(list.body)).not.toContain(VALID_ID);
    const twice = await t.request('POST', `/api/v1/properties/${house1}/tenancies`, { token: landlord, body: tenantBody() });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('TENANT_ALREADY_REGISTERED');
  });

  it("answers 404 when a landlord lists, reads or changes another landlord's tenants", async () => {
    expect((await t.request('GET', `/api/v1/properties/${house1}/tenancies`, { token: landlord2 })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/properties/${house1}/tenancies`, { token: landlord2, body: tenantBody({}, { idNumber: withCheck('33070219900101001') }) })).status).toBe(404);
    const theirs: { id: string }[] = await t.db.query(`select id from tenancy where node_id = $1 and status = 'active' limit 1`, [house1]);
    for (const action of ['confirm', 'verify']) {
      expect((await t.request('POST', `/api/v1/tenancies/${theirs[0]!.id}/${action}`, { token: landlord2 })).status).toBe(404);
    }
    expect((await t.request('POST', `/api/v1/tenancies/${theirs[0]!.id}/move-out`, { token: landlord2, body: { date: '2026-11-29' } })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/properties/${house4}/tenancies`, { token: landlord })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/properties/${house4}/tenancies`, { token: landlord2 })).status).toBe(200);
  });
});

describe('self-registration by the house QR code', () => {
  it('lets a tenant register themself; the tenancy waits for the landlord to confirm', async () => {
    const invite = await t.request('POST', `/api/v1/grids/${house4}/invites`, { token: landlord2, body: { role: 'tenant', expiresInHours: 24, maxUses: 5, requireApproval: true } });
    const tenant = await t.login('tenancy-self-1');
    const joined = await t.request('POST', `/api/v1/invites/${invite.body.token}/join`, { token: tenant, body: { consentVersion: PRIVACY_NOTICE_VERSION, household: { room: '103' }, person: { name: '钱小芳' } } });
    expect(joined.status).toBe(200);
    const idNumber = withCheck('36073219980512002');
    const res = await t.request('POST', `/api/v1/properties/${house4}/tenancies`, { token: tenant, body: tenantBody({ room: '103' }, { name: '钱小芳', idNumber }) });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ status: 'pending', selfRegistered: true }));
    expect(res.body.tenant.homeRegion).toBe('江西省赣州市兴国县');
    // the tenant's membership now points at the tenancy's person
    const m: { person_id: string; status: string }[] = await t.db.query(`select person_id, status from membership where id = $1`, [joined.body.membership.id]);
    expect(m[0]).toEqual({ person_id: res.body.personId, status: 'pending' });
    // someone else's tenant cannot register in this house
    const stranger = await t.login('tenancy-stranger');
    expect((await t.request('POST', `/api/v1/properties/${house4}/tenancies`, { token: stranger, body: tenantBody({ room: '103' }) })).status).toBe(404);

    const confirmed = await t.request('POST', `/api/v1/tenancies/${res.body.id}/confirm`, { token: landlord2 });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('active');
    const m2: { status: string }[] = await t.db.query(`select status from membership where id = $1`, [joined.body.membership.id]);
    expect(m2[0]!.status).toBe('active');
    const again = await t.request('POST', `/api/v1/tenancies/${res.body.id}/confirm`, { token: landlord2 });
    expect(again.body.error.code).toBe('TENANCY_NOT_PENDING');
  });
});

describe("the community's roster", () => {
  it('is masked and filterable by status and flag', async () => {
    const all = await t.request('GET', `/api/v1/grids/${jinqiansi}/tenancies?limit=100`, { token: jqsAdmin });
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(40);
    for (const item of all.body.items) {
      if (item.tenant.idNumber) expect(item.tenant.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      if (item.tenant.phone) expect(item.tenant.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
    expect(JSON.stringify(all.body)).not.toContain(VALID_ID);
    const statuses = new Set(all.body.items.map((i: { status: string }) => i.status));
    expect(statuses).toEqual(new Set(['active', 'pending', 'ended']));

    const pending = await t.request('GET', `/api/v1/grids/${jinqiansi}/tenancies?status=pending`, { token: jqsAdmin });
    expect(pending.body.items.length).toBeGreaterThanOrEqual(1);
    expect(pending.body.items.every((i: { status: string }) => i.status === 'pending')).toBe(true);
    const overdue = await t.request('GET', `/api/v1/grids/${jinqiansi}/tenancies?flag=overdue`, { token: jqsAdmin });
    expect(overdue.body.items.length).toBeGreaterThanOrEqual(1);
    expect(overdue.body.items.every((i: { flags: string[] }) => i.flags.includes('overdue'))).toBe(true);
    const unverified = await t.request('GET', `/api/v1/grids/${jinqiansi}/tenancies?flag=unverified`, { token: jqsAdmin });
    expect(unverified.body.items.length).toBeGreaterThanOrEqual(1);

    // one tap re-verifies and clears the flag
    const stale = unverified.body.items.find((i: { address: string }) => i.address.startsWith('金钱寺路'));
    expect((await t.request('POST', `/api/v1/tenancies/${stale.id}/verify`, { token: landlord })).body.flags).not.toContain('unverified');

    expect((await t.request('GET', `/api/v1/grids/${jinqiansi}/tenancies`, { token: await t.login('demo-admin') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/grids/${jinqiansi}/tenancies`, { token: landlord })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/grids/${jinqiansi}/tenancies?flag=late`, { token: jqsAdmin })).status).toBe(400);
  });

  it('exports the roster masked (the default), with the right rows, and audits the export', async () => {
    const { status, type, rows } = await download(t, `/api/v1/grids/${jinqiansi}/tenancies.xlsx?status=active`, jqsAdmin);
    expect(status).toBe(200);
    expect(type).toContain('spreadsheetml');
    expect(rows[0]![0]).toContain('金钱寺社区');
    expect(rows[1]).toEqual(expect.arrayContaining(['姓名', '身份证号', '户籍地', '手机号', '出租房', '房间']));
    const data = rows.slice(2);
    const active = await t.request('GET', `/api/v1/grids/${jinqiansi}/tenancies?status=active&limit=100`, { token: jqsAdmin });
    expect(data.length).toBe(active.body.items.length);
    expect(data.map((r) => r[1]).sort()).toEqual(active.body.items.map((i: { tenant: { name: string } }) => i.tenant.name).sort());
    const meimei = data.find((r) => r[1] === '韩梅梅')!;
    expect(meimei[4]).toBe('110105********002X');
    expect(meimei[6]).toBe('138****5678');
    expect(meimei[5]).toBe('北京市朝阳区');

    const audit = await t.request('GET', `/api/v1/audit?gridId=${jinqiansi}`, { token: jqsAdmin });
    expect(audit.body.items[0]).toEqual(expect.objectContaining({ action: 'tenancies.export', nodeId: jinqiansi, subjectType: 'grid' }));
    const street = await t.request('GET', `/api/v1/audit?gridId=${await t.nodeId('江南街道')}`, { token: await t.login('demo-street-admin') });
    expect(street.body.items.some((e: { action: string }) => e.action === 'tenancies.export')).toBe(true);
  });
});

describe('moving out and the purge', () => {
  it('ends the tenancy and the membership, then purges it after the retention period, leaving active ones', async () => {
    const mine: { id: string; person_id: string; user_id: string }[] = await t.db.query(
      `select t.id, t.person_id, t.user_id from tenancy t join app_user u on u.id = t.user_id where u.openid = 'demo-tenant'`,
    );
    const tenancy = mine[0]!;
    const tooEarly = await t.request('POST', `/api/v1/tenancies/${tenancy.id}/move-out`, { token: landlord, body: { date: '2020-01-01' } });
    expect(tooEarly.body.error.code).toBe('MOVE_OUT_DATE_INVALID');
    const res = await t.request('POST', `/api/v1/tenancies/${tenancy.id}/move-out`, { token: landlord, body: { date: '2026-11-30' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ status: 'ended', movedOutOn: '2026-11-30' }));
    const m: { status: string }[] = await t.db.query(`select status from membership where user_id = $1 and node_id = $2 and role = 'tenant'`, [tenancy.user_id, house1]);
    expect(m.map((x) => x.status)).toEqual(['removed']);
    expect((await t.request('POST', `/api/v1/tenancies/${tenancy.id}/move-out`, { token: landlord, body: { date: '2026-11-30' } })).body.error.code).toBe('TENANCY_ENDED');

    const activeBefore: { n: number }[] = await t.db.query(`select count(*)::int as n from tenancy where status = 'active'`);
    const queue = t.app.get(JobQueue);
    clock.advance(29 * DAY);
    await queue.drain();
    expect(await t.db.query(`select 1 from tenancy where id = $1`, [tenancy.id])).toHaveLength(1);

    clock.advance(2 * DAY);
    await queue.drain();
    expect(await t.db.query(`select 1 from tenancy where id = $1`, [tenancy.id])).toHaveLength(0);
    const person: { id_number_enc: string | null }[] = await t.db.query(`select id_number_enc from person where id = $1`, [tenancy.person_id]);
    expect(person.every((p) => p.id_number_enc === null)).toBe(true);
    expect(await t.db.query(`select 1 from tenancy where status = 'ended'`)).toHaveLength(0);
    const activeAfter: { n: number }[] = await t.db.query(`select count(*)::int as n from tenancy where status = 'active'`);
    expect(activeAfter[0]!.n).toBe(activeBefore[0]!.n);
  });
});

describe('export with full values when configured', () => {
  let full: TestApp;
  beforeAll(async () => {
    full = await startTestApp({ env: { TENANCY_EXPORT_VALUES: 'full' } });
  });
  afterAll(async () => {
    await full.close();
  });

  it('writes the full ID numbers and phones and says so in the audit row', async () => {
    const admin = await full.login('demo-jqs-admin');
    const grid = await full.nodeId('金钱寺社区');
    const res = await download(full, `/api/v1/grids/${grid}/tenancies.xlsx`, admin);
    expect(res.status).toBe(200);
    const rows = res.rows.slice(2);
    const zhao = rows.find((r) => r[1] === '赵小龙')!;
    expect(zhao[4]).toMatch(/^43052419940618\d{3}[\dX]$/);
    expect(zhao[6]).toBe('13912345678');
    const audit: { action: string; field: string }[] = await full.db.query(`select action, field from audit_log where action = 'tenancies.export'`);
    expect(audit).toEqual([{ action: 'tenancies.export', field: 'id_number,phone' }]);
  });
});
