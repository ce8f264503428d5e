// The workbench in the browser: the hierarchy collapses and expands, a clerk adds a custom column and
// fills it, the overdue filter shows what is late (with its section and task), and a saved view comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import type { ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { displayedRowIds, eventually, rowCell, showColumn } from '../helpers/workbench.js';
import { seedWorkbenchLedger, type SeededLedger } from './workbench-seed.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;
let seed: SeededLedger;

describe.runIf(chromiumAvailable())('workbench structure', () => {
  beforeAll(async () => {
    seed = await seedWorkbenchLedger(tmp.file('wb.db'));
    ({ serve, page, close: closeApp } = await openAppPage(tmp.file('wb.db')));
    await page.goto(serve.url);
    await rowCell(page, seed.ids.t1, 'task').waitFor();
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('shows sections spanning the grid and collapses and expands each level', async () => {
    const { ids } = seed;
    expect(await displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.i1, ids.i2, ids.t2, ids.s2, ids.t3, ids.t4]);
    expect(await rowCell(page, ids.s1, 'code').textContent()).toContain('一、优化教育资源布局');
    expect(await page.title()).toBe('2020年重点工作台账 - 台账');
    await page.screenshot({ path: screenshotPath('workbench-main') });

    // Collapse a task: its measure rows disappear; expand it again.
    await rowCell(page, ids.t1, 'code').getByTestId('tree-toggle').click();
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.t2, ids.s2, ids.t3, ids.t4]);
    // Collapse a section from the keyboard (Alt+←) on its title cell.
    await rowCell(page, ids.s2, 'code').click();
    await page.keyboard.press('Alt+ArrowLeft');
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.t2, ids.s2]);
    await page.screenshot({ path: screenshotPath('workbench-collapsed') });
    await page.keyboard.press('Alt+ArrowRight');
    await rowCell(page, ids.t1, 'code').getByTestId('tree-toggle').click();
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.i1, ids.i2, ids.t2, ids.s2, ids.t3, ids.t4]);

    // Level buttons: sections only, then everything.
    await page.getByTestId('show-sections').click();
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.s2]);
    await page.getByTestId('expand-all').click();
    await eventually(() => displayedRowIds(page)).toHaveLength(8);
  });

  it('adds a custom column, fills it with a normalised number, and keeps it after reload', async () => {
    const { ids } = seed;
    await page.getByTestId('open-columns').click();
    await page.getByTestId('column-add-label').fill('资金（万元）');
    await page.getByTestId('column-add-type').selectOption('number');
    await page.getByTestId('column-add-submit').click();
    await page.getByTestId('column-item-x1').waitFor();
    await page.screenshot({ path: screenshotPath('workbench-column-manager') });
    await page.getByTestId('column-manager-save').click();
    await eventually(() => page.locator('.ag-header-cell[col-id="x1"]').textContent()).toContain('资金（万元）');

    await showColumn(page, 'x1');
    await rowCell(page, ids.t1, 'x1').dblclick();
    await page.keyboard.type('１２００');
    await page.keyboard.press('Enter');
    await eventually(() => rowCell(page, ids.t1, 'x1').textContent()).toBe('1200');
    // A value that is not a number is refused with the reason, and the cell keeps its value.
    await rowCell(page, ids.t1, 'x1').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('很多');
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('notice').textContent()).toContain('不是数字');
    await eventually(() => rowCell(page, ids.t1, 'x1').textContent()).toBe('1200');

    // Hide a standard column and rename another: the layout is kept per ledger.
    await page.getByTestId('open-columns').click();
    await page.getByTestId('column-item-remarks').getByRole('checkbox').uncheck();
    await page.getByTestId('column-item-target').getByLabel('列名').fill('年度目标');
    await page.getByTestId('column-manager-save').click();
    // 备注 stood just before the custom column, which is in view: hidden, it is not drawn.
    await showColumn(page, 'x1');
    await eventually(() => page.locator('.ag-header-cell[col-id="remarks"]').count()).toBe(0);

    await page.reload();
    await rowCell(page, ids.t1, 'task').waitFor({ timeout: 15_000 });
    await showColumn(page, 'x1');
    await eventually(() => rowCell(page, ids.t1, 'x1').textContent(), { timeout: 15_000 }).toBe('1200');
    expect(await page.locator('.ag-header-cell[col-id="remarks"]').count()).toBe(0);
    await showColumn(page, 'target');
    expect(await page.locator('.ag-header-cell[col-id="target"]').textContent()).toContain('年度目标');
    const rows = await httpClient(serve).call('rows.list', { ledgerId: seed.ledgerId });
    expect(rows.find((r) => r.id === ids.t1)?.custom).toEqual({ x1: '1200' });
  });

  it('filters overdue rows, keeping their section and task, and saves the filter as a view', async () => {
    const { ids } = seed;
    await page.getByTestId('filter-overdue').check();
    // 2020 deadlines have passed: t1 (推进中) and its items, t3 (滞后) are overdue; t2 is 已完成, t4 is 长期坚持.
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.i1, ids.i2, ids.s2, ids.t3]);
    expect(await rowCell(page, ids.t3, 'deadline').locator('.deadline-cell.is-overdue').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('workbench-overdue') });

    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill('逾期事项');
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('view-picker').locator('option:checked').textContent()).toBe('逾期事项');
    await page.getByTestId('filter-clear').click();
    await eventually(() => displayedRowIds(page)).toHaveLength(8);

    // Search across the ledger, and filter by a unit through its alias-aware directory name.
    await page.getByTestId('filter-search').fill('东元');
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.i2]);
    await page.getByTestId('filter-clear').click();
    await page.getByTestId('filter-unit').selectOption('汉都第三幼儿园');
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t2]);

    await page.getByTestId('view-picker').selectOption({ label: '逾期事项' });
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.i1, ids.i2, ids.s2, ids.t3]);
  });

  it('sends a file dropped on the window to the import flow', async () => {
    const drop = (name: string) =>
      page.evaluate((fileName) => {
        const data = new DataTransfer();
        data.items.add(new File(['一、测试章节\n1.测试任务。落实具体措施。'], fileName, { type: 'text/plain' }));
        const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
        document.body.dispatchEvent(over);
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        return over.defaultPrevented;
      }, name);
    expect(await drop('照片.jpg')).toBe(true);
    await eventually(() => page.getByTestId('notice').textContent()).toContain('不能导入“照片.jpg”');
    await drop('2021年工作要点.txt');
    await eventually(() => page.getByTestId('tab-plan-import').getAttribute('aria-selected')).toBe('true');
    // The plan import page reads the dropped file itself.
    await eventually(() => page.getByTestId('plan-import').textContent()).toContain('工作要点原文：2021年工作要点.txt');
    expect(await page.getByTestId('plan-import').textContent()).toContain('测试任务');
    await page.getByTestId('tab-workbench').click();
  });

  it('keeps a units directory whose aliases name the unit wherever they were typed', async () => {
    const { t4 } = seed.ids;
    await page.getByTestId('open-units').click();
    await page.getByTestId('unit-add-name').fill('西安市未央区教师进修学校');
    await page.getByTestId('unit-add-aliases').fill('进修学校、教师进修校');
    await page.getByTestId('unit-add-submit').click();
    await eventually(() => page.getByTestId('unit-directory').locator('.unit-list .unit-row').count()).toBe(3);
    await page.screenshot({ path: screenshotPath('workbench-units') });
    await page.getByTestId('unit-directory').getByRole('button', { name: '关闭' }).click();

    await rowCell(page, t4, 'units').dblclick();
    await page.keyboard.type('进修学校');
    await page.keyboard.press('Enter');
    // The cell keeps what the clerk typed; the directory's name is derived: the unit filter finds the row.
    await eventually(() => rowCell(page, t4, 'units').textContent()).toBe('进修学校');
    await page.getByTestId('filter-unit').selectOption('西安市未央区教师进修学校');
    await eventually(() => displayedRowIds(page)).toEqual([seed.ids.s2, t4]);
    await page.getByTestId('filter-clear').click();
  });

  it('reorders rows by dragging and with Alt+↑/↓, and keeps the order', async () => {
    const { ids } = seed;
    // The handle is drawn once the pointer is over the row (not on every row scrolled through).
    const handle = rowCell(page, ids.t2, 'code').locator('.ag-drag-handle');
    expect(await handle.count()).toBe(0);
    await rowCell(page, ids.t2, 'leader').hover();
    await page.screenshot({ path: screenshotPath('workbench-row-drag-handle') });
    const from = (await handle.boundingBox())!;
    const to = (await rowCell(page, ids.t1, 'task').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + 5, from.y + ((to.y + 5 - from.y) * i) / 10);
    await page.mouse.up();
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t2, ids.t1, ids.i1, ids.i2, ids.s2, ids.t3, ids.t4]);
    const stored = await httpClient(serve).call('rows.list', { ledgerId: seed.ledgerId });
    expect(stored.map((r) => r.id)).toEqual([ids.s1, ids.t2, ids.t1, ids.i1, ids.i2, ids.s2, ids.t3, ids.t4]);

    // The moved row keeps the focus: Alt+↓ moves it back below task 1.
    await page.keyboard.press('Alt+ArrowDown');
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.i1, ids.i2, ids.t2, ids.s2, ids.t3, ids.t4]);
  });

  it('configures the status vocabulary with colours, and inserts and deletes rows', async () => {
    const { ids } = seed;
    await page.getByTestId('open-statuses').click();
    const dialog = page.getByRole('dialog', { name: '状态设置' });
    await dialog.getByRole('button', { name: '添加状态' }).click();
    await dialog.getByLabel('状态名称').last().fill('暂缓');
    await dialog.getByLabel('颜色').last().selectOption('purple');
    await dialog.getByRole('button', { name: '保存' }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('状态设置已保存');

    await showColumn(page, 'status');
    await rowCell(page, ids.t4, 'status').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('暂缓');
    await page.keyboard.press('Tab');
    await eventually(() => rowCell(page, ids.t4, 'status').locator('.status-pill.status-purple').textContent()).toBe('暂缓');
    expect(await page.getByTestId('filter-status').locator('option').allTextContents()).toContain('暂缓');

    // A child row under task 6, then deleted again (the deletion stays in the change log).
    await rowCell(page, ids.t4, 'task').click();
    await page.getByTestId('add-child-row').click();
    await eventually(() => displayedRowIds(page).then((r) => r.length)).toBe(9);
    const rows = await httpClient(serve).call('rows.list', { ledgerId: seed.ledgerId });
    const child = rows.find((r) => r.parentId === ids.t4)!;
    expect(child.level).toBe('item');
    await eventually(() => page.locator('.ag-row-focus').getAttribute('row-id')).toBe(String(child.id));
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('delete-row').click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('已删除 1 行');
    await eventually(() => displayedRowIds(page).then((r) => r.length)).toBe(8);
    const history = await httpClient(serve).call('rows.history', { rowId: child.id });
    expect(history.map((h) => h.action)).toEqual(['delete_row', 'insert_row']);
  });
});
