// Importing school submissions in the real renderer (Debian's Chromium) against `taizhang serve`: upload
// the three sample forms through the file input, read the preview, apply, see the values in the
// workbench, check the batch list and the tracker.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBackend } from '../../electron/backend/backend.js';
import { fixtureBytes, SUBMISSIONS } from '../fixtures/excel/fixture-files.js';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { REPO_ROOT, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { showColumn } from '../helpers/workbench.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;
const SAMPLE_PATHS = SUBMISSIONS.map((n) => path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', n));
const NO_UNIT = path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', 'messy', '新建 Microsoft Excel 工作表.xlsx');

/** The sample plan's ledger and the units directory, written before `serve` opens the file. */
async function seed(dbPath: string): Promise<void> {
  const backend = createBackend(dbPath, { actor: '办公室小王' });
  try {
    const ctx = { actor: '办公室小王', source: 'seed' };
    const plan = await backend.handlers['plan.parse']({ text: fixtureBytes('work-plan-2020.txt').toString('utf8') }, ctx);
    await backend.handlers['plan.createLedger']({ name: '2020年重点工作台账', year: plan.year, sections: plan.sections }, ctx);
    for (const [name, kind] of [['和平小学', 'school'], ['东元中学', 'school'], ['汉都三幼', 'kindergarten'], ['南党小学', 'school']] as const) {
      await backend.handlers['units.add']({ name, kind, aliases: [] }, ctx);
    }
  } finally {
    backend.close();
  }
}

describe.runIf(chromiumAvailable())('importing submissions in the browser', () => {
  beforeAll(async () => {
    const dbPath = tmp.file('e2e-submissions.db');
    await seed(dbPath);
    ({ serve, page, close: closeApp } = await openAppPage(dbPath));
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  // Generous limits: each file is parsed in a worker, and the machine may be busy with other suites.
  it('uploads the three samples, previews, applies, and the values are in the workbench', { timeout: 180_000 }, async () => {
    await page.goto(serve.url);
    await page.getByTestId('tab-submissions').click();
    await page.getByTestId('submission-dropzone').waitFor();
    // The month being collected, chosen once for the batch: a 2020 ledger without data opens at its
    // December, never at today's month.
    await expect.poll(() => page.getByTestId('submissions-page').getByTestId('period-picker').inputValue()).toBe('2020-12');
    await page.screenshot({ path: screenshotPath('submissions-empty') });

    await page.getByTestId('submission-file-input').setInputFiles([...SAMPLE_PATHS, NO_UNIT]);
    const cards = page.getByTestId('submission-file-card');
    await expect.poll(() => cards.count(), { timeout: 60_000 }).toBe(4);
    expect(await cards.evaluateAll((els) => els.map((e) => [e.getAttribute('data-file'), e.getAttribute('data-status')]))).toEqual([
      ['和平小学-6月报送.xlsx', 'ok'],
      ['东元中学-6月报送.xlsx', 'ok'],
      ['汉都三幼-6月报送.xlsx', 'ok'],
      ['新建 Microsoft Excel 工作表.xlsx', 'needs-unit'],
    ]);
    expect(await page.getByTestId('submission-totals').textContent()).toContain('3 个文件将导入，更新 0 个单元格，新增 13 行');

    // The first file's diff: its task 5 row goes under task 5 as a new 和平小学 row with 85%.
    const preview = page.getByTestId('submission-preview');
    const row5 = preview.getByTestId('submission-row').nth(1);
    expect(await row5.textContent()).toContain('5. 切实保障学位需求 › 新增 和平小学 行');
    expect(await row5.locator('[data-field="progressPct"]').textContent()).toContain('85%');
    await page.screenshot({ path: screenshotPath('submissions-preview') });

    // The file without a unit: the clerk chooses 南党小学, and it joins the import.
    const noUnit = cards.nth(3);
    await noUnit.locator('.sub-card-name').click();
    await noUnit.getByTestId('unit-chooser').selectOption({ label: '南党小学' });
    await expect.poll(() => noUnit.getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('submission-totals').textContent()).toContain('4 个文件将导入，更新 0 个单元格，新增 14 行');
    // …then unticks that file again: only the three samples go in.
    await noUnit.getByTestId('submission-file-include').uncheck();
    await expect.poll(() => page.getByTestId('submission-totals').textContent()).toContain('新增 13 行');

    await cards.nth(1).locator('.sub-card-name').click();
    expect(await preview.getByTestId('submission-row').nth(3).locator('[data-field="achieved"]').textContent()).toContain('0.2%');
    // Unticking one row takes it out of the totals; ticking it again puts it back.
    const include = preview.getByTestId('submission-row-include').nth(3);
    await include.uncheck();
    await expect.poll(() => page.getByTestId('submission-totals').textContent()).toContain('新增 12 行');
    await include.check();
    await expect.poll(() => page.getByTestId('submission-totals').textContent()).toContain('新增 13 行');

    await page.getByTestId('submission-apply').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toContain('已导入批次 #1：3 个文件，更新 0 个单元格，新增 13 行');
    const batch = page.getByTestId('batch-row');
    await expect.poll(() => batch.count()).toBe(1);
    expect(await batch.first().textContent()).toContain('汉都三幼-6月报送.xlsx（汉都三幼，2020-06，3 行）');
    await page.screenshot({ path: screenshotPath('submissions-batches') });

    await page.getByTestId('submissions-view-tracker').click();
    await page.getByTestId('tracker-period').fill('2020-06');
    await expect.poll(() => page.getByTestId('tracker-summary').textContent()).toContain('已报送 3 个单位，未报送 1 个');
    expect(await page.getByTestId('tracker-unit').first().textContent()).toContain('南党小学未报送');
    await page.screenshot({ path: screenshotPath('submissions-tracker') });

    // The workbench shows the imported values: it opens as of the latest month with data, the imported June.
    await page.getByTestId('tab-workbench').click();
    await expect.poll(() => page.getByTestId('period-picker').inputValue(), { timeout: 20_000 }).toBe('2020-06');
    await page.getByTestId('filter-search').fill('室内装修中');
    await expect.poll(() => page.getByTestId('filter-count').textContent(), { timeout: 20_000 }).not.toContain('筛选出 0 行');
    await showColumn(page, 'progress');
    await expect.poll(() => page.locator('.ag-cell').filter({ hasText: '主体完工，室内装修中' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('submissions-workbench') });

    // Undo the whole batch from the batch list: the imported rows leave the workbench.
    await page.getByTestId('tab-submissions').click();
    await page.getByTestId('submissions-view-batches').click();
    await page.getByTestId('batch-undo').click();
    await page.getByTestId('batch-undo-confirm').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('已撤销批次 #1：恢复 0 个单元格，删除 13 行');
    await expect.poll(() => page.getByTestId('batch-row').first().getAttribute('data-status')).toBe('undone');
    await page.getByTestId('tab-workbench').click();
    await page.getByTestId('filter-search').fill('室内装修中');
    await expect.poll(() => page.getByTestId('filter-count').textContent(), { timeout: 20_000 }).toContain('筛选出 0 行');
  });

  it('shows old → new, unreadable cells, conflicting and broken files for messy forms', { timeout: 180_000 }, async () => {
    await page.getByTestId('tab-submissions').click();
    await page.getByTestId('submissions-view-preview').click();
    // The samples again (allowed after the undo), then the corrected and stale forms on top of them.
    await page.getByTestId('submission-file-input').setInputFiles(SAMPLE_PATHS);
    await expect.poll(() => page.getByTestId('submission-file-card').count(), { timeout: 60_000 }).toBe(3);
    await page.getByTestId('submission-apply').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toContain('已导入批次 #2');

    await page.getByTestId('submissions-view-preview').click();
    const messyPath = (n: string) => path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', 'messy', n);
    await page
      .getByTestId('submission-file-input')
      .setInputFiles(['和平小学-6月报送(更正).xlsx', '和平小学-6月报送(草稿).xlsx', '和平小学-6月报送(下载不完整).xlsx'].map(messyPath));
    const cards = page.getByTestId('submission-file-card');
    await expect.poll(() => cards.count(), { timeout: 60_000 }).toBe(3);
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['ok', 'ok', 'error']);
    expect(await cards.nth(0).textContent()).toContain('Sheet1!F10: “八十” 不是百分数');
    expect(await cards.nth(2).textContent()).toContain('文件已损坏或没有下载完整');
    // The selected file's values that cannot be taken, each with its cell, above its rows.
    expect(await page.getByTestId('submission-problem').allTextContents()).toEqual([
      'Sheet1!F10: “八十” 不是百分数',
      'Sheet1!A11: 任务编号 99 在台账中不存在，请核对任务编号',
    ]);
    const update = page.getByTestId('submission-preview').locator('[data-action="update"]').first();
    expect(await update.locator('[data-field="progress"]').textContent()).toBe('进展情况主体完工，室内装修中 → 主体完工，室内装修完成');
    await page.screenshot({ path: screenshotPath('submissions-messy') });
    // The clerk says the corrected form reports on July: it is compared with July's (empty) progress.
    await cards.nth(0).getByTestId('submission-file-period').fill('2020-07');
    await expect.poll(() => cards.nth(0).getByTestId('submission-file-message').textContent()).toContain('和平小学（2020-07）');
    await cards.nth(0).getByTestId('submission-file-period').fill('2020-06');
    await expect.poll(() => cards.nth(0).getByTestId('submission-file-message').textContent()).toContain('和平小学（2020-06）：更新 4 个单元格');
    await cards.nth(1).locator('.sub-card-name').click();
    expect(await page.getByTestId('submission-conflict').first().textContent()).toContain('与同一单位的“和平小学-6月报送(更正).xlsx”（2020-07-02）对同一行报送不一致，默认采用较新的');
    await page.screenshot({ path: screenshotPath('submissions-stale') });
  });
});
