import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import exifr from 'exifr';
import { ManualClock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { imageForm, jpegWithGps } from '../../test-support/images.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

const HOUR = 3_600_000;
let t: TestApp;
let clock: ManualClock;
let xi29: string;
let xingxue: string;
let elderId: string;
let head: string;

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-11-28T08:00:00+08:00'));
  t = await startTestApp({ clock });
  xi29 = await t.nodeId('第三平安小区西29栋');
  xingxue = await t.nodeId('兴学社区');
  const rows: { id: string }[] = await t.db.query(`select id from person where name = '张桂英'`);
  elderId = rows[0]!.id;
  head = await t.login('demo-head');
});
afterAll(async () => {
  await t.close();
});

const visit = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  personId: elderId,
  occurredAt: clock.now().toISOString(),
  method: 'in_person',
  outcome: 'well',
  note: '一切都好',
  ...over,
});

describe('the carer\'s list', () => {
  it('puts the elderly woman on top as overdue when no visit came within her 12-hour plan', async () => {
    const res = await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: head });
    expect(res.status).toBe(200);
    const top = res.body.items[0];
    expect(top.person.name).toBe('张桂英');
    expect(top.everyHours).toBe(12);
    expect(top.overdueMinutes).toBe(120); // last visit 14 h ago, due every 12 h
    expect(top.lastVisit).toEqual(expect.objectContaining({ outcome: 'well', carerName: '李卫东' }));
    const overdue = res.body.items.filter((i: { overdueMinutes: number }) => i.overdueMinutes > 0);
    expect(overdue.map((i: { person: { name: string } }) => i.person.name)).toEqual(['张桂英']);
  });

  it('sorts by how overdue, and a visit sends her to the bottom', async () => {
    clock.advance(30 * 24 * HOUR); // a month passes: the 空巢 people on 48-hour plans are overdue too
    const before = await t.request('GET', `/api/v1/grids/${xingxue}/care?limit=100`, { token: await t.login('demo-admin') });
    const minutes = before.body.items.map((i: { overdueMinutes: number }) => i.overdueMinutes);
    expect(minutes).toEqual([...minutes].sort((a: number, b: number) => b - a));
    expect(before.body.items[0].person.name).toBe('张桂英');
    expect((await t.request('POST', '/api/v1/visits', { token: head, body: visit() })).status).toBe(201);
    const after = await t.request('GET', `/api/v1/grids/${xingxue}/care?limit=100`, { token: await t.login('demo-admin') });
    const her = after.body.items.find((i: { person: { name: string } }) => i.person.name === '张桂英');
    expect(her.overdueMinutes).toBe(0);
    expect(after.body.items[after.body.items.length - 1].person.name).toBe('张桂英');
    const overdueOnly = await t.request('GET', `/api/v1/grids/${xi29}/care?overdueOnly=true`, { token: head });
    expect(overdueOnly.body.items.some((i: { person: { name: string } }) => i.person.name === '张桂英')).toBe(false);
  });

  it('answers 404 to a resident and to a head of another grid', async () => {
    expect((await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: await t.login('demo-village-head') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: await t.login('demo-elder') })).body.items).toEqual([]);
  });
});

describe('visits that survive no signal', () => {
  it('stores a retried visit once: the same id and body answer the same visit again', async () => {
    const body = visit({ occurredAt: new Date(clock.now().getTime() - 3 * HOUR).toISOString(), note: '地下室没信号，回来补传' });
    const first = await t.request('POST', '/api/v1/visits', { token: head, body });
    const retry = await t.request('POST', '/api/v1/visits', { token: head, body });
    const retry2 = await t.request('POST', '/api/v1/visits', { token: head, body });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry2.body).toEqual(first.body);
    const rows: { n: number }[] = await t.db.query(`select count(*)::int as n from visit where id = $1`, [body.id]);
    expect(rows[0]!.n).toBe(1);
  });

  it('stores exactly one of many simultaneous copies', async () => {
    const body = visit();
    const results = await Promise.all(Array.from({ length: 6 }, () => t.request('POST', '/api/v1/visits', { token: head, body })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const rows: { n: number }[] = await t.db.query(`select count(*)::int as n from visit where id = $1`, [body.id]);
    expect(rows[0]!.n).toBe(1);
  });

  it('answers 409 VISIT_CONFLICT for the same id with a different body', async () => {
    const body = visit();
    expect((await t.request('POST', '/api/v1/visits', { token: head, body })).status).toBe(201);
    const changed = await t.request('POST', '/api/v1/visits', { token: head, body: { ...body, outcome: 'unwell' } });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('VISIT_CONFLICT');
  });

  it('refuses a time in the future or more than 30 days back', async () => {
    const future = await t.request('POST', '/api/v1/visits', { token: head, body: visit({ occurredAt: new Date(clock.now().getTime() + HOUR).toISOString() }) });
    expect(future.body.error.code).toBe('VISIT_TIME_INVALID');
    const ancient = await t.request('POST', '/api/v1/visits', { token: head, body: visit({ occurredAt: new Date(clock.now().getTime() - 31 * 24 * HOUR).toISOString() }) });
    expect(ancient.status).toBe(400);
  });

  it('opens a follow-up for "not home", and a later good visit closes it', async () => {
    await t.request('POST', '/api/v1/visits', { token: head, body: visit({ outcome: 'not_home', note: '敲门无人应答' }) });
    let list = await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: head });
    expect(list.body.items.find((i: { person: { name: string } }) => i.person.name === '张桂英').openFollowUps).toBe(1);
    clock.advance(HOUR);
    await t.request('POST', '/api/v1/visits', { token: head, body: visit() });
    list = await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: head });
    expect(list.body.items.find((i: { person: { name: string } }) => i.person.name === '张桂英').openFollowUps).toBe(0);
  });

  it('answers 404 to someone who is neither staff nor her carer, and 400 to a photo that was never uploaded', async () => {
    expect((await t.request('POST', '/api/v1/visits', { token: await t.login('demo-xi29-resident-1'), body: visit() })).status).toBe(404);
    const photo = await t.request('POST', '/api/v1/visits', { token: head, body: visit({ photoIds: [randomUUID()] }) });
    expect(photo.body.error.code).toBe('PHOTO_NOT_FOUND');
  });

  it('keeps a visit\'s photo (EXIF stripped) and shows it to her son; a retry with the same id stays one visit', async () => {
    const up = await t.request('POST', '/api/v1/uploads', { token: head, form: imageForm(await jpegWithGps()) });
    expect(up.status).toBe(201);
    await t.app.get(JobQueue).drain();
    const body = visit({ photoIds: [up.body.id], note: '门口拍了照，人在家' });
    const first = await t.request('POST', '/api/v1/visits', { token: head, body });
    expect(first.status).toBe(201);
    expect(first.body.photos).toEqual([expect.objectContaining({ id: up.body.id })]);
    const retry = await t.request('POST', '/api/v1/visits', { token: head, body });
    expect(retry.status).toBe(200);
    expect(retry.body.photos).toHaveLength(1);

    const son = await t.login('demo-family');
    const log = await t.request('GET', `/api/v1/persons/${elderId}/visits`, { token: son });
    const shown = log.body.items.find((v: { id: string }) => v.id === body.id);
    const img = await fetch(`${t.baseUrl}${shown.photos[0].thumbUrl}`);
    expect(img.status).toBe(200);
    expect(await exifr.gps(Buffer.from(await img.arrayBuffer()))).toBeUndefined();

    // a photo belongs to one visit
    const again = await t.request('POST', '/api/v1/visits', { token: head, body: visit({ photoIds: [up.body.id] }) });
    expect(again.body.error.code).toBe('PHOTO_NOT_FOUND');
  });
});

describe('who reads the visit log', () => {
  it('shows her son the visits, newest first, and a stranger nothing', async () => {
    const son = await t.request('GET', `/api/v1/persons/${elderId}/visits?limit=3`, { token: await t.login('demo-family') });
    expect(son.status).toBe(200);
    expect(son.body.items).toHaveLength(3);
    const times = son.body.items.map((v: { occurredAt: string }) => v.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(son.body.nextCursor).toEqual(expect.any(String));
    expect((await t.request('GET', `/api/v1/persons/${elderId}/visits`, { token: await t.login('demo-villager') })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/persons/${elderId}/care-plan`, { token: await t.login('demo-family') })).status).toBe(200);
  });
});

describe('care plans', () => {
  it('lets the head change her plan and name a volunteer carer, who then sees only her', async () => {
    const volunteer: { id: string }[] = await t.db.query(
      `with u as (insert into app_user (openid, display_name) values ('care-volunteer', '志愿者小何') returning id)
       insert into membership (user_id, node_id, role, status) select u.id, $1, 'volunteer', 'active' from u returning user_id as id`,
      [xi29],
    );
    const headId = await t.userId('demo-head');
    const res = await t.request('PUT', `/api/v1/persons/${elderId}/care-plan`, { token: head, body: { everyHours: 24, carerUserIds: [headId, volunteer[0]!.id] } });
    expect(res.status).toBe(200);
    expect(res.body.everyHours).toBe(24);
    expect(res.body.carers.map((c: { displayName: string }) => c.displayName).sort()).toEqual(['志愿者小何', '李卫东'].sort());
    const vol = await t.login('care-volunteer');
    const list = await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: vol });
    expect(list.body.items.map((i: { person: { name: string } }) => i.person.name)).toEqual(['张桂英']);
    expect((await t.request('POST', '/api/v1/visits', { token: vol, body: visit({ method: 'phone' }) })).status).toBe(201);
  });

  it('refuses a carer from outside the grid, and answers 404 to a volunteer setting plans', async () => {
    const stranger = await t.userId('demo-villager');
    const res = await t.request('PUT', `/api/v1/persons/${elderId}/care-plan`, { token: head, body: { everyHours: 12, carerUserIds: [stranger] } });
    expect(res.status).toBe(400);
    expect((await t.request('PUT', `/api/v1/persons/${elderId}/care-plan`, { token: await t.login('care-volunteer'), body: { everyHours: 12, carerUserIds: [] } })).status).toBe(404);
  });

  it('gives a newly tagged 独居老人 the district\'s default plan, with the grid\'s head as carer', async () => {
    const hh = await t.request('POST', `/api/v1/grids/${xi29}/households`, { token: head, body: { building: '西29', unit: '1', room: '701' } });
    const p = await t.request('POST', `/api/v1/households/${hh.body.id}/persons`, { token: head, body: { name: '孔阿婆', tags: ['独居老人'] } });
    const plan = await t.request('GET', `/api/v1/persons/${p.body.id}/care-plan`, { token: head });
    expect(plan.status).toBe(200);
    expect(plan.body).toEqual(expect.objectContaining({ everyHours: 24, source: 'policy' }));
    expect(plan.body.carers.map((c: { displayName: string }) => c.displayName)).toEqual(['李卫东']);
  });
});

describe('the visit log export', () => {
  it('gives the community an Excel file of the period\'s visits, ID numbers masked, and audits it', async () => {
    const admin = await t.login('demo-admin');
    const day = new Date(clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const from = new Date(clock.now().getTime() - 40 * 24 * HOUR + 8 * HOUR).toISOString().slice(0, 10);
    const res = await fetch(`${t.baseUrl}/api/v1/grids/${xingxue}/visits.xlsx?from=${from}&to=${day}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['序号', '姓名', '身份证号', '住址', '所属网格', '走访时间', '走访方式', '走访结果', '走访人', '情况说明']);
    const rows = [];
    for (let r = 3; r <= ws.rowCount; r++) rows.push((ws.getRow(r).values as unknown[]).slice(1));
    expect(rows.length).toBeGreaterThan(5);
    const hers = rows.filter((r) => r[1] === '张桂英');
    expect(hers.length).toBeGreaterThan(5);
    expect(String(hers[0]![2])).toMatch(/^330702\*{8}\d{3}[\dX]$/);
    expect(hers.map((r) => r[8])).toContain('李卫东');
    const audit = await t.request('GET', `/api/v1/audit?gridId=${xingxue}`, { token: admin });
    expect(audit.body.items[0]).toEqual(expect.objectContaining({ action: 'visits.export' }));
    const bad = await t.request('GET', `/api/v1/grids/${xingxue}/visits.xlsx?from=2026-12-01&to=2026-11-01`, { token: admin });
    expect(bad.status).toBe(400);
    expect((await t.request('GET', `/api/v1/grids/${xingxue}/visits.xlsx?from=${from}&to=${day}`, { token: await t.login('demo-jqs-admin') })).status).toBe(404);
  });
});

describe('worrying outcomes reach people', () => {
  it('tells her son about "not home", and the community\'s staff about an emergency, through the queue', async () => {
    const { JobQueue } = await import('../../common/queue/job-queue.js');
    await t.request('POST', '/api/v1/visits', { token: head, body: visit({ outcome: 'not_home', note: '敲门没人应' }) });
    await t.request('POST', '/api/v1/visits', { token: head, body: visit({ outcome: 'emergency', note: '摔倒了，已叫120' }) });
    await t.app.get(JobQueue).drain();
    const son = await t.request('GET', '/api/v1/notifications', { token: await t.login('demo-family') });
    expect(son.body.items.map((n: { title: string }) => n.title)).toEqual(expect.arrayContaining(['走访结果：张桂英不在家', '走访结果：张桂英紧急情况']));
    const admin = await t.request('GET', '/api/v1/notifications', { token: await t.login('demo-admin') });
    expect(admin.body.items.map((n: { title: string }) => n.title)).toContain('紧急情况：张桂英');
    const street = await t.request('GET', '/api/v1/notifications', { token: await t.login('demo-street-admin') });
    expect(street.body.items.map((n: { title: string }) => n.title)).not.toContain('紧急情况：张桂英');
  });
});

describe('the demo volunteer', () => {
  it('sees only the elderly neighbour assigned to her, and may log a visit there but not elsewhere', async () => {
    const vol = await t.login('demo-volunteer');
    const list = await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: vol });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const assigned = list.body.items[0].person;
    expect(assigned.name).not.toBe('张桂英');
    const ok = await t.request('POST', '/api/v1/visits', { token: vol, body: visit({ personId: assigned.id, method: 'phone', note: '电话聊了十分钟' }) });
    expect(ok.status).toBe(201);
    expect((await t.request('POST', '/api/v1/visits', { token: vol, body: visit() })).status).toBe(404); // 张桂英 is not hers
  });
});

describe('"我很好"', () => {
  it('counts the elder\'s own tap as a contact, and lets her son confirm for her', async () => {
    clock.advance(40 * HOUR);
    const before = await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: head });
    expect(before.body.items.find((i: { person: { name: string } }) => i.person.name === '张桂英').overdueMinutes).toBeGreaterThan(0);
    const own = await t.request('POST', `/api/v1/persons/${elderId}/check-ins`, { token: await t.login('demo-elder'), body: {} });
    expect(own.status).toBe(201);
    expect(new Date(own.body.nextDueAt).getTime()).toBe(clock.now().getTime() + 24 * HOUR);
    const { JobQueue } = await import('../../common/queue/job-queue.js');
    await t.app.get(JobQueue).drain();
    const inbox = await t.request('GET', '/api/v1/notifications', { token: await t.login('demo-family') });
    expect(inbox.body.items[0].title).toBe('张桂英报平安：我很好');
    const son = await t.request('POST', `/api/v1/persons/${elderId}/check-ins`, { token: await t.login('demo-family'), body: { note: '电话里说挺好' } });
    expect(son.status).toBe(201);
    expect((await t.request('POST', `/api/v1/persons/${elderId}/check-ins`, { token: await t.login('demo-xi29-resident-1'), body: {} })).status).toBe(404);
    const after = await t.request('GET', `/api/v1/grids/${xi29}/care`, { token: head });
    expect(after.body.items.find((i: { person: { name: string } }) => i.person.name === '张桂英').overdueMinutes).toBe(0);
  });

  it('sends the all-clear only to family members who asked for it', async () => {
    const { JobQueue } = await import('../../common/queue/job-queue.js');
    const son = await t.login('demo-family');
    // a daughter who is linked but has not asked for all-clears
    const daughter = await t.userId('demo-xi29-resident-2');
    await t.db.query(`insert into family_link (district_id, user_id, person_id, relation) select district_id, $1, id, '女儿' from person where id = $2`, [daughter, elderId]);
    const daughterToken = await t.login('demo-xi29-resident-2');
    expect((await t.request('GET', `/api/v1/persons/${elderId}/family-settings`, { token: daughterToken })).body).toEqual({ allClear: false });
    expect((await t.request('GET', `/api/v1/persons/${elderId}/family-settings`, { token: son })).body).toEqual({ allClear: true }); // the demo son asked
    const count = async (token: string) => (await t.request('GET', '/api/v1/notifications?limit=100', { token })).body.items.filter((n: { kind: string }) => n.kind === 'check-in').length;

    const sonBefore = await count(son);
    await t.request('POST', `/api/v1/persons/${elderId}/check-ins`, { token: await t.login('demo-elder'), body: {} });
    await t.app.get(JobQueue).drain();
    expect(await count(son)).toBe(sonBefore + 1);
    expect(await count(daughterToken)).toBe(0);

    expect((await t.request('PUT', `/api/v1/persons/${elderId}/family-settings`, { token: daughterToken, body: { allClear: true } })).body).toEqual({ allClear: true });
    expect((await t.request('PUT', `/api/v1/persons/${elderId}/family-settings`, { token: son, body: { allClear: false } })).body).toEqual({ allClear: false });
    await t.request('POST', `/api/v1/persons/${elderId}/check-ins`, { token: await t.login('demo-elder'), body: {} });
    await t.app.get(JobQueue).drain();
    expect(await count(son)).toBe(sonBefore + 1);
    expect(await count(daughterToken)).toBe(1);

    // not linked: 404; bad body: 400
    expect((await t.request('GET', `/api/v1/persons/${elderId}/family-settings`, { token: head })).status).toBe(404);
    expect((await t.request('PUT', `/api/v1/persons/${elderId}/family-settings`, { token: son, body: { allClear: 'yes' } })).status).toBe(400);
  });
});
