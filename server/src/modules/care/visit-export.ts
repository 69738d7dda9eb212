import ExcelJS from 'exceljs';
import { VISIT_METHOD_LABELS, VISIT_OUTCOME_LABELS, type VisitMethod, type VisitOutcome } from '@linli/shared';
import { beijingDateTime } from '../../common/time/beijing.js';

export interface ExportRow {
  person_name: string;
  id_number_masked: string | null;
  gender: 'male' | 'female' | null;
  birth_date: string | null;
  address: string;
  grid_name: string;
  occurred_at: Date;
  method: VisitMethod;
  outcome: VisitOutcome;
  note: string | null;
  carer_name: string;
}


/** 走访记录 in the columns civil affairs offices keep; ID numbers stay masked. */
export async function visitLogXlsx(title: string, rows: ExportRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '邻里微网格';
  const ws = wb.addWorksheet('走访记录', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.mergeCells('A1:I1');
  ws.getCell('A1').value = title;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getRow(2).values = ['序号', '姓名', '身份证号', '住址', '所属网格', '走访时间', '走访方式', '走访结果', '走访人', '情况说明'];
  ws.getRow(2).font = { bold: true };
  ws.columns = [{ width: 6 }, { width: 10 }, { width: 22 }, { width: 18 }, { width: 20 }, { width: 18 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 40 }];
  rows.forEach((r, i) => {
    ws.addRow([i + 1, r.person_name, r.id_number_masked ?? '', r.address, r.grid_name, beijingDateTime(r.occurred_at), VISIT_METHOD_LABELS[r.method], VISIT_OUTCOME_LABELS[r.outcome], r.carer_name, r.note ?? '']);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
