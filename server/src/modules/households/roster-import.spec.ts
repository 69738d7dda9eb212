import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, idNumberCheckChar } from '@linli/shared';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let xi29: string;
let head: string;

beforeAll(async () => {
  t = await startTestApp();
  xi29 = await t.nodeId('第三平安小区西29栋');
  head = await t.login('demo-head');
});
afterAll(async () => {
  await t.close();
});

const id = (first17: string) => first17 + idNumberCheckChar(first17);

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('住户登记');
  ws.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(file: Buffer, token = head, node = xi29) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'roster.xlsx');
  return t.request('POST', `/api/v1/grids/${node}/households/import`, { token, form });
}

describe('importing the Excel roster', () => {
  const rows: (string | number)[][] = [
    ['西29', '3', '501', '自住', '蒋大为', '', '', '户主', '13911112222', id('33070219600101123'), '党员'], // row 2
    ['西29', '3', '501', '自住', '蒋小梅', '女', '1988-06-01', '子女', '', '', ''], // row 3
    ['西29', '3', '502', '出租', '谭坏号', '', '', '', '1391111', '', ''], // row 4: bad phone
    ['西29', '3', '502', '出租', '谭校验', '', '', '', '', '330702196001011231', ''], // row 5: bad checksum (unless lucky)
    ['西29', '3', '503', '空置', '', '', '', '', '', '', ''], // row 6: no name
    ['西29', '3', '504', '自住', '邓新', '男', '1970-02-30', '', '', '', ''], // row 7: no such date
    ['西29', '3', '505', '自住', '戴新', '', '', '', '', '', '独居老人、会唱歌'], // row 8: unknown tag
    ['西29', '3', '506', '自住', '陆一', '', '', '户主', '13922223333', '', '独居老人'], // row 9
  ];

  it('applies the good rows, reports exactly the bad ones, and says which rows went in', async () => {
    if (idNumberCheckChar('33070219600101123') === '1') rows[3]![9] = '330702196001011232';
    const res = await upload(await workbook(rows));
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([4, 5, 6, 7, 8]);
    for (const e of res.body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.errors.find((e: { row: number }) => e.row === 4).message).toContain('手机号');
    expect(res.body.appliedRows).toEqual([2, 3, 9]);
    expect(res.body.created).toBe(3);
    expect(res.body.updated).toBe(0);
    expect(res.body.households).toEqual({ created: 2, updated: 0 });

    const list = await t.request('GET', `/api/v1/grids/${xi29}/households?q=3-501`, { token: head });
    const hh = list.body.items[0];
    expect(hh.personCount).toBe(2);
    const detail = await t.request('GET', `/api/v1/households/${hh.id}`, { token: head });
    const dawei = detail.body.persons.find((p: { name: string }) => p.name === '蒋大为');
    expect(dawei).toEqual(expect.objectContaining({ gender: 'male', birthDate: '1960-01-01', phone: '139****2222', tags: ['党员'] }));
  });

  it('updates instead of duplicating when the same roster comes in again, corrected', async () => {
    const corrected = rows.map((r) => [...r]);
    corrected[0]![8] = '13933334444'; // 蒋大为 has a new phone
    corrected[2]![8] = '13955556666'; // row 4 fixed
    const res = await upload(await workbook(corrected));
    expect(res.status).toBe(200);
    expect(res.body.appliedRows).toEqual([2, 3, 4, 9]);
    expect(res.body.created).toBe(1); // only 谭坏号, now valid
    expect(res.body.updated).toBe(3);
    const people: { n: number }[] = await t.db.query(`select count(*)::int as n from person where name in ('蒋大为', '蒋小梅', '陆一')`);
    expect(people[0]!.n).toBe(3);
    const list = await t.request('GET', `/api/v1/grids/${xi29}/households?q=3-501`, { token: head });
    const detail = await t.request('GET', `/api/v1/households/${list.body.items[0].id}`, { token: head });
    expect(detail.body.persons.find((p: { name: string }) => p.name === '蒋大为').phone).toBe('139****4444');
  });

  it('offers a template that reads back as the same columns', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/grids/${xi29}/households/import-template.xlsx`, { headers: { authorization: `Bearer ${head}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...IMPORT_COLUMNS]);
    const again = await upload(Buffer.from(await (await fetch(`${t.baseUrl}/api/v1/grids/${xi29}/households/import-template.xlsx`, { headers: { authorization: `Bearer ${head}` } })).arrayBuffer()));
    expect(again.body).toEqual(expect.objectContaining({ created: 0, updated: 0, errors: [], appliedRows: [] }));
  });

  it('refuses a file that is not a spreadsheet, and a request without a file, with codes', async () => {
    const notXlsx = await upload(Buffer.from('姓名,门牌号\n张三,301\n'));
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body.error.code).toBe('IMPORT_FILE_INVALID');
    const json = await t.request('POST', `/api/v1/grids/${xi29}/households/import`, { token: head, body: { file: 'x' } });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const stranger = await upload(await workbook([]), await t.login('demo-villager'));
    expect(stranger.status).toBe(404);
  });
});
