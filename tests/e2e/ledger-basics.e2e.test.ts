// The first vertical slice end to end: the real renderer in Debian's Chromium against `taizhang serve`
// on a real SQLite file: create a ledger, add a row, edit a cell, reload, and the edit is still there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { editCell, gridCell } from '../helpers/grid.js';
import type { ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;

describe.runIf(chromiumAvailable())('ledger basics in the browser', () => {
  beforeAll(async () => {
    ({ serve, page, close: closeApp } = await openAppPage(tmp.file('e2e.db')));
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('creates a ledger, adds a row, edits a cell, and keeps it after reload', async () => {
    await page.goto(serve.url);
    await expect.poll(() => page.getByText('还没有台账。').isVisible()).toBe(true);

    await page.getByTestId('new-ledger').click();
    await page.getByTestId('new-ledger-name').fill('2020年重点工作台账');
    await page.getByTestId('new-ledger-submit').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('已新建台账');
    expect(await page.title()).toBe('2020年重点工作台账 - 台账');

    await page.getByTestId('add-row').click();
    await gridCell(page, 0, 'task').waitFor();
    await editCell(page, 0, 'task', '全面落实三年行动计划', 'Tab');
    await editCell(page, 0, 'deadline', '6月底前');
    await expect.poll(() => gridCell(page, 0, 'deadline').textContent()).toBe('6月底前');
    await expect.poll(() => gridCell(page, 0, 'task').textContent()).toBe('全面落实三年行动计划');
    await page.screenshot({ path: screenshotPath('ledger-basics-edited') });

    await page.reload();
    await expect.poll(() => gridCell(page, 0, 'deadline').textContent(), { timeout: 15_000 }).toBe('6月底前');
    expect(await gridCell(page, 0, 'task').textContent()).toBe('全面落实三年行动计划');
    expect(await page.getByTestId('ledger-picker').locator('option:checked').textContent()).toBe('2020年重点工作台账');
    // The header is in Chinese, AG Grid's own texts too.
    expect(await page.locator('.ag-header-cell-text').first().textContent()).toBe('序号');
  });
});
