// A school's form is read and its rows normalised in the load worker: the app thread never builds the
// workbook model or reads its sheet (only a CSV, which no worker reads, is read here).
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { WORKBOOK_ERROR_MESSAGES } from '../../electron/backend/excel/index.js';
import { readSubmission } from '../../electron/backend/import/submission-reader.js';

// Counts the sheet reads of this thread; the worker has its own modules, which no mock reaches.
const sheetReads = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../electron/backend/excel/sheet-reader.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../electron/backend/excel/sheet-reader.js')>();
  return {
    ...actual,
    readLedgerSheet: (...args: Parameters<typeof actual.readLedgerSheet>) => {
      sheetReads.count++;
      return actual.readLedgerSheet(...args);
    },
  };
});

async function form(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报送表');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readSubmission off the app thread', () => {
  it('normalises an .xlsx form in the worker and returns the same rows and warnings', async () => {
    sheetReads.count = 0;
    const bytes = await form([
      ['报送单位：和平小学', null, null, null, '报送日期：2020年6月30日'],
      ['任务编号', '工作任务', '完成时限', '完成进度', '状态'],
      [5, '切实保障学位需求', '10月31日前', '８０％', '差不多了'],
    ]);
    const p = await readSubmission('和平小学-6月报送.xlsx', bytes, { ledgerYear: 2020, statuses: ['已完成', '推进中'] });
    expect(sheetReads.count).toBe(0);
    expect(p).toMatchObject({ name: '和平小学-6月报送.xlsx', size: bytes.length, error: null, sheet: '报送表', unitText: '和平小学', reportDate: '2020-06-30', month: { year: null, month: 6 }, year: 2020 });
    expect(p.rows.map((r) => [r.taskCode, r.deadline, r.percent, r.status, r.invalid])).toEqual([['5', '2020-10-31', 80, null, ['status']]]);
    // The ledger's own status labels reached the worker.
    expect(p.warnings.map((w) => w.message)).toEqual(['报送表!E3: “差不多了” 不是有效的状态（可填：已完成、推进中）']);
  });

  it('returns a form the worker cannot read as a failed file with its Chinese message', async () => {
    sheetReads.count = 0;
    const p = await readSubmission('空表.xlsx', await form([]), { ledgerYear: 2020 });
    expect(sheetReads.count).toBe(0);
    // The sheet is judged in the worker: its refusal comes back as it would have been made here.
    expect(p.error).toEqual({ code: 'no_data_sheet', message: WORKBOOK_ERROR_MESSAGES.no_data_sheet });
    expect(p.rows).toEqual([]);
  });

  it('reads a CSV here, the same way', async () => {
    sheetReads.count = 0;
    const csv = new TextEncoder().encode('任务编号,工作任务,完成进度\n5,切实保障学位需求,80%\n');
    const p = await readSubmission('和平小学-6月报送.csv', csv, { ledgerYear: 2020 });
    expect(sheetReads.count).toBe(1);
    expect(p.rows.map((r) => [r.taskCode, r.percent])).toEqual([['5', 80]]);
  });
});
