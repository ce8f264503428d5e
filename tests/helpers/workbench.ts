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
