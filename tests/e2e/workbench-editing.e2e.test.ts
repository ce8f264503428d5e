// Editing like a spreadsheet in the browser: edit + undo/redo (saved and logged, not just on screen),
// Delete clears, a 3×2 tab-separated block pasted from Excel lands in the right cells and is undone in
// one step, values are validated and normalised, and the history panel shows who changed what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, screenshotPath } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually, rowCell, showColumn } from '../helpers/workbench.js';
import { seedWorkbenchLedger, type SeededLedger } from './workbench-seed.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let browser: { browser: Browser; close(): Promise<void> };
let page: Page;
let seed: SeededLedger;

async function stored(rowId: number, field: string): Promise<string> {
  const rows = await httpClient(serve).call('rows.list', { ledgerId: seed.ledgerId });
  const row = rows.find((r) => r.id === rowId)!;
  return (row.values as Record<string, string>)[field] ?? row.custom?.[field] ?? '';
}

async function typeInto(rowId: number, column: string, text: string, commitKey = 'Enter'): Promise<void> {
  await showColumn(page, column);
  await rowCell(page, rowId, column).dblclick();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press(commitKey);
}

describe.runIf(chromiumAvailable())('workbench editing', () => {
  beforeAll(async () => {
    seed = await seedWorkbenchLedger(tmp.file('wb.db'));
    serve = await startServe(tmp.file('wb.db'));
    browser = await launchBrowser();
    const context = await browser.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });
    page = await context.newPage();
    await page.goto(serve.url);
    await rowCell(page, seed.ids.t1, 'task').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    tmp.cleanup();
  });

  it('edits a cell, undoes and redoes it with Ctrl+Z / Ctrl+Y, and stores each step', async () => {
    const { t1 } = seed.ids;
    await typeInto(t1, 'leader', '赵局长');
    await eventually(() => rowCell(page, t1, 'leader').textContent()).toBe('赵局长');
    await eventually(() => stored(t1, 'leader')).toBe('赵局长');

    await rowCell(page, t1, 'leader').click();
    await page.keyboard.press('Control+Z');
    await eventually(() => rowCell(page, t1, 'leader').textContent()).toBe('张局长');
    await eventually(() => stored(t1, 'leader')).toBe('张局长');

    await page.keyboard.press('Control+Y');
    await eventually(() => rowCell(page, t1, 'leader').textContent()).toBe('赵局长');
    await eventually(() => stored(t1, 'leader')).toBe('赵局长');

    // Delete clears the focused cell; undo brings it back.
    await showColumn(page, 'target');
    await rowCell(page, t1, 'target').click();
    await page.keyboard.press('Delete');
    await eventually(() => stored(t1, 'target')).toBe('');
    await page.keyboard.press('Control+Z');
    await eventually(() => stored(t1, 'target')).toBe('5190个');
  });

  it('normalises full-width numbers and percentages and refuses what is not one, with the reason', async () => {
    const { t3 } = seed.ids;
    await typeInto(t3, 'progressPct', '８０％');
    await eventually(() => rowCell(page, t3, 'progressPct').textContent()).toBe('80%');
    await typeInto(t3, 'progressPct', '大约一半');
    await eventually(() => page.getByTestId('notice').textContent()).toContain('不是百分数');
    await eventually(() => rowCell(page, t3, 'progressPct').textContent()).toBe('80%');
    await typeInto(t3, 'status', '序时推进');
    await eventually(() => rowCell(page, t3, 'status').textContent()).toBe('推进中');
  });

  it('pastes a 3×2 block of tab-separated text from the clipboard and undoes it in one step', async () => {
    const { t1, i1, i2 } = seed.ids;
    await page.evaluate(() => navigator.clipboard.writeText('刘局长\t督导室\r\n陈科长\t安全科\r\n"周主任"\t"基础教育科\n（牵头）"\r\n'));
    await showColumn(page, 'leader');
    await rowCell(page, t1, 'leader').click();
    await page.keyboard.press('Control+V');
    await eventually(() => stored(i2, 'leadDept')).toBe('基础教育科\n（牵头）');
    expect(await stored(t1, 'leader')).toBe('刘局长');
    expect(await stored(t1, 'leadDept')).toBe('督导室');
    expect(await stored(i1, 'leader')).toBe('陈科长');
    expect(await stored(i1, 'leadDept')).toBe('安全科');
    expect(await stored(i2, 'leader')).toBe('周主任');
    expect(await rowCell(page, i1, 'leadDept').textContent()).toBe('安全科');
    expect(await page.getByTestId('notice').textContent()).toContain('已粘贴 6 个单元格');
    await page.screenshot({ path: screenshotPath('workbench-pasted') });

    // Copying a cell puts its text on the clipboard.
    await rowCell(page, i1, 'leader').click();
    await page.keyboard.press('Control+C');
    await eventually(() => page.evaluate(() => navigator.clipboard.readText())).toBe('陈科长');

    await page.keyboard.press('Control+Z');
    // The step is undone last cell first, so the first pasted cell is the last one written back.
    await eventually(() => stored(t1, 'leader')).toBe('赵局长');
    expect(await stored(i2, 'leadDept')).toBe('');
    expect(await stored(t1, 'leadDept')).toBe('规划建设科');
    expect(await stored(i1, 'leader')).toBe('');

    // One value pasted onto several selected rows fills the column.
    const { t3, t4 } = seed.ids;
    await page.evaluate(() => navigator.clipboard.writeText('重点督办'));
    await showColumn(page, 'remarks');
    await rowCell(page, t3, 'remarks').click();
    await rowCell(page, t4, 'remarks').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+V');
    await eventually(() => stored(t4, 'remarks')).toBe('重点督办');
    expect(await stored(t3, 'remarks')).toBe('重点督办');
    await page.keyboard.press('Control+Z');
    await eventually(() => stored(t3, 'remarks')).toBe('');
  });

  it('shows the history of the current row in the side panel, with old → new, who and where from', async () => {
    const { t1 } = seed.ids;
    await page.getByTestId('toggle-history').click();
    await showColumn(page, 'leader');
    await rowCell(page, t1, 'leader').click();
    const panel = page.getByTestId('history-panel');
    // The panel may first show the row that was current before the click: wait for this row's entries.
    await eventually(async () => (await panel.textContent()) ?? '').toContain('责任领导：张局长 → 赵局长');
    await eventually(() => panel.getByTestId('history-list').locator('li').count()).toBeGreaterThan(4);
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('责任领导：张局长 → 赵局长');
    expect(text).toContain('手工修改');
    expect(text).toContain('新建此行');
    expect(text).toContain('办公室小王');
    // The undo of the first test is logged as what it is: 撤销 and the step it reversed.
    expect(text).toContain('撤销：修改“责任领导”');
    // Editing while the panel is open adds the change to it (Tab keeps the focus on the row).
    await typeInto(t1, 'target', '5200个', 'Tab');
    await eventually(async () => (await panel.textContent()) ?? '').toContain('目标值：5190个 → 5200个');
    await showColumn(page, 'leader');
    await rowCell(page, t1, 'leader').click();
    await page.screenshot({ path: screenshotPath('workbench-history') });
  });

  it('keeps progress per month: the period picker switches the month, the history shows it month by month', async () => {
    const { t4 } = seed.ids;
    // The seeded 2020 ledger's values were written for its last month, so the grid opens as of 2020-12
    // (the latest month with data), whatever today is.
    const latest = '2020-12';
    const previous = '2020-11';
    expect(await page.getByTestId('period-picker').inputValue()).toBe(latest);
    await showColumn(page, 'status');
    expect(await rowCell(page, t4, 'status').textContent()).toBe('推进中');

    await page.getByTestId('period-picker').selectOption(previous);
    await eventually(() => rowCell(page, t4, 'status').textContent()).toBe('');
    await typeInto(t4, 'progress', '已开展师德专题培训3场', 'Tab');
    await typeInto(t4, 'status', '未启动', 'Tab');
    await eventually(() => rowCell(page, t4, 'status').textContent()).toBe('未启动');
    // Saved in that month (the cell shows the value while it is being saved).
    await eventually(async () => (await httpClient(serve).call('rows.list', { ledgerId: seed.ledgerId, period: previous })).find((r) => r.id === t4)?.values.status).toBe('未启动');

    await page.getByTestId('period-picker').selectOption(latest);
    await eventually(() => rowCell(page, t4, 'status').textContent()).toBe('推进中');
    // December reported no progress text: November's is carried forward, dimmed and marked with its month.
    await showColumn(page, 'progress');
    const progress = rowCell(page, t4, 'progress');
    await eventually(() => progress.getByTestId('carried-badge').textContent()).toBe('11月');
    expect(await progress.textContent()).toBe('已开展师德专题培训3场11月');
    expect(await progress.locator('.period-value.is-carried').getAttribute('title')).toBe('沿用2020年11月的填报');

    await rowCell(page, t4, 'task').click();
    const months = page.getByTestId('history-panel').locator('.history-months');
    await eventually(() => months.locator('tbody tr').count()).toBe(2);
    await eventually(async () => (await months.textContent()) ?? '').toContain('未启动');
    const text = (await months.textContent()) ?? '';
    expect(text).toContain('推进中');
    expect(text).toContain('已开展师德专题培训3场');
    await page.screenshot({ path: screenshotPath('workbench-history-months') });
  });
});
