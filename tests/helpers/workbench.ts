// Locators and actions for the workbench grid, addressed by row id (stable while rows are hidden or moved).
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export function rowCell(page: Page, rowId: number, colId: string): Locator {
  return page.locator(`.ag-row[row-id="${rowId}"] [col-id="${colId}"]`);
}

export function gridRow(page: Page, rowId: number): Locator {
  return page.locator(`.ag-grid-scrolling-container .ag-row[row-id="${rowId}"]`);
}

/** Row ids in display order (what the clerk sees, top to bottom). */
export async function displayedRowIds(page: Page): Promise<number[]> {
  return page.$$eval('.ag-grid-scrolling-container .ag-row', (rows) =>
    rows
      .map((r) => ({ id: Number(r.getAttribute('row-id')), index: Number(r.getAttribute('row-index')) }))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.id),
  );
}

/** Puts tab-separated text on the clipboard event of the focused cell, as Ctrl+V from Excel does. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** expect.poll with room for a loaded machine (the default second is too short when tests run in parallel). */
export function eventually<T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(fn, { interval: 100, ...options, timeout: Math.max(options.timeout ?? 0, 15_000) });
}

/**
 * Scrolls the grid sideways, as a clerk drags its scrollbar, until column `colId` is wholly in view:
 * the grid renders only the columns near the view (pinned ones always).
 */
export async function showColumn(page: Page, colId: string): Promise<void> {
  const inView = () =>
    page.evaluate((id) => {
      // Wholly shown: both ends of its header are what is seen at those points (not clipped, not covered).
      const header = document.querySelector(`.ag-header-cell[col-id="${id}"]`);
      if (!header) return false;
      const h = header.getBoundingClientRect();
      const y = (h.top + h.bottom) / 2;
      return [h.left + 2, h.right - 2].every((x) => document.elementFromPoint(x, y)?.closest('.ag-header-cell') === header);
    }, colId);
  if (await inView()) return;
  const bar = page.locator('.ag-body-horizontal-scroll-viewport');
  const step = Math.max(50, Math.floor((await bar.evaluate((e) => e.clientWidth)) / 3));
  // The scroll width is read at each step: the grid may still be laying its columns out (after a filter or
  // a tab switch, on a loaded machine), and a width read once then can end the walk before it starts.
  for (let x = 0; x < (await bar.evaluate((e) => e.scrollWidth - e.clientWidth)) + step; x += step) {
    const max = await bar.evaluate((e) => e.scrollWidth - e.clientWidth);
    // Setting the position it already has fires no scroll event, and the bar can be out of step with the
    // cells after keyboard moves: nudge it a frame earlier, so AG Grid always hears of the new position.
    const left = Math.min(x, max);
    if ((await bar.evaluate((e) => e.scrollLeft)) === left) {
      await bar.evaluate((e, to) => (e.scrollLeft = to), left > 0 ? left - 1 : left + 1);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    }
    await bar.evaluate((e, to) => (e.scrollLeft = to), left);
    // AG Grid draws the columns of the new position in the frames after the scroll event; on a loaded
    // machine that takes more frames, so also wait until the drawn headers stop changing (at most 2 s).
    const drawn = () => page.evaluate(() => [...document.querySelectorAll('.ag-header-cell[col-id]')].map((h) => `${h.getAttribute('col-id')}@${Math.round(h.getBoundingClientRect().left)}`).join());
    const until = Date.now() + 2_000;
    let last = '';
    let still = 0;
    // At least 10 frames (AG Grid may not move the headers in the first few), then until 3 frames without change.
    for (let frame = 0; (frame < 10 || still < 3) && Date.now() < until; frame++) {
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
      if (await inView()) return;
      const now = await drawn();
      still = now === last ? still + 1 : 0;
      last = now;
    }
    if (await inView()) return;
  }
  throw new Error(`column ${colId} never came wholly into view`);
}
