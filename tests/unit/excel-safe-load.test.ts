// Loading in a worker with heap and time limits: the hostile files end as WorkbookErrors while
// this process carries on.

import { describe, expect, it } from 'vitest';
import { loadWorkbookSafely } from '../../electron/backend/excel/safe-load.js';
import { WorkbookError, type WorkbookErrorCode } from '../../electron/backend/excel/workbook-error.js';
import { readWorkbookModel } from '../../electron/backend/excel/workbook-reader.js';
import { excelFixture, submissionFixture, templateFixture, TEMPLATE_LEDGER } from '../fixtures/excel/fixture-files.js';
import { minimalXlsx, zipBombXlsx } from '../fixtures/excel/xlsx-builder.js';

async function rejection(p: Promise<unknown>): Promise<WorkbookError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkbookError);
    return err as WorkbookError;
  }
  throw new Error('expected a WorkbookError');
}

async function expectRejected(p: Promise<unknown>, code: WorkbookErrorCode, message?: RegExp): Promise<WorkbookError> {
  const err = await rejection(p);
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}

/**
 * 600,000 distinct texts: passes the guard only with relaxed limits, and the texts alone take ~56 MB of
 * heap once read (the cells themselves are typed arrays, outside the heap), far more than 32 MB.
 */
let heavy: Buffer | undefined;
const heavySheet = (): Buffer =>
  (heavy ??= minimalXlsx([
    { name: '报送表', rows: Array.from({ length: 300_000 }, (_, i) => [`第${i}项重点工作：完善工作机制，组织开展专项检查`, `完善第${i}项工作机制，组织开展专项检查，覆盖全区中小学校`]) },
  ]));
const RELAXED = { maxRows: 1_000_000, maxCells: 5_000_000 };

describe('loadWorkbookSafely', () => {
  it('returns the plain model of a real submission, read in a worker', async () => {
    const model = await loadWorkbookSafely(submissionFixture('汉都三幼-6月报送.xlsx'));
    const sheet = model.sheets[0];
    expect(sheet).toMatchObject({ name: '报送表', state: 'visible', maxCol: 11 });
    const e4 = sheet?.rows.find((r) => r.row === 4)?.cells.find((c) => c.address === 'E4');
    // Rich text arrives joined, as plain data (the model is structured-clone safe).
    expect(e4).toMatchObject({ value: '2020年8月31日', text: '2020年8月31日', row: 4, col: 5 });
    expect(sheet?.merges.map((m) => m.ref)).toEqual(['A1:K1', 'B2:C2', 'I2:K2']);
    expect(model.scan?.sheets[0]?.name).toBe('报送表');
  });

  it('matches the in-process reader', async () => {
    const bytes = templateFixture(TEMPLATE_LEDGER);
    const [inWorker, inProcess] = await Promise.all([loadWorkbookSafely(bytes), readWorkbookModel(bytes)]);
    expect(inWorker).toEqual(inProcess);
    expect(inWorker.sheets[0]).toMatchObject({ frozenRows: 4, printTitleRows: { first: 3, last: 4 } });
  });

  it('refuses encrypted, unreadable .xls, CSV and empty files', async () => {
    await expectRejected(loadWorkbookSafely(excelFixture('encrypted.xlsx')), 'encrypted');
    await expectRejected(loadWorkbookSafely(excelFixture('legacy.xls')), 'legacy_xls');
    await expectRejected(loadWorkbookSafely(excelFixture('gbk.csv')), 'not_xlsx');
    await expectRejected(loadWorkbookSafely(excelFixture('empty.xlsx')), 'not_xlsx');
  });

  it('refuses the honest and the lying 1 GiB zip bombs', async () => {
    await expectRejected(loadWorkbookSafely(zipBombXlsx()), 'zip_bomb');
    const err = await expectRejected(loadWorkbookSafely(zipBombXlsx({ declaredSize: 10_000 })), 'zip_bomb');
    expect(err.detail).toMatch(/inflates beyond/); // caught in the worker while inflating
  });

  it('refuses the whole-sheet merge in the worker, before exceljs allocates anything', async () => {
    const peakBefore = process.resourceUsage().maxRSS;
    await expectRejected(loadWorkbookSafely(excelFixture('whole-sheet-merge.xlsx')), 'too_large', /A1:XFD1048576/);
    expect(process.resourceUsage().maxRSS - peakBefore).toBeLessThan(500 * 1024); // KB
  });

  it('loads a sheet with a whole-sheet dropdown (validations are not read, so never expanded)', async () => {
    const model = await loadWorkbookSafely(excelFixture('whole-sheet-validation.xlsx'), { timeoutMs: 20_000 });
    expect(model.sheets[0]?.rows).toHaveLength(3);
    expect((await loadWorkbookSafely(templateFixture(TEMPLATE_LEDGER))).sheets[0]?.rows.length).toBeGreaterThan(0);
  });

  // The heavy sheet takes seconds to build and to exhaust the heap; on a loaded 2-core machine well over 30 s.
  it('turns a worker that runs out of heap into too_large, and this process survives', { timeout: 120_000 }, async () => {
    const err = await expectRejected(
      loadWorkbookSafely(heavySheet(), { maxHeapMb: 32, timeoutMs: 60_000, limits: RELAXED }),
      'too_large',
      /内存/,
    );
    expect(err.detail).toMatch(/32 MB heap/);
    // The next load works normally.
    await expect(loadWorkbookSafely(excelFixture('bogus-dimension.xlsx'))).resolves.toMatchObject({ sheets: [{ name: '报送表' }] });
  });

  it('terminates a worker that exceeds the time limit', async () => {
    const err = await expectRejected(
      loadWorkbookSafely(heavySheet(), { maxHeapMb: 2048, timeoutMs: 400, limits: RELAXED }),
      'timeout',
      /读取文件超过 1 秒仍未完成/,
    );
    expect(err.detail).toBe('worker exceeded 400 ms');
  });

  it('loads many files at once, a few workers at a time', async () => {
    const names = ['和平小学-6月报送.xlsx', '东元中学-6月报送.xlsx', '汉都三幼-6月报送.xlsx', '和平小学-6月报送.xlsx', '东元中学-6月报送.xlsx'];
    const models = await Promise.all(names.map((n) => loadWorkbookSafely(submissionFixture(n))));
    expect(models.map((m) => m.sheets[0]?.rows.length)).toEqual([8, 8, 6, 8, 8]);
  });

  it('reports a formula cached as 0 with its value (exceljs drops falsy results from cell.value)', async () => {
    const model = await loadWorkbookSafely(excelFixture('messy-ledger.xlsx'));
    const cells = model.sheets.find((s) => s.name === '重点工作台账')?.rows.flatMap((r) => r.cells) ?? [];
    expect(cells.find((c) => c.address === 'H7')).toMatchObject({ value: 0, text: '0', formula: 'F8-1080' });
    expect(cells.find((c) => c.address === 'H9')).toMatchObject({ value: null, formula: 'F9*2' });
    expect(cells.find((c) => c.address === 'E9')?.value).toEqual(new Date(Date.UTC(2020, 11, 31)));
    expect(model.sheets.map((s) => [s.name, s.state])).toEqual([
      ['填表说明', 'visible'],
      ['上月数据', 'hidden'],
      ['重点工作台账', 'visible'],
    ]);
  });
});
