import ExcelJS from 'exceljs';
import { GENDER_LABELS, TENANCY_FLAG_LABELS, TENANCY_STATUS_LABELS, type TenancyFlag } from '@linli/shared';
import type { TenancyRow } from './tenancy.repository.js';

export type RosterExportRow = TenancyRow & { flags: TenancyFlag[]; idNumber: string | null; phone: string | null };

export const ROSTER_COLUMNS = ['序号', '姓名', '性别', '出生日期', '身份证号', '户籍地', '手机号', '工作单位', '出租房', '房间', '房东', '所属网格', '入住日期', '预计搬离', '状态', '搬离日期', '同住人', '最近核验', '提示'] as const;

/** Beijing date of an instant. */
function day(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** 出租房屋租客登记表 in the columns a police station's registration keeps. */
export async function rosterXlsx(title: string, rows: RosterExportRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '邻里微网格';
  const ws = wb.addWorksheet('租客登记', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.mergeCells(1, 1, 1, ROSTER_COLUMNS.length);
  ws.getCell('A1').value = title;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getRow(2).values = [...ROSTER_COLUMNS];
  ws.getRow(2).font = { bold: true };
  ws.columns = [6, 10, 6, 12, 22, 22, 14, 18, 20, 8, 10, 20, 12, 12, 8, 12, 20, 12, 20].map((width) => ({ width }));
  rows.forEach((r, i) => {
    const row = ws.addRow([
      i + 1, r.name, r.gender ? GENDER_LABELS[r.gender] : '', r.birth_date ?? '', r.idNumber ?? '', r.home_region ?? '', r.phone ?? '', r.employer ?? '',
      r.address, r.room, r.landlord_name, r.grid_name, r.move_in_date, r.expected_move_out_date ?? '', TENANCY_STATUS_LABELS[r.status], r.moved_out_on ?? '',
      r.co_residents.map((c) => (c.relation ? `${c.name}（${c.relation}）` : c.name)).join('、'), day(r.verified_at), r.flags.map((f) => TENANCY_FLAG_LABELS[f]).join('、'),
    ]);
    // text, so Excel keeps every digit of an ID number
    row.getCell(5).numFmt = '@';
    row.getCell(7).numFmt = '@';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
