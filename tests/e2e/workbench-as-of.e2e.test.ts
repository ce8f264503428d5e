// The grid as of a month in the browser: it opens at the latest month with data, a task that reported
// nothing itself shows its units' rolled-up status and progress (visibly derived) and a light, a value
// carried from May is marked 5月 in June, March clears June's 逾期 and changes the light, the status
// categories and light thresholds of 状态设置 change lights, and a child's edit updates its parent at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBackend } from '../../electron/backend/backend.js';
import { createClient } from '#shared/client.js';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import type { ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually, rowCell, showColumn } from '../helpers/workbench.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;
const ids: Record<string, number> = {};
/** `rows.list` calls the page made (a reload would make one). */
let rowReads = 0;

/** A 2020 ledger: task 1 (due 6月底前) with two unit rows (due 年底前) reporting in May and June. */
async function seed(dbPath: string): Promise<void> {
  const backend = createBackend(dbPath, { actor: '办公室小王' });
  try {
    const client = createClient((m, i) => backend.dispatch(m, i));
    const { id: ledgerId } = await client.call('ledger.create', { name: '2020年督查台账', year: 2020 });
    const add = async (parentId: number | null, level: 'section' | 'task' | 'item', values: Record<string, string>) =>
      (await client.call('rows.add', { ledgerId, parentId, level, values, period: '2020-05' })).id;
    ids.s = await add(null, 'section', { code: '一', task: '优化教育资源布局' });
    ids.t = await add(ids.s, 'task', { code: '1', task: '加快学校建设，增加学位5190个', deadline: '6月底前' });
    ids.c1 = await add(ids.t, 'item', { units: '和平小学', measures: '新建教学楼', deadline: '年底前' });
    ids.c2 = await add(ids.t, 'item', { units: '东元中学', measures: '改扩建校舍', deadline: '年底前' });
    const set = (rowId: number, column: string, value: string, period: string) => client.call('cells.set', { rowId, column, value, period });
    // 和平小学 reported in May only; 东元中学 in May and June.
    await set(ids.c1, 'status', '推进中', '2020-05');
    await set(ids.c1, 'progressPct', '50%', '2020-05');
    await set(ids.c2, 'progressPct', '20%', '2020-05');
    await set(ids.c2, 'status', '推进中', '2020-06');
    await set(ids.c2, 'progressPct', '80%', '2020-06');
  } finally {
    backend.close();
  }
}

/** Scrolls the grid to its right end, where 完成进度, 状态 and 亮灯 are (for the screenshots). */
const scrollRight = () => page.locator('.ag-body-horizontal-scroll-viewport').evaluate((e) => (e.scrollLeft = e.scrollWidth));

const light = (rowId: number) => rowCell(page, rowId, 'light').locator('.light');
const overdueMark = (rowId: number) => rowCell(page, rowId, 'deadline').locator('.deadline-cell.is-overdue');

async function openStatusSettings() {
  await page.getByTestId('open-statuses').click();
  return page.getByRole('dialog', { name: '状态设置' });
}

describe.runIf(chromiumAvailable())('the grid as of a month', () => {
  beforeAll(async () => {
    await seed(tmp.file('asof.db'));
    ({ serve, page, close: closeApp } = await openAppPage(tmp.file('asof.db')));
    page.on('request', (r) => {
      if (r.url().includes('/api/rows.list')) rowReads++;
    });
    await page.goto(serve.url);
    await rowCell(page, ids.t!, 'task').waitFor();
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('opens as of the latest month with data, with derived roll-ups, lights and carried values', async () => {
    const picker = page.getByTestId('period-picker');
    await eventually(() => picker.inputValue()).toBe('2020-06');
    const options = await picker.locator('option').allTextContents();
    expect(options).toHaveLength(12);
    expect(options[0]).toBe('2020年12月');
    expect(options).toContain('2020年6月 ●');
    expect(options).toContain('2020年5月 ●');
    expect(options).not.toContain('各列最新');

    // Task 1 reported nothing: its units' roll-up, in italics, not its own value.
    await showColumn(page, 'status');
    const status = rowCell(page, ids.t!, 'status').locator('.derived-value');
    await eventually(() => status.textContent()).toBe('推进中');
    expect(await status.getAttribute('title')).toContain('由下级汇总');
    expect(await rowCell(page, ids.t!, 'progressPct').locator('.derived-value').textContent()).toBe('65%');
    // Due at the end of June and not done: overdue as of June, red.
    await showColumn(page, 'deadline');
    expect(await overdueMark(ids.t!).count()).toBe(1);
    await showColumn(page, 'light');
    expect(await light(ids.t!).textContent()).toBe('红灯');
    expect(await light(ids.t!).getAttribute('title')).toBe('进度 65% / 序时 100%，逾期，由下级汇总');
    // The units are on time (序时 50% by the year's end): green.
    expect(await light(ids.c2!).textContent()).toBe('绿灯');

    // 和平小学's May status, viewed in June: dimmed, marked 5月; 东元中学's is June's own.
    const carried = rowCell(page, ids.c1!, 'status');
    expect(await carried.getByTestId('carried-badge').textContent()).toBe('5月');
    expect(await carried.locator('.is-carried').getAttribute('title')).toBe('沿用2020年5月的填报');
    expect(await rowCell(page, ids.c1!, 'progressPct').getByTestId('carried-badge').textContent()).toBe('5月');
    expect(await rowCell(page, ids.c2!, 'status').getByTestId('carried-badge').count()).toBe(0);
    expect(await rowCell(page, ids.c2!, 'status').textContent()).toBe('推进中');
    await scrollRight();
    await page.screenshot({ path: screenshotPath('workbench-as-of-june') });
  });

  it('updates the parent’s roll-up when a child’s status is edited, without reloading the ledger', async () => {
    const reads = rowReads;
    await showColumn(page, 'status');
    await rowCell(page, ids.c2!, 'status').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('滞后');
    await page.keyboard.press('Enter');
    await eventually(() => rowCell(page, ids.t!, 'status').locator('.derived-value').textContent()).toBe('滞后');
    await eventually(() => rowCell(page, ids.s!, 'status').locator('.derived-value').textContent()).toBe('滞后');
    // Undo puts the child back, and the parent follows.
    await rowCell(page, ids.c2!, 'status').click();
    await page.keyboard.press('Control+Z');
    await eventually(() => rowCell(page, ids.t!, 'status').locator('.derived-value').textContent()).toBe('推进中');
    expect(rowReads).toBe(reads);
  });

  it('typing into a derived cell gives the parent its own status, which replaces the roll-up', async () => {
    await rowCell(page, ids.t!, 'status').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('已完成');
    await page.keyboard.press('Enter');
    await eventually(() => rowCell(page, ids.t!, 'status').locator('.status-pill').textContent()).toBe('已完成');
    expect(await rowCell(page, ids.t!, 'status').locator('.derived-value').count()).toBe(0);
    await eventually(() => light(ids.t!).textContent()).toBe('绿灯');
    await showColumn(page, 'deadline');
    expect(await overdueMark(ids.t!).count()).toBe(0);
    // Delete clears its own status again: the roll-up is back.
    await showColumn(page, 'status');
    await rowCell(page, ids.t!, 'status').click();
    await page.keyboard.press('Delete');
    await eventually(() => rowCell(page, ids.t!, 'status').locator('.derived-value').textContent()).toBe('推进中');
    await eventually(() => light(ids.t!).textContent()).toBe('红灯');
  });

  it('as of March: no 逾期 for the June deadline, another light, and the thresholds move it', async () => {
    await page.getByTestId('period-picker').selectOption('2020-03');
    // Nothing reported by March: not started, not yet overdue; 25 points behind 序时 (3 of 12 months) is yellow.
    await eventually(() => rowCell(page, ids.t!, 'status').locator('.derived-value').textContent()).toBe('未启动');
    await showColumn(page, 'deadline');
    expect(await overdueMark(ids.t!).count()).toBe(0);
    await showColumn(page, 'light');
    await eventually(() => light(ids.t!).textContent()).toBe('黄灯');
    expect(await light(ids.c1!).getAttribute('title')).toBe('进度 0% / 序时 25%');
    expect(await rowCell(page, ids.c1!, 'status').textContent()).toBe('');

    // Green up to 30 points behind: the same rows turn green.
    const dialog = await openStatusSettings();
    await dialog.getByTestId('threshold-green').fill('30');
    await dialog.getByTestId('threshold-yellow').fill('40');
    await dialog.getByTestId('save-statuses').click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('状态设置已保存');
    await eventually(() => light(ids.t!).textContent()).toBe('绿灯');
    expect(await light(ids.c1!).textContent()).toBe('绿灯');
  });

  it('follows a status’s category: 推进中 counted as 已完成 turns the overdue task green', async () => {
    await page.getByTestId('period-picker').selectOption('2020-06');
    await eventually(() => light(ids.t!).textContent()).toBe('红灯');
    const dialog = await openStatusSettings();
    const item = dialog.getByTestId('status-item').filter({ has: page.locator('input[value="推进中"]') });
    expect(await item.getByTestId('status-category').inputValue()).toBe('inProgress');
    await item.getByTestId('status-category').selectOption('done');
    await dialog.getByTestId('save-statuses').click();
    await eventually(() => light(ids.t!).textContent()).toBe('绿灯');
    expect(await rowCell(page, ids.t!, 'status').locator('.derived-value').textContent()).toBe('已完成');
    await showColumn(page, 'deadline');
    expect(await overdueMark(ids.t!).count()).toBe(0);
    await scrollRight();
    await page.screenshot({ path: screenshotPath('workbench-as-of-categories') });
  });
});
