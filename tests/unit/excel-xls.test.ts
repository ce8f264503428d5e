// Legacy .xls (BIFF8, saved by LibreOffice from the .xlsx fixtures: tests/fixtures/xls/make-xls.py)
// is read in the load worker into the same model as the .xlsx it was saved from, so every later
// step reads it the same way; a password-protected .xls says it is protected and what to do.

import { describe, expect, it } from 'vitest';
import { sniffFileKind } from '../../electron/backend/excel/file-signature.js';
import { loadWorkbookSafely } from '../../electron/backend/excel/safe-load.js';
import { readLedgerSheet } from '../../electron/backend/excel/sheet-reader.js';
import { WorkbookError } from '../../electron/backend/excel/workbook-error.js';
import type { CellModel, WorkbookModel } from '../../electron/backend/excel/workbook-model.js';
import { readWorkbookModel } from '../../electron/backend/excel/workbook-reader.js';
import { xlsxFromModel } from '../../electron/backend/excel/xls-convert.js';
import { excelFixture, fixtureBytes, xlsFixture } from '../fixtures/excel/fixture-files.js';

async function rejection(p: Promise<unknown>): Promise<WorkbookError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkbookError);
    return err as WorkbookError;
  }
  throw new Error('expected a WorkbookError');
}

/** What later steps read of a cell: value, text, whether it is a formula, errors. */
function cellFacts(model: WorkbookModel): Record<string, unknown>[] {
  return model.sheets.map((s) => ({
    name: s.name,
    state: s.state,
    maxRow: s.maxRow,
    maxCol: s.maxCol,
    merges: s.merges.map((m) => m.ref),
    printTitleRows: s.printTitleRows,
    cells: Object.fromEntries(
      s.rows.flatMap((r) => r.cells).map((c: CellModel) => [c.address, [c.value instanceof Date ? c.value.toISOString() : c.value, c.text, c.formula !== undefined, c.error ?? null]]),
    ),
  }));
}

const PAIRS: [string, string][] = [
  ['submissions/和平小学-6月报送.xlsx', '和平小学-6月报送.xls'],
  ['submissions/messy/和平小学-6月报送(更正).xlsx', '和平小学-6月报送(更正).xls'],
  ['ledgers/重点工作台账-2020年6月.xlsx', '重点工作台账-2020年6月.xls'],
  ['templates/报送模板-学校.xlsx', '报送模板-学校.xls'],
];

describe('legacy .xls', () => {
  it('is recognised by its OLE2 Workbook stream', () => {
    expect(sniffFileKind(xlsFixture('和平小学-6月报送.xls'))).toBe('ole-xls');
    expect(sniffFileKind(xlsFixture('加密-汉都三幼-6月报送.xls'))).toBe('ole-xls');
  });

  it.each(PAIRS)('%s saved as .xls reads into the same model: values, dates, formulas’ cached results, merges, hidden sheets', async (xlsx, xls) => {
    const [fromXlsx, fromXls] = await Promise.all([loadWorkbookSafely(fixtureBytes(xlsx)), loadWorkbookSafely(xlsFixture(xls))]);
    expect(fromXls.format).toBe('xls');
    expect(cellFacts(fromXls)).toEqual(cellFacts(fromXlsx));
  });

  it('keeps the facts later steps use: the hidden sheet, formulas with cached results, dates', async () => {
    const model = await loadWorkbookSafely(xlsFixture('和平小学-6月报送(更正).xls'));
    expect(model.sheets.map((s) => [s.name, s.state])).toEqual([
      ['填表说明', 'visible'],
      ['5月', 'hidden'],
      ['Sheet1', 'visible'],
    ]);
    const cells = model.sheets[2]!.rows.flatMap((r) => r.cells);
    expect(cells.filter((c) => c.formula !== undefined).length).toBeGreaterThan(0);
    expect(cells.find((c) => c.address === 'F9')).toMatchObject({ value: 1, numFmt: '0%' });
    const ledger = await loadWorkbookSafely(xlsFixture('重点工作台账-2020年6月.xls'));
    const g14 = ledger.sheets[0]!.rows.flatMap((r) => r.cells).find((c) => c.address === 'G14');
    // A date-formatted number is a UTC-midnight Date, as exceljs gives it for .xlsx.
    expect(g14).toMatchObject({ value: new Date('2020-07-31T00:00:00Z'), text: '2020-07-31' });
  });

  it('reads the same ledger sheet: header band, mapping, unit, rows', async () => {
    const [a, b] = await Promise.all([
      loadWorkbookSafely(fixtureBytes('submissions/和平小学-6月报送.xlsx')),
      loadWorkbookSafely(xlsFixture('和平小学-6月报送.xls')),
    ]);
    const [sa, sb] = [readLedgerSheet(a), readLedgerSheet(b)];
    expect(sb.meta.unit).toEqual(sa.meta.unit);
    expect(sb.meta.unit?.value).toBe('和平小学');
    expect(sb.band.headerRows).toEqual(sa.band.headerRows);
    expect(sb.mapping.columns.map((c) => c.field)).toEqual(sa.mapping.columns.map((c) => c.field));
    expect(sb.rows.map((r) => r.cells.map((c) => [c.address, c.text]))).toEqual(sa.rows.map((r) => r.cells.map((c) => [c.address, c.text])));
    expect(sb.rows.length).toBe(5);
  });

  it('converts to an .xlsx that reads back the same (a template is stored so), with the column widths', async () => {
    const model = await loadWorkbookSafely(xlsFixture('台账模板-重点工作推进情况.xls'));
    const converted = await readWorkbookModel(await xlsxFromModel(model));
    expect(cellFacts(converted)).toEqual(cellFacts(model));
    expect(model.sheets[0]!.colWidths?.slice(0, 3)).toEqual([6, 22, 46]);
  });

  it('a password-protected .xls says it is protected and what to do, not “resave as .xlsx”', async () => {
    const err = await rejection(loadWorkbookSafely(xlsFixture('加密-汉都三幼-6月报送.xls')));
    expect(err.code).toBe('encrypted');
    expect(err.message).toMatch(/密码保护.*请在 Excel\/WPS 中取消密码保护后另存再导入/);
    const xlsxErr = await rejection(loadWorkbookSafely(excelFixture('encrypted.xlsx')));
    expect(xlsxErr).toMatchObject({ code: 'encrypted', message: err.message });
  });

  it('an OLE2 file whose Workbook stream is not a workbook is refused with advice, in the worker', async () => {
    const err = await rejection(loadWorkbookSafely(excelFixture('legacy.xls')));
    expect(err.code).toBe('legacy_xls');
    expect(err.message).toMatch(/无法读取.*另存为.*\.xlsx/);
  });

  it('applies the guard’s sheet limits with its messages', async () => {
    const bytes = xlsFixture('重点工作台账-2020年6月.xls');
    const rows = await rejection(loadWorkbookSafely(bytes, { limits: { maxRows: 10 } }));
    expect(rows.code).toBe('too_large');
    expect(rows.message).toMatch(/工作表“重点工作台账”超过 10 行/);
    const merge = await rejection(loadWorkbookSafely(bytes, { limits: { maxMergeArea: 20 } }));
    expect(merge.code).toBe('too_large');
    expect(merge.message).toMatch(/合并单元格 .* 覆盖了/);
    const cells = await rejection(loadWorkbookSafely(bytes, { limits: { maxCells: 50 } }));
    expect(cells.message).toMatch(/超过 50 个单元格/);
  });

});
