// Locators for AG Grid 36 cells (its DOM: rows carry row-index, cells carry col-id).
import type { Locator, Page } from 'playwright-core';

export function gridCell(page: Page, rowIndex: number, colId: string): Locator {
  return page.locator(`.ag-grid-scrolling-container [row-index="${rowIndex}"] [col-id="${colId}"]`);
}

/** Double-click a cell, type, and commit with Enter (Tab for long-text popups, where Enter is a newline). */
export async function editCell(page: Page, rowIndex: number, colId: string, text: string, commitKey = 'Enter'): Promise<void> {
  const cell = gridCell(page, rowIndex, colId);
  await cell.dblclick();
  await page.keyboard.type(text);
  await page.keyboard.press(commitKey);
}
