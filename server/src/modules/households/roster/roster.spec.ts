import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { CellValue, Worksheet } from 'exceljs';
import { IMPORT_COLUMNS, idNumberCheckChar, PHONE_MESSAGE, RELATIONS } from '@linli/shared';
import { AppError } from '../../../common/errors/app-error.js';
import { parseRoster, type RosterRow } from './roster-parse.js';
import { rosterTemplateXlsx } from './roster-template.js';

type Column = (typeof IMPORT_COLUMNS)[number];

/** A valid ID number: region + birth date + sequence (odd: male, even: female) + check character. */
function idNumber(birth: string, sequence: string, region = '330702'): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + idNumberCheckChar(first17);
}

const ELDER_ID = idNumber('19450302', '128'); // female, 1945-03-02
const CHEN_ID = idNumber('19380611', '135'); // male, 1938-06-11
/** One whose check character is X, to see lower-case x and full-width digits normalised. */
const X_ID = (() => {
  for (let seq = 100; seq < 1000; seq++) {
    const id = idNumber('19500105', String(seq), '330703');
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X check character found');
})();

/** A data row in the template's column order. */
function person(values: Partial<Record<Column, CellValue>>): CellValue[] {
  return IMPORT_COLUMNS.map((column) => values[column] ?? null);
}

interface SheetOptions {
  header?: readonly string[];
  /** Rows above the header (a title, say). */
  before?: CellValue[][];
  edit?: (sheet: Worksheet, workbook: ExcelJS.Workbook) => void;
}

/** A real .xlsx written by exceljs, as a community's Excel would save it. */
async function xlsx(rows: CellValue[][], options: SheetOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of options.before ?? []) sheet.addRow(row);
  sheet.addRow([...(options.header ?? IMPORT_COLUMNS)]);
  for (const row of rows) sheet.addRow(row);
  options.edit?.(sheet, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
/** Excel's serial day number of a date (what a date cell holds when formatted as a number). */
const serial = (date: Date): number => Math.round((date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000);

async function expectInvalidFile(file: Buffer, message?: RegExp): Promise<AppError> {
  const error = await parseRoster(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('IMPORT_FILE_INVALID');
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}

describe('parseRoster: good rows', () => {
  it('reads every column, normalises phone and ID numbers, and takes gender and birth date from the ID number', async () => {
    const file = await xlsx([
      person({ 楼栋: '29', 单元: '2', 门牌号: '301', 居住类型: '自住', 姓名: '王秀英', 与户主关系: '户主', 手机号: '138 1234 5678', 身份证号: ELDER_ID, 标签: '独居老人、党员' }),
      person({ 楼栋: 29, 单元: 2, 门牌号: 302, 居住类型: '出租', 姓名: ' 陈建国 ', 性别: '男', 出生日期: utc(1938, 6, 11), 与户主关系: '户主', 身份证号: CHEN_ID }),
      person({ 楼栋: '29', 单元: '2', 门牌号: '302', 姓名: '陈小明', 性别: '男', 出生日期: '2010/9/1', 与户主关系: '子女', 标签: '重点关注' }),
      person({ 门牌号: '5号', 居住类型: '空置', 姓名: '李四', 性别: '女', 出生日期: '1950年1月5日' }),
      person({ 门牌号: '6', 姓名: '赵六', 手机号: 13900001111, 身份证号: ` ${X_ID.slice(0, 6)} ${X_ID.slice(6, 17).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))}x` }),
      person({ 门牌号: '7', 姓名: '钱七', 出生日期: serial(utc(1945, 3, 2)), 手机号: '+86 139-0000-2222', 标签: '空巢，低保 残疾/党员' }),
      person({ 门牌号: '8', 姓名: '孙八', 出生日期: '1945-03-02', 性别: '女性' }),
      person({ 门牌号: '9', 姓名: '周九', 出生日期: 19450302 }),
      person({ 门牌号: '10', 姓名: '吴十', 出生日期: '１９４５.３.２' }),
      person({ 门牌号: '11', 姓名: '郑十一', 出生日期: utc(1931, 12, 31) }),
    ]);
    const { rows, errors } = await parseRoster(file);
    expect(errors).toEqual([]);
    const expected: RosterRow[] = [
      { row: 2, building: '29', unit: '2', room: '301', occupancy: 'owner_occupied', name: '王秀英', gender: 'female', birthDate: '1945-03-02', relation: '户主', phone: '13812345678', idNumber: ELDER_ID, tags: ['独居老人', '党员'] },
      { row: 3, building: '29', unit: '2', room: '302', occupancy: 'rented', name: '陈建国', gender: 'male', birthDate: '1938-06-11', relation: '户主', idNumber: CHEN_ID, tags: [] },
      // occupancy typed once for the household (row 3) holds for its other rows
      { row: 4, building: '29', unit: '2', room: '302', occupancy: 'rented', name: '陈小明', gender: 'male', birthDate: '2010-09-01', relation: '子女', tags: ['重点关注'] },
      { row: 5, building: '', unit: '', room: '5号', occupancy: 'vacant', name: '李四', gender: 'female', birthDate: '1950-01-05', tags: [] },
      { row: 6, building: '', unit: '', room: '6', occupancy: 'owner_occupied', name: '赵六', gender: Number(X_ID[16]) % 2 === 1 ? 'male' : 'female', birthDate: '1950-01-05', phone: '13900001111', idNumber: X_ID, tags: [] },
      { row: 7, building: '', unit: '', room: '7', occupancy: 'owner_occupied', name: '钱七', birthDate: '1945-03-02', phone: '13900002222', tags: ['空巢', '低保', '残疾', '党员'] },
      { row: 8, building: '', unit: '', room: '8', occupancy: 'owner_occupied', name: '孙八', gender: 'female', birthDate: '1945-03-02', tags: [] },
      { row: 9, building: '', unit: '', room: '9', occupancy: 'owner_occupied', name: '周九', birthDate: '1945-03-02', tags: [] },
      { row: 10, building: '', unit: '', room: '10', occupancy: 'owner_occupied', name: '吴十', birthDate: '1945-03-02', tags: [] },
      { row: 11, building: '', unit: '', room: '11', occupancy: 'owner_occupied', name: '郑十一', birthDate: '1931-12-31', tags: [] },
    ];
    expect(rows).toEqual(expected);
  });

  it('skips empty rows and 示例 rows silently and keeps Excel row numbers', async () => {
    const file = await xlsx(
      [
        person({ 楼栋: '29', 门牌号: '301', 姓名: '示例：张三', 手机号: '123' }),
        person({ 门牌号: '302', 姓名: '示例李四' }),
        person({ 楼栋: '  ', 姓名: '\u3000' }),
        person({ 门牌号: '303', 姓名: '王五' }),
      ],
      { edit: (sheet) => sheet.getRow(9).values = person({ 门牌号: '304', 姓名: '赵六' }) },
    );
    const { rows, errors } = await parseRoster(file);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.room, r.name])).toEqual([
      [5, '303', '王五'],
      [9, '304', '赵六'],
    ]);
  });

  it('finds columns by header text in any order, with spaces, a title row above, aliases and extra columns', async () => {
    const file = await xlsx([['王秀英', '腿脚不便', '13812345678', '301', ELDER_ID, '29', '出租']], {
      header: ['  姓名 ', '备注', '手机号码', '门牌号', '身份证号（选填）', '楼栋 ', '居住类型'],
      before: [['兴学社区第三平安小区西29栋住户花名册']],
    });
    const { rows, errors } = await parseRoster(file);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 3, building: '29', unit: '', room: '301', occupancy: 'rented', name: '王秀英', gender: 'female', birthDate: '1945-03-02', phone: '13812345678', idNumber: ELDER_ID, tags: [] },
    ]);
  });

  it('reads merged address cells, formulas and rich text as their values', async () => {
    const file = await xlsx(
      [
        person({ 楼栋: '29', 单元: '2', 门牌号: '301', 姓名: '王秀英' }),
        person({ 姓名: '王小红', 门牌号: '301' }),
        person({ 门牌号: { formula: '"30"&"2"', result: '302' }, 姓名: { richText: [{ text: '陈' }, { text: '建国', font: { bold: true } }] } }),
      ],
      { edit: (sheet) => { sheet.mergeCells('A2:A4'); sheet.mergeCells('B2:B4'); } },
    );
    const { rows, errors } = await parseRoster(file);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.building, r.unit, r.room, r.name])).toEqual([
      [2, '29', '2', '301', '王秀英'],
      [3, '29', '2', '301', '王小红'],
      [4, '29', '2', '302', '陈建国'],
    ]);
  });
});

describe('parseRoster: bad rows', () => {
  it('reports exactly the bad rows, one message each naming the column, and returns the good ones', async () => {
    const wrongChecksum = ELDER_ID.slice(0, 17) + (ELDER_ID[17] === '1' ? '2' : '1');
    const file = await xlsx([
      /* 2 */ person({ 楼栋: '29', 单元: '2', 门牌号: '301', 居住类型: '自住', 姓名: '王秀英', 身份证号: ELDER_ID }),
      /* 3 */ person({ 门牌号: '302', 姓名: '陈建国', 手机号: '1381234567' }),
      /* 4 */ person({ 门牌号: '303', 姓名: '李四', 身份证号: wrongChecksum }),
      /* 5 */ person({ 门牌号: '304', 姓名: '赵六', 身份证号: 330702194503021280 }),
      /* 6 */ person({ 门牌号: '305', 姓名: '钱七', 出生日期: '1945-02-30' }),
      /* 7 */ person({ 门牌号: '306', 姓名: '孙八', 出生日期: '三月初二' }),
      /* 8 */ person({ 门牌号: '307', 姓名: '周九', 标签: '独居老人、孤寡' }),
      /* 9 */ person({ 门牌号: '308', 手机号: '13812345678' }),
      /* 10 */ person({ 姓名: '吴十', 楼栋: '29' }),
      /* 11 */ person({ 楼栋: '29栋', 单元: '2单元', 门牌号: '301室', 姓名: '王秀英' }),
      /* 12 */ person({ 门牌号: '401', 姓名: '郑十一', 身份证号: ELDER_ID }),
      /* 13 */ person({ 门牌号: '402', 姓名: '冯十二', 性别: '男', 身份证号: idNumber('19450302', '126') }),
      /* 14 */ person({ 门牌号: '403', 姓名: '陈十三', 出生日期: '1946-03-02', 身份证号: CHEN_ID }),
      /* 15 */ person({ 楼栋: '29', 单元: '2', 门牌号: '301', 居住类型: '出租', 姓名: '王小红' }),
      /* 16 */ person({ 门牌号: '404', 姓名: '褚十四', 与户主关系: '儿子', 性别: '未知' }),
      /* 17 */ person({ 门牌号: '405', 姓名: '卫十五', 居住类型: '租住' }),
      /* 18 */ person({ 门牌号: '406', 姓名: '蒋十六', 出生日期: '2099-01-01' }),
      /* 19 */ person({ 门牌号: '407', 姓名: '沈十七', 身份证号: '3.30702E+17' }),
      /* 20 */ person({ 门牌号: utc(2001, 2, 3), 姓名: '韩十八' }),
      /* 21 */ person({ 门牌号: '408', 姓名: '杨十九', 手机号: '12345' }),
    ]);
    const { rows, errors } = await parseRoster(file);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(errors).toEqual([
      { row: 3, message: `手机号：${PHONE_MESSAGE}` },
      { row: 4, message: '身份证号：身份证号校验位不对，可能有数字输错了，请逐位核对' },
      { row: 5, message: '身份证号：身份证号请设置为文本格式后重新填写（存成数字时 Excel 会丢掉末尾几位）' },
      { row: 6, message: '出生日期：日期不存在（1945-02-30）' },
      { row: 7, message: '出生日期：请写成 1945-03-02 这样的日期（也可写 1945/3/2 或 1945年3月2日）' },
      { row: 8, message: '标签：“孤寡”不是可用的标签，只能是 独居老人、空巢、残疾、党员、低保、重点关注' },
      { row: 9, message: '姓名：请填写姓名' },
      { row: 10, message: '门牌号：请填写门牌号' },
      { row: 11, message: '姓名：与第 2 行重复（同一门牌号下同名）' },
      { row: 12, message: '身份证号：与第 2 行重复' },
      { row: 13, message: '性别：与身份证号不符（按身份证号应为女）' },
      { row: 14, message: '出生日期：与身份证号不符（按身份证号应为 1938-06-11）' },
      { row: 15, message: '居住类型：与第 2 行同一户的“自住”不一致' },
      { row: 16, message: `性别：只能填 男 或 女；与户主关系：只能填 ${RELATIONS.join('、')} 中的一个` },
      { row: 17, message: '居住类型：只能填 自住、出租 或 空置' },
      { row: 18, message: '出生日期：日期不在合理范围内（2099-01-01）' },
      { row: 19, message: '身份证号：身份证号请设置为文本格式后重新填写（存成数字时 Excel 会丢掉末尾几位）' },
      { row: 20, message: '门牌号：被 Excel 当成了日期，请把这一列设置为文本格式后重新填写' },
      { row: 21, message: `手机号：${PHONE_MESSAGE}` },
    ]);
  });
});

describe('parseRoster: files it cannot read', () => {
  it('refuses something that is not an xlsx', async () => {
    await expectInvalidFile(Buffer.from('楼栋,单元,门牌号,姓名\n29,2,301,王秀英\n'));
    await expectInvalidFile(Buffer.alloc(0), /空/);
    await expectInvalidFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /\.xls/);
  });

  it('names the missing required column', async () => {
    const noRoom = await expectInvalidFile(await xlsx([['29', '王秀英']], { header: ['楼栋', '姓名'] }), /“门牌号”/);
    expect(noRoom.details).toEqual({ missing: ['门牌号'] });
    const neither = await expectInvalidFile(await xlsx([['29']], { header: ['楼栋'] }), /“门牌号”“姓名”/);
    expect(neither.details).toEqual({ missing: ['门牌号', '姓名'] });
  });

  it('refuses a workbook with nothing in it', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1');
    await expectInvalidFile(Buffer.from(await workbook.xlsx.writeBuffer()), /没有内容/);
  });

  it('refuses more data rows than allowed, and takes exactly the limit', async () => {
    const rows = [1, 2, 3, 4].map((i) => person({ 门牌号: String(300 + i), 姓名: `住户${i}` }));
    const error = await parseRoster(await xlsx(rows), { maxRows: 3 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMPORT_FILE_INVALID', details: { maxRows: 3 } });
    expect((error as AppError).message).toContain('3 行');
    expect((await parseRoster(await xlsx(rows.slice(0, 3)), { maxRows: 3 })).rows).toHaveLength(3);
  });
});

describe('rosterTemplateXlsx', () => {
  async function load(file: Buffer): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    return workbook;
  }

  it('has the import columns as a bold frozen header, drop-downs, examples and a sheet of instructions', async () => {
    const workbook = await load(await rosterTemplateXlsx('第三平安小区西29栋'));
    const [sheet, help] = workbook.worksheets;
    expect(sheet!.name).toBe('住户登记');
    expect((sheet!.getRow(1).values as CellValue[]).slice(1)).toEqual([...IMPORT_COLUMNS]);
    expect(sheet!.getCell('A1').font?.bold).toBe(true);
    expect(sheet!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet!.getColumn(10).width).toBeGreaterThanOrEqual(20); // an 18-character ID number fits
    expect(sheet!.getCell('E2').value).toBe('示例：张三');
    expect(sheet!.getCell('E3').value).toMatch(/^示例/);
    expect(sheet!.getCell('D100').dataValidation).toMatchObject({ type: 'list', formulae: ['"自住,出租,空置"'] });
    expect(sheet!.getCell('F5000').dataValidation).toMatchObject({ type: 'list', formulae: ['"男,女"'] });
    expect(sheet!.getCell('H2').dataValidation).toMatchObject({ type: 'list', formulae: [`"${RELATIONS.join(',')}"`] });
    expect(help!.name).toBe('填写说明');
    const text = help!.getColumn(1).values.filter((v) => typeof v === 'string').join('\n');
    for (const phrase of ['第三平安小区西29栋', '每行填写一个人', '重复填写', '、', '身份证号选填', '手机号选填', '不会重复登记']) {
      expect(text).toContain(phrase);
    }
  });

  it('parses to nothing as downloaded, and to exactly the rows a grid head fills in', async () => {
    const template = await rosterTemplateXlsx('第三平安小区西29栋');
    expect(await parseRoster(template)).toEqual({ rows: [], errors: [] });

    const workbook = await load(template);
    const sheet = workbook.getWorksheet('住户登记')!;
    sheet.addRow(['29', '2', '301', '自住', '王秀英', '', '', '户主', '13812345678', ELDER_ID, '独居老人']);
    sheet.addRow(['29', '2', '302', '出租', '陈建国', '男', '1938-06-11', '户主', '', '', '']);
    sheet.addRow(['29', '2', '302', '', '陈小明', '男', '2010-09-01', '子女', '', '', '']);
    const { rows, errors } = await parseRoster(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.room, r.name, r.occupancy, r.gender, r.birthDate])).toEqual([
      [4, '301', '王秀英', 'owner_occupied', 'female', '1945-03-02'],
      [5, '302', '陈建国', 'rented', 'male', '1938-06-11'],
      [6, '302', '陈小明', 'rented', 'male', '2010-09-01'],
    ]);
  });
});
