// Work-plan import in the real renderer (Debian's Chromium against `taizhang serve` on a real SQLite file):
// pick a .docx, paste the sample plan, check the parsed tree and warnings, edit, create the ledger, land
// on the workbench with its rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { REPO_ROOT, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SAMPLE = readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'work-plan-2020.txt'), 'utf8');
const DOCX = path.join(REPO_ROOT, 'tests', 'fixtures', 'plans', 'other-bureau-plan.docx');

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;

const count = async (testId: string) => Number(await page.getByTestId(testId).textContent());

describe.runIf(chromiumAvailable())('plan import in the browser', () => {
  beforeAll(async () => {
    ({ serve, page, close: closeApp } = await openAppPage(tmp.file('e2e-plan.db')));
    await page.goto(serve.url);
    await page.getByTestId('tab-plan-import').click();
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('reads a .docx picked with the file picker', async () => {
    await page.getByTestId('plan-file').setInputFiles(DOCX);
    await expect.poll(() => page.getByTestId('plan-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await count('plan-section-count')).toBeGreaterThan(0);
    expect(await count('plan-task-count')).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-source-view').textContent()).toContain('工作要点');
    expect(await page.getByTestId('plan-ledger-name').inputValue()).toMatch(/工作要点台账$/);
  });

  it('parses the pasted sample, shows 7 sections, 33 tasks and the warnings, and creates the edited ledger', async () => {
    await page.getByTestId('plan-edit-text').click();
    await page.getByTestId('plan-text').fill(SAMPLE);
    await page.getByTestId('plan-parse').click();
    await expect.poll(() => page.getByTestId('plan-task-count').textContent(), { timeout: 15_000 }).toBe('33');
    expect(await count('plan-section-count')).toBe(7);
    expect(await page.getByTestId('plan-section').count()).toBe(7);
    expect(await page.getByTestId('plan-task').count()).toBe(33);
    expect(await page.getByTestId('plan-task-number').nth(32).inputValue()).toBe('33');

    const warnings = page.getByTestId('plan-warning');
    expect(await warnings.count()).toBe(2);
    expect(await warnings.nth(0).textContent()).toContain('“五、”重复');
    expect(await warnings.nth(1).textContent()).toContain('陕公网安备');

    // Targets are marked in the source text and in the tree.
    const marks = page.getByTestId('plan-source-view').getByTestId('plan-target-mark');
    expect(await marks.allTextContents()).toEqual(expect.arrayContaining(['增加学位5190个', '1—2所', '达到96%以上']));
    expect(await page.getByTestId('plan-target').allTextContents()).toHaveLength(26);

    // The clerk corrects the duplicated 五, shortens a title, drops a measure and a task, renames the ledger.
    await page.getByTestId('plan-section-numeral').nth(5).fill('六');
    await page.getByTestId('plan-task-title').nth(0).fill('强化思想武装');
    const measuresBefore = await count('plan-measure-count');
    await page.getByTestId('plan-task').nth(0).getByTestId('plan-measure-remove').first().click();
    expect(await count('plan-measure-count')).toBe(measuresBefore - 1);
    // Units: correct them for task 1.
    const firstTask = page.getByTestId('plan-task').nth(0);
    await firstTask.getByTestId('plan-edit-units').click();
    await firstTask.getByTestId('plan-lead-units').fill('办公室');
    await firstTask.getByTestId('plan-units').fill('组织人事科、各中小学');
    await firstTask.getByTestId('plan-units-save').click();
    expect(await firstTask.getByTestId('plan-task-units').allTextContents()).toEqual(['牵头：办公室', '责任：组织人事科、各中小学']);
    // Working on a task shows its lines in the source text.
    await page.getByTestId('plan-task-title').nth(4).click();
    await expect.poll(() => page.locator('.plan-line-active').textContent()).toContain('5.切实保障学位需求');
    expect(await page.locator('.plan-line-active').getByTestId('plan-target-mark').allTextContents()).toEqual(['6所', '增加学位5190个']);
    await page.getByTestId('plan-task').nth(32).getByTestId('plan-task-remove').click();
    expect(await count('plan-task-count')).toBe(32);
    expect(await page.getByTestId('plan-ledger-name').inputValue()).toBe('2020年工作要点台账');
    await page.getByTestId('plan-ledger-name').fill('未央区2020年工作要点台账');
    // Screenshot the top of the tree (warnings) with the source text scrolled to task 5.
    await page.getByTestId('plan-task-title').nth(4).click();
    await page.locator('.plan-result').evaluate((el) => (el.scrollTop = 0));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('plan-import') });

    await page.getByTestId('plan-create').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 15_000 }).toContain('已生成台账“未央区2020年工作要点台账”');
    expect(await page.getByTestId('notice').textContent()).toContain('7 个章节、32 条任务');
    await expect.poll(() => page.getByTestId('tab-workbench').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('ledger-picker').locator('option:checked').textContent()).toBe('未央区2020年工作要点台账');
    // The workbench's own rendering (full-width section rows, pinned columns) is its business: look for
    // the values by row index and column id wherever the grid puts them.
    const row = (index: number) => page.locator(`.ag-root-wrapper [row-index="${index}"]`);
    // Tree toggles (▾/▸) the workbench draws in front of a code are not part of the value.
    const cellText = async (index: number, colId: string) =>
      (await page.locator(`.ag-root-wrapper [row-index="${index}"] [col-id="${colId}"]`).first().textContent())?.replace(/^[▾▸►▼]\s*/, '');
    await expect.poll(() => row(0).allTextContents(), { timeout: 15_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('全面从严治党,坚持党对教育工作的领导')]),
    );
    expect(await cellText(1, 'code')).toBe('1');
    expect(await cellText(1, 'task')).toBe('强化思想武装');
    expect(await cellText(1, 'leadDept')).toBe('办公室');
    expect(await cellText(1, 'units')).toBe('组织人事科、各中小学');
    expect(await cellText(2, 'measures')).toContain('把学习贯彻党的十九届四中全会精神');
    await page.screenshot({ path: screenshotPath('plan-import-workbench') });
  });
});
