// Workbook workers are reused between files (a batch pays tsx + exceljs start-up once per worker),
// and a worker stopped for time is never handed another file.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { KEEP_WARM_MAX_BYTES, loadWorkbookSafely, MAX_CONCURRENT_LOADS, workerPoolStats } from '../../electron/backend/excel/safe-load.js';
import { isWorkbookError } from '../../electron/backend/excel/workbook-error.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { minimalXlsx } from '../fixtures/excel/xlsx-builder.js';

const sample = fs.readFileSync(path.join(REPO_ROOT, 'tests/fixtures/submissions/和平小学-6月报送.xlsx'));

describe('workbook worker pool', () => {
  it('reuses warm workers across many loads', async () => {
    const before = workerPoolStats().spawned;
    for (let i = 0; i < 4; i++) expect((await loadWorkbookSafely(sample)).sheets.length).toBeGreaterThan(0);
    await Promise.all(Array.from({ length: 6 }, () => loadWorkbookSafely(sample)));
    expect(workerPoolStats().spawned - before).toBeLessThanOrEqual(MAX_CONCURRENT_LOADS);
    expect(workerPoolStats().busy).toBe(0);
  });

  it('replaces a worker stopped for time, and the next file still loads', async () => {
    // Tens of milliseconds of reading (a small form is read within the 1 ms), yet small enough to be kept warm.
    const slow = minimalXlsx([{ name: '报送表', rows: Array.from({ length: 20_000 }, (_, i) => [i + 1, `第${i + 1}项重点工作`]) }]);
    expect(slow.length).toBeLessThan(KEEP_WARM_MAX_BYTES);
    const idleBefore = workerPoolStats().idle;
    const err = await loadWorkbookSafely(slow, { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(isWorkbookError(err) && err.code).toBe('timeout');
    // The worker that took the file (a warm one if there was one) was terminated, not put back.
    expect(workerPoolStats().idle).toBe(Math.max(idleBefore - 1, 0));
    expect((await loadWorkbookSafely(sample)).sheets.length).toBeGreaterThan(0);
    expect(workerPoolStats().busy).toBe(0);
  });

  it('ends the worker after a big file instead of keeping its memory warm', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报送表');
    ws.addRow(['序号', '工作任务', '进展情况']);
    // Random text does not compress: enough rows to pass the keep-warm size.
    for (let i = 0; i < 34_000; i++) ws.addRow([i + 1, crypto.randomBytes(24).toString('base64'), crypto.randomBytes(24).toString('base64')]);
    const big = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(big.length).toBeGreaterThan(KEEP_WARM_MAX_BYTES);
    await loadWorkbookSafely(sample);
    const idleBefore = workerPoolStats().idle;
    expect(idleBefore).toBeGreaterThan(0);
    expect((await loadWorkbookSafely(big)).sheets[0].name).toBe('报送表');
    expect(workerPoolStats().idle).toBe(idleBefore - 1);
  }, 60_000);
});
