// Units at the point of need and the 单位目录 dialog, in the real renderer (Debian's Chromium) against
// `taizhang serve`: with an empty directory, the sample forms wait for their units; 添加为新单位 on the
// cards puts them in the directory without leaving the page, and the preview survives a tab switch and
// a reload. Then the directory: a pasted list and a 名录 file, each previewed before importing, and a merge.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { fixtureBytes, SUBMISSIONS } from '../fixtures/excel/fixture-files.js';
import { unitListXlsx } from '../fixtures/units/make-unit-list.js';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { REPO_ROOT, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;
const SAMPLE_PATHS = SUBMISSIONS.map((n) => path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', n));

/** The sample plan's ledger and an empty units directory. */
async function seed(dbPath: string): Promise<void> {
  const backend = createBackend(dbPath, { actor: '办公室小王' });
  try {
    const ctx = { actor: '办公室小王', source: 'seed' };
    const plan = await backend.handlers['plan.parse']({ text: fixtureBytes('work-plan-2020.txt').toString('utf8') }, ctx);
    await backend.handlers['plan.createLedger']({ name: '2020年重点工作台账', year: plan.year, sections: plan.sections }, ctx);
  } finally {
    backend.close();
  }
}

const cardStatuses = () => page.getByTestId('submission-file-card').evaluateAll((els) => els.map((e) => [e.getAttribute('data-file'), e.getAttribute('data-status')]));

describe.runIf(chromiumAvailable())('units directory and units at the point of need', () => {
  beforeAll(async () => {
    const dbPath = tmp.file('e2e-units.db');
    await seed(dbPath);
    ({ serve, page, close: closeApp } = await openAppPage(dbPath));
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('adds a form’s unit from its card, keeps the preview across a tab switch and a reload, and applies', { timeout: 180_000 }, async () => {
    await page.goto(serve.url);
    await page.getByTestId('tab-submissions').click();
    await page.getByTestId('submission-file-input').setInputFiles(SAMPLE_PATHS);
    const cards = page.getByTestId('submission-file-card');
    await expect.poll(() => cards.count(), { timeout: 60_000 }).toBe(3);
    expect(await cardStatuses()).toEqual([
      ['和平小学-6月报送.xlsx', 'needs-unit'],
      ['东元中学-6月报送.xlsx', 'needs-unit'],
      ['汉都三幼-6月报送.xlsx', 'needs-unit'],
    ]);
    // The kind is prefilled from the name: 和平小学 a school, 汉都三幼 a kindergarten.
    expect(await cards.nth(0).getByTestId('add-unit-kind').inputValue()).toBe('school');
    expect(await cards.nth(2).getByTestId('add-unit-kind').inputValue()).toBe('kindergarten');
    await page.screenshot({ path: screenshotPath('units-point-of-need') });

    await cards.nth(0).getByTestId('add-unit').click();
    await expect.poll(() => cards.nth(0).getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('notice').textContent()).toContain('已在单位目录中添加“和平小学”，1 个文件已对应到该单位');
    expect(await cards.nth(0).textContent()).toContain('单位：和平小学');

    // Another tab and back: the same preview, with the unit resolved.
    await page.getByTestId('tab-templates').click();
    await page.getByTestId('tab-submissions').click();
    await expect.poll(cardStatuses).toEqual([
      ['和平小学-6月报送.xlsx', 'ok'],
      ['东元中学-6月报送.xlsx', 'needs-unit'],
      ['汉都三幼-6月报送.xlsx', 'needs-unit'],
    ]);

    // 东元中学 as an alias of 和平小学 would be wrong; the clerk opens the chooser and cancels, then adds it.
    await cards.nth(1).getByTestId('alias-unit').click();
    expect(await cards.nth(1).getByTestId('alias-unit-target').locator('option').allTextContents()).toEqual(['（选择单位）', '和平小学']);
    await cards.nth(1).getByRole('button', { name: '取消' }).click();
    await cards.nth(1).getByTestId('add-unit').click();
    await expect.poll(() => cards.nth(1).getAttribute('data-status')).toBe('ok');

    // A reload: the preview is still there.
    await page.reload();
    await page.getByTestId('tab-submissions').click();
    await expect.poll(cardStatuses, { timeout: 20_000 }).toEqual([
      ['和平小学-6月报送.xlsx', 'ok'],
      ['东元中学-6月报送.xlsx', 'ok'],
      ['汉都三幼-6月报送.xlsx', 'needs-unit'],
    ]);
    await page.getByTestId('submission-file-card').nth(2).getByTestId('add-unit').click();
    await expect.poll(() => page.getByTestId('submission-file-card').nth(2).getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('submission-totals').textContent()).toContain('3 个文件将导入，更新 0 个单元格，新增 13 行');

    await page.getByTestId('submission-apply').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toContain('已导入批次 #1：3 个文件');

    // A kept preview the backend no longer has: said in Chinese, with the way back.
    await page.evaluate(() => {
      for (const k of Object.keys(sessionStorage)) if (k.startsWith('taizhang.submissions.preview.')) sessionStorage.setItem(k, JSON.stringify({ previewId: 'gone', selectedKey: null }));
      sessionStorage.setItem('taizhang.submissions.preview.1', JSON.stringify({ previewId: 'gone', selectedKey: null }));
    });
    await page.reload();
    await page.getByTestId('tab-submissions').click();
    await expect.poll(() => page.getByTestId('submission-expired').textContent()).toContain('上次的导入预览已失效');
    expect(await page.getByTestId('submission-reread').isVisible()).toBe(true);
  });

  it('imports a pasted list and a 名录 file with a preview, then merges two units', { timeout: 180_000 }, async () => {
    await page.getByTestId('tab-workbench').click();
    await page.getByTestId('open-units').click();
    const dialog = page.getByTestId('unit-directory');
    const items = dialog.getByTestId('unit-item');
    await expect.poll(() => items.count()).toBe(3);

    await dialog.getByTestId('unit-paste').fill(['单位名称\t单位类别\t简称/别名', '教育科\t\t教科、教育股', '和平小学\t学校\t和小', '城南幼', ''].join('\n'));
    await dialog.getByTestId('unit-paste-preview').click();
    const rows = dialog.getByTestId('unit-import-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.getAttribute('data-status')]))).toEqual([
      ['教育科', 'new'],
      ['和平小学', 'existing'],
      ['城南幼', 'new'],
    ]);
    expect(await rows.nth(0).textContent()).toContain('由名称推断');
    expect(await rows.nth(0).getByTestId('unit-import-kind').inputValue()).toBe('department');
    expect(await rows.nth(2).getByTestId('unit-import-kind').inputValue()).toBe('kindergarten');
    expect(await rows.nth(1).textContent()).toContain('将添加简称：和小');
    // Nothing is written before 导入.
    expect(await items.count()).toBe(3);
    await rows.nth(2).getByTestId('unit-import-kind').selectOption('other');
    await page.screenshot({ path: screenshotPath('units-paste-preview') });
    await dialog.getByTestId('unit-import-apply').click();
    await expect.poll(() => dialog.getByTestId('unit-info').textContent()).toContain('新增 2 个单位，更新 1 个');
    await expect.poll(() => items.count()).toBe(5);
    expect(await dialog.locator('[data-testid="unit-item"][data-name="城南幼"] select').inputValue()).toBe('other');

    // A 名录 workbook with a title row: 汉都第三幼儿园 claims 汉都三幼, which is a unit of its own now.
    const file = tmp.file('单位名录.xlsx');
    fs.writeFileSync(file, await unitListXlsx());
    await dialog.getByTestId('unit-import-file').setInputFiles(file);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(6);
    const conflict = dialog.locator('[data-testid="unit-import-row"][data-status="conflict"]');
    expect(await conflict.getAttribute('data-name')).toBe('汉都第三幼儿园');
    expect(await conflict.textContent()).toContain('简称“汉都三幼”已属于目录中的“汉都三幼”');
    await page.screenshot({ path: screenshotPath('units-file-preview') });
    await dialog.getByTestId('unit-import-apply').click();
    await expect.poll(() => dialog.getByTestId('unit-info').textContent()).toContain('1 行冲突未导入');
    // The list is reloaded after the message: wait for it rather than read it once.
    await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')).sort()), { timeout: 15_000 }).toEqual(
      ['东元中学', '和平小学', '汉都三幼', '教育科', '城南幼', '督查室', '区青少年活动中心'].sort(),
    );

    // Merge 汉都三幼 into 城南幼 (a stand-in for the full name): it becomes an alias and leaves the list.
    const sanyou = dialog.locator('[data-testid="unit-item"][data-name="汉都三幼"]');
    await sanyou.getByTestId('unit-merge').click();
    await sanyou.getByTestId('unit-merge-target').selectOption({ label: '城南幼' });
    await sanyou.getByTestId('unit-merge-confirm').click();
    await expect.poll(() => dialog.getByTestId('unit-info').textContent()).toContain('已把“汉都三幼”并入“城南幼”');
    await expect.poll(() => items.count()).toBe(6);
    expect(await dialog.locator('[data-testid="unit-item"][data-name="城南幼"] input[aria-label="简称"]').inputValue()).toBe('汉都三幼');
    await page.screenshot({ path: screenshotPath('units-merged') });
    await dialog.getByRole('button', { name: '关闭' }).click();
  });
});
