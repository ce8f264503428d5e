// The app's own Chinese month field in real Chromium with an English locale (where the native
// <input type="month"> shows `June 2020`): no page has a native month input, typing 202006 / 2020-6 /
// 2020年6月 takes the month, nonsense is marked, the ▾ grid picks a month; and the window's manners:
// a notice stays with its page, disabled buttons look disabled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, screenshotPath } from '../helpers/browser.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually, rowCell } from '../helpers/workbench.js';
import { seedWorkbenchLedger, type SeededLedger } from './workbench-seed.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let browser: { browser: Browser; close(): Promise<void> };
let page: Page;
let seed: SeededLedger;

describe.runIf(chromiumAvailable() || process.env.CI === 'true')('month picker and page manners', () => {
  beforeAll(async () => {
    seed = await seedWorkbenchLedger(tmp.file('mp.db'));
    serve = await startServe(tmp.file('mp.db'));
    browser = await launchBrowser();
    page = await browser.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
    await page.goto(serve.url);
    await rowCell(page, seed.ids.t1!, 'task').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    tmp.cleanup();
  });

  it('has no native month input on any page', async () => {
    for (const tab of ['workbench', 'dashboard', 'plan-import', 'submissions', 'templates', 'ledger-import']) {
      await page.getByTestId(`tab-${tab}`).click();
      await eventually(() => page.getByTestId(`tab-${tab}`).getAttribute('aria-selected')).toBe('true');
      expect(await page.locator('input[type="month"]').count(), tab).toBe(0);
    }
  });

  it('takes a typed month in the forms clerks use and shows it in Chinese', async () => {
    await page.getByTestId('tab-templates').click();
    const field = page.getByTestId('export-period');
    await field.fill('202006');
    await eventually(() => field.getAttribute('data-value')).toBe('2020-06');
    await field.press('Tab');
    expect(await field.inputValue()).toBe('2020年6月');

    await field.fill('2020-7');
    await eventually(() => field.getAttribute('data-value')).toBe('2020-07');
    await field.fill('２０２０年８月');
    await eventually(() => field.getAttribute('data-value')).toBe('2020-08');

    // Not a month: marked, and the month chosen before stays.
    await field.fill('June 2020');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('data-value')).toBe('2020-08');
    await field.press('Tab');
    expect(await field.inputValue()).toBe('2020年8月');

    // The ▾ grid: year and 1月…12月, the month with data marked ●.
    await page.getByTestId('export-period-toggle').click();
    const grid = page.locator('.month-popover');
    expect(await grid.locator('.month-cell').allTextContents()).toContain('12月 ●');
    await grid.getByRole('button', { name: '上一年' }).click();
    expect(await grid.locator('.month-year').textContent()).toContain('2019年');
    await grid.getByRole('button', { name: '下一年' }).click();
    await page.screenshot({ path: screenshotPath('month-picker') });
    await grid.getByRole('button', { name: '3月', exact: true }).click();
    expect(await field.inputValue()).toBe('2020年3月');
    expect(await field.getAttribute('data-value')).toBe('2020-03');
    // Cleared: the latest month of each column, as the hint says.
    await field.fill('');
    await eventually(() => field.getAttribute('data-value')).toBe('');
  });

  it("keeps a notice on its own page: switching tabs clears it", async () => {
    await page.getByTestId('tab-workbench').click();
    await rowCell(page, seed.ids.t1!, 'leader').click();
    await page.keyboard.press('Control+Z');
    await eventually(() => page.getByTestId('notice').textContent()).toContain('没有可撤销的修改');
    await page.getByTestId('tab-templates').click();
    await eventually(() => page.getByTestId('notice').count()).toBe(0);
    await page.getByTestId('tab-workbench').click();
    expect(await page.getByTestId('notice').count()).toBe(0);
  });

  it('draws disabled buttons greyed out', async () => {
    await page.getByTestId('tab-workbench').click();
    const undo = page.getByTestId('undo');
    await undo.waitFor();
    expect(await undo.isDisabled()).toBe(true);
    const look = (sel: string) =>
      page.locator(sel).evaluate((el) => {
        const cs = getComputedStyle(el);
        return { color: cs.color, background: cs.backgroundColor };
      });
    const disabled = await look('[data-testid="undo"]');
    const enabled = await look('[data-testid="add-row"]');
    expect(disabled.color).not.toBe(enabled.color);
    expect(disabled.background).not.toBe(enabled.background);
  });
});
