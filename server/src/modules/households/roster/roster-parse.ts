import ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import {
  AddressFields,
  addressKey,
  checkIdNumber,
  DateOnly,
  GENDER_LABELS,
  IMPORT_COLUMNS,
  OCCUPANCY_LABELS,
  PERSON_TAGS,
  PersonName,
  Phone,
  PHONE_MESSAGE,
  RELATIONS,
  type Gender,
  type Occupancy,
  type PersonTag,
} from '@linli/shared';
import { AppError } from '../../../common/errors/app-error.js';
import { cellDate, cellText, halfWidth, plain, type Plain } from './roster-cells.js';

export interface RosterRow {
  /** The row number as Excel shows it (the header is row 1 in the template). */
  row: number;
  building: string;
  unit: string;
  room: string;
  occupancy: Occupancy;
  name: string;
  gender?: Gender;
  /** YYYY-MM-DD. */
  birthDate?: string;
  relation?: string;
  /** Normalised: 11 digits. */
  phone?: string;
  /** Normalised: 18 characters, upper-case X. */
  idNumber?: string;
  tags: PersonTag[];
}

/** One entry per bad row; `message` is "列名：问题" (several problems of one row joined by "；"). */
export interface RosterError {
  row: number;
  message: string;
}

export interface ParsedRoster {
  rows: RosterRow[];
  errors: RosterError[];
}

export interface ParseRosterOptions {
  /** Data rows allowed in one file (default 5000). */
  maxRows?: number;
}

type Column = (typeof IMPORT_COLUMNS)[number];

const REQUIRED: readonly Column[] = ['门牌号', '姓名'];
/** Headers communities' own rosters use for the same thing. */
const ALIASES: Readonly<Record<string, Column>> = {
  楼号: '楼栋',
  楼幢: '楼栋',
  幢: '楼栋',
  单元号: '单元',
  房号: '门牌号',
  室号: '门牌号',
  房间号: '门牌号',
  手机: '手机号',
  手机号码: '手机号',
  联系电话: '手机号',
  身份证: '身份证号',
  身份证号码: '身份证号',
  公民身份号码: '身份证号',
  出生年月日: '出生日期',
};
/** A roster may have a title or a note above its header. */
const HEADER_SCAN_ROWS = 10;
const EXAMPLE_PREFIX = '示例';

const OCCUPANCY_BY_LABEL = new Map(Object.entries(OCCUPANCY_LABELS).map(([k, label]) => [label, k as Occupancy]));
const GENDER_BY_LABEL = new Map<string, Gender>(
  Object.entries(GENDER_LABELS).flatMap(([k, label]) => [
    [label, k as Gender],
    [`${label}性`, k as Gender],
  ]),
);
const ADDRESS_COLUMN: Record<string, Column> = { building: '楼栋', unit: '单元', room: '门牌号' };

function headerName(raw: string): Column | undefined {
  const key = halfWidth(raw)
    .replace(/[\s\u3000]/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[（(][^）)]*[）)]$/, ''); // "身份证号（选填）"
  return (IMPORT_COLUMNS as readonly string[]).includes(key) ? (key as Column) : ALIASES[key];
}

interface Header {
  sheet: Worksheet;
  row: number;
  columns: Map<Column, number>;
}

function headerAt(sheet: Worksheet, rowNumber: number): Map<Column, number> {
  const columns = new Map<Column, number>();
  sheet.findRow(rowNumber)?.eachCell((cell, col) => {
    const name = headerName(cellText(plain(cell.value)));
    if (name && !columns.has(name)) columns.set(name, col);
  });
  return columns;
}

/** The first row (of any sheet, within its first rows) that names both required columns. */
function findHeader(workbook: ExcelJS.Workbook): Header {
  let best: Header | undefined;
  for (const sheet of workbook.worksheets) {
    for (let r = 1; r <= Math.min(HEADER_SCAN_ROWS, sheet.rowCount); r++) {
      const columns = headerAt(sheet, r);
      if (REQUIRED.every((c) => columns.has(c))) return { sheet, row: r, columns };
      if (!best || columns.size > best.columns.size) best = { sheet, row: r, columns };
    }
  }
  if (!best) throw new AppError('IMPORT_FILE_INVALID', '文件里没有内容，请使用下载的模板填写后再导入');
  const missing = REQUIRED.filter((c) => !best.columns.has(c));
  throw new AppError(
    'IMPORT_FILE_INVALID',
    `表格缺少“${missing.join('”“')}”列，请使用下载的模板（第一行为表头：${IMPORT_COLUMNS.join('、')}）`,
    { missing },
  );
}

async function readWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  if (file.length === 0) throw new AppError('IMPORT_FILE_INVALID', '文件是空的，请使用下载的模板填写后再导入');
  // The old binary .xls format (an OLE2 compound file): exceljs reads only .xlsx.
  if (file.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new AppError('IMPORT_FILE_INVALID', '这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再导入');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own `Buffer` interface, which Node's generic Buffer type no longer matches
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new AppError('IMPORT_FILE_INVALID');
  }
  return workbook;
}

type Cells = ReadonlyMap<Column, Plain>;

interface Checked {
  person: Omit<RosterRow, 'occupancy'>;
  /** Only when the row says so: an empty cell takes the household's value from another row. */
  occupancy?: Occupancy;
  problems: string[];
}

const ID_AS_NUMBER = '身份证号：身份证号请设置为文本格式后重新填写（存成数字时 Excel 会丢掉末尾几位）';

/** One row on its own: every column's rule, problems in column order. */
function checkRow(row: number, cells: Cells): Checked {
  const raw = (c: Column): Plain => cells.get(c);
  const text = (c: Column): string => cellText(raw(c));
  const problems: string[] = [];
  const person: Omit<RosterRow, 'occupancy'> = { row, building: '', unit: '', room: '', name: '', tags: [] };

  const dateInAddress = (['楼栋', '单元', '门牌号'] as const).find((c) => raw(c) instanceof Date);
  const address = AddressFields.safeParse({ building: text('楼栋'), unit: text('单元'), room: text('门牌号') });
  if (dateInAddress) {
    problems.push(`${dateInAddress}：被 Excel 当成了日期，请把这一列设置为文本格式后重新填写`);
  } else if (address.success) {
    Object.assign(person, address.data);
  } else {
    const issue = address.error.issues[0]!;
    problems.push(`${ADDRESS_COLUMN[String(issue.path[0])] ?? '门牌号'}：${issue.message}`);
  }

  let occupancy: Occupancy | undefined;
  if (text('居住类型')) {
    occupancy = OCCUPANCY_BY_LABEL.get(text('居住类型'));
    if (!occupancy) problems.push('居住类型：只能填 自住、出租 或 空置');
  }

  const name = PersonName.safeParse(text('姓名'));
  if (name.success) person.name = name.data;
  else problems.push(`姓名：${name.error.issues[0]!.message}`);

  let gender: Gender | undefined;
  if (text('性别')) {
    gender = GENDER_BY_LABEL.get(text('性别'));
    if (!gender) problems.push('性别：只能填 男 或 女');
  }

  let birthDate: string | undefined;
  if (text('出生日期')) {
    const iso = cellDate(raw('出生日期'));
    const date = iso === undefined ? undefined : DateOnly.safeParse(iso);
    if (!date) problems.push('出生日期：请写成 1945-03-02 这样的日期（也可写 1945/3/2 或 1945年3月2日）');
    else if (!date.success) problems.push(`出生日期：${date.error.issues[0]!.message}（${iso}）`);
    else birthDate = date.data;
  }

  const relation = text('与户主关系');
  if (relation) {
    if ((RELATIONS as readonly string[]).includes(relation)) person.relation = relation;
    else problems.push(`与户主关系：只能填 ${RELATIONS.join('、')} 中的一个`);
  }

  if (text('手机号')) {
    const phone = Phone.safeParse(text('手机号'));
    if (phone.success) person.phone = phone.data;
    else problems.push(`手机号：${PHONE_MESSAGE}`);
  }

  const idRaw = raw('身份证号');
  const idText = halfWidth(text('身份证号'));
  // Excel keeps 15 significant digits: an 18-digit number has already lost its last ones.
  if (typeof idRaw === 'number' ? !Number.isSafeInteger(idRaw) || idText.length > 15 : /^\d(\.\d+)?E\+\d+$/i.test(idText)) {
    problems.push(ID_AS_NUMBER);
  } else if (idText) {
    const id = checkIdNumber(idText);
    if (!id.ok) {
      problems.push(`身份证号：${id.message}`);
    } else {
      person.idNumber = id.value;
      // The ID number is the better source; a typed value that disagrees is a mistake somewhere.
      if (gender && gender !== id.gender) problems.push(`性别：与身份证号不符（按身份证号应为${GENDER_LABELS[id.gender]}）`);
      if (birthDate && birthDate !== id.birthDate) problems.push(`出生日期：与身份证号不符（按身份证号应为 ${id.birthDate}）`);
      gender = id.gender;
      birthDate = id.birthDate;
    }
  }
  if (gender) person.gender = gender;
  if (birthDate) person.birthDate = birthDate;

  const tags = new Set<PersonTag>();
  for (const tag of text('标签').split(/[、,，/／;；\s\u3000]+/).filter(Boolean)) {
    if ((PERSON_TAGS as readonly string[]).includes(tag)) tags.add(tag as PersonTag);
    else {
      problems.push(`标签：“${tag}”不是可用的标签，只能是 ${PERSON_TAGS.join('、')}`);
      break;
    }
  }
  person.tags = [...tags];

  return { person, occupancy, problems };
}

function isExample(cells: Cells): boolean {
  return cellText(cells.get('姓名')).startsWith(EXAMPLE_PREFIX);
}

/**
 * Reads a community's roster (the downloadable template, or their own sheet with the same
 * headers in any order). Rows that pass every rule come back in `rows`; every other row is in
 * `errors` with one Chinese message, so the caller can say exactly which rows went in.
 * A file that cannot be read as a roster at all is an AppError('IMPORT_FILE_INVALID').
 */
export async function parseRoster(file: Buffer, options: ParseRosterOptions = {}): Promise<ParsedRoster> {
  const maxRows = options.maxRows ?? 5000;
  const { sheet, row: headerRow, columns } = findHeader(await readWorkbook(file));

  const candidates: { row: number; cells: Cells }[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.findRow(r);
    if (!row) continue;
    const cells = new Map<Column, Plain>();
    for (const [column, index] of columns) cells.set(column, plain(row.getCell(index).value));
    if ([...cells.values()].every((v) => cellText(v) === '') || isExample(cells)) continue;
    candidates.push({ row: r, cells });
    if (candidates.length > maxRows) {
      throw new AppError('IMPORT_FILE_INVALID', `一个文件最多导入 ${maxRows} 行，请分成几个文件分别导入`, { maxRows });
    }
  }

  // Across rows: one occupancy per household (typed once is enough), no person twice.
  const households = new Map<string, { occupancy: Occupancy; row: number }>();
  const byAddressAndName = new Map<string, number>();
  const byIdNumber = new Map<string, number>();
  const accepted: { person: Omit<RosterRow, 'occupancy'>; household: string; occupancy?: Occupancy }[] = [];
  const errors: RosterError[] = [];

  for (const { row, cells } of candidates) {
    const { person, occupancy, problems } = checkRow(row, cells);
    const room = cellText(cells.get('门牌号'));
    const k = addressKey({ building: cellText(cells.get('楼栋')), unit: cellText(cells.get('单元')), room });
    const household = `${k.building}|${k.unit}|${k.room}`;

    if (room && occupancy) {
      const known = households.get(household);
      if (!known) households.set(household, { occupancy, row });
      else if (known.occupancy !== occupancy) {
        problems.push(`居住类型：与第 ${known.row} 行同一户的“${OCCUPANCY_LABELS[known.occupancy]}”不一致`);
      }
    }
    const name = cellText(cells.get('姓名')).replace(/[\s\u3000]/g, '');
    if (room && name) {
      const key = `${household}|${name}`;
      const first = byAddressAndName.get(key);
      if (first) problems.push(`姓名：与第 ${first} 行重复（同一门牌号下同名）`);
      else byAddressAndName.set(key, row);
    }
    if (person.idNumber) {
      const first = byIdNumber.get(person.idNumber);
      if (first) problems.push(`身份证号：与第 ${first} 行重复`);
      else byIdNumber.set(person.idNumber, row);
    }

    if (problems.length > 0) errors.push({ row, message: problems.join('；') });
    else accepted.push({ person, household, occupancy });
  }

  const rows = accepted.map(({ person, household, occupancy }): RosterRow => {
    const { row, building, unit, room, ...rest } = person;
    return { row, building, unit, room, occupancy: occupancy ?? households.get(household)?.occupancy ?? 'owner_occupied', ...rest };
  });
  return { rows, errors };
}
