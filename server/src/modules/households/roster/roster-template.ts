import ExcelJS from 'exceljs';
import type { DataValidation, Worksheet } from 'exceljs';
import { IMPORT_COLUMNS, OCCUPANCY_LABELS, PERSON_TAGS, RELATIONS } from '@linli/shared';

type Column = (typeof IMPORT_COLUMNS)[number];

const WIDTHS: Record<Column, number> = {
  楼栋: 8, 单元: 8, 门牌号: 10, 居住类型: 11, 姓名: 14, 性别: 7, 出生日期: 13, 与户主关系: 12, 手机号: 15, 身份证号: 22, 标签: 24,
};

/** Hover notes on the header: the rule for each column where it is not obvious. */
const NOTES: Partial<Record<Column, string>> = {
  门牌号: '必填，如 301',
  居住类型: '自住、出租或空置；同一户填一次即可，不填按自住',
  姓名: '必填。“示例”开头的行不会导入',
  出生日期: '如 1945-03-02；填了身份证号可不填',
  手机号: '选填，11 位手机号',
  身份证号: '选填。填了身份证号，性别和出生日期以身份证号为准',
  标签: `选填，多个用顿号“、”隔开：${PERSON_TAGS.join('、')}`,
};

const EXAMPLES: readonly (readonly string[])[] = [
  ['29', '2', '301', '自住', '示例：张三', '男', '1945-03-02', '户主', '13812345678', '', '独居老人、党员'],
  ['29', '2', '301', '', '示例：李梅', '女', '1948-07-15', '配偶', '', '', '空巢'],
];

/** Drop-downs cover this many rows (the import takes at most 5000). */
const LAST_ROW = 5001;

const INSTRUCTIONS = [
  '1. 每行填写一个人。一户有几个人就填几行，每一行都重复填写这户的楼栋、单元、门牌号。',
  '2. 门牌号和姓名必须填写；小区没有楼栋或单元的，这两列可以空着。',
  '3. 居住类型从下拉框选：自住、出租、空置。同一户填一次即可，不填按自住。',
  '4. 性别填 男 或 女；出生日期写成 1945-03-02（也可以写 1945/3/2 或 1945年3月2日）。',
  `5. 与户主关系从下拉框选：${RELATIONS.join('、')}。`,
  '6. 手机号选填，填 11 位手机号。',
  '7. 身份证号选填。填了身份证号，性别和出生日期以身份证号为准，可以不填。这一列请保持“文本”格式，否则 Excel 会把末尾几位变成 0。',
  `8. 标签选填，可以填几个，用顿号“、”隔开，只能是：${PERSON_TAGS.join('、')}。`,
  '9. 姓名以“示例”开头的两行（灰色）只是样子，不会导入，可以删掉。',
  '10. 同一个文件改好后可以再导入一次：已经登记的人会被更新，不会重复登记。',
  '11. 导入后会列出哪几行没有导入、原因是什么；改好这几行再导入一次即可。',
  '12. 一个文件最多 5000 行。',
  '13. 名单里有个人信息，请妥善保管，不要转发到微信群。导入后手机号、身份证号加密保存，只有本网格工作人员可见。',
];

function listValidation(values: readonly string[], title: string): DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: title,
    error: `请从下拉框中选择：${values.join('、')}`,
  };
}

/**
 * exceljs types validations per cell only, but its model takes a range address ("D2:D5001") and
 * writes it as one rule; per-cell rules would create thousands of empty rows.
 */
function addValidation(sheet: Worksheet, range: string, validation: DataValidation): void {
  (sheet as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations.add(range, validation);
}

/** The roster template: one row per person, the address repeated for each person of a household. */
export async function rosterTemplateXlsx(gridName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '邻里微网格';
  wb.title = `${gridName}住户登记表`;

  const sheet = wb.addWorksheet('住户登记', { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text format everywhere: Excel would otherwise turn ID numbers into 3.30702E+17 and "2-301" into a date.
  sheet.columns = IMPORT_COLUMNS.map((header) => ({ header, key: header, width: WIDTHS[header], style: { numFmt: '@' } }));
  const header = sheet.getRow(1);
  header.height = 22;
  header.eachCell((cell, col) => {
    cell.font = { bold: true, size: 12 };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7F2EE' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF1C6B58' } } };
    const note = NOTES[IMPORT_COLUMNS[col - 1]!];
    if (note) cell.note = note;
  });
  for (const example of EXAMPLES) {
    sheet.addRow([...example]).font = { italic: true, color: { argb: 'FF8A8A8A' } };
  }

  const column = (name: Column): string => String.fromCharCode(65 + IMPORT_COLUMNS.indexOf(name));
  const range = (name: Column): string => `${column(name)}2:${column(name)}${LAST_ROW}`;
  addValidation(sheet, range('居住类型'), listValidation(Object.values(OCCUPANCY_LABELS), '居住类型'));
  addValidation(sheet, range('性别'), listValidation(['男', '女'], '性别'));
  addValidation(sheet, range('与户主关系'), listValidation(RELATIONS, '与户主关系'));

  const help = wb.addWorksheet('填写说明');
  help.columns = [{ width: 100 }];
  help.addRow([`「${gridName}」住户登记表 · 填写说明`]).font = { bold: true, size: 14 };
  help.addRow([]);
  for (const line of INSTRUCTIONS) {
    const row = help.addRow([line]);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.font = { size: 12 };
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}
