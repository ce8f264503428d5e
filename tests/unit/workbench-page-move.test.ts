// PageDown / PageUp on the ledger grid, without a browser: the rows AG Grid's own page navigation
// goes to (the grid carries the move out through its API so the type-to-edit catcher keeps the focus).
import { describe, expect, it } from 'vitest';
import { pageMove, rowIndexAtPixel, type PageView } from '../../renderer/src/pages/workbench/page-move.js';

/** Rows of the given heights (one number: that many 32-pixel rows), the viewport at `top`, `height` high. */
function view(rows: number | number[], top: number, height: number): PageView {
  const heights = typeof rows === 'number' ? Array.from({ length: rows }, () => 32) : rows;
  const tops: number[] = [];
  heights.reduce((top, h) => (tops.push(top), top + h), 0);
  return { top, height, rowCount: heights.length, rowTop: (i) => tops[i]!, rowHeight: (i) => heights[i]! };
}

describe('page move', () => {
  it('finds the row at a pixel, the first above the top and the last past the end', () => {
    const v = view(10, 0, 320);
    expect(rowIndexAtPixel(v, -5)).toBe(0);
    expect(rowIndexAtPixel(v, 0)).toBe(0);
    expect(rowIndexAtPixel(v, 31)).toBe(0);
    expect(rowIndexAtPixel(v, 32)).toBe(1);
    expect(rowIndexAtPixel(v, 100)).toBe(3);
    expect(rowIndexAtPixel(v, 10_000)).toBe(9);
    expect(rowIndexAtPixel(view([20, 60, 20, 100], 0, 50), 79)).toBe(1);
    expect(rowIndexAtPixel(view([20, 60, 20, 100], 0, 50), 80)).toBe(2);
  });

  it('pages down a page of rows from the focused one, the row at the bottom scrolled to the top', () => {
    // 500-pixel viewport at the top: 15 whole rows and a part; row 1 focused.
    expect(pageMove(view(50_000, 0, 500), 1, false)).toEqual({ scrollIndex: 15, scrollTo: 'top', focusIndex: 16 });
    // Scrolled to row 15 with row 16 focused: the next page.
    expect(pageMove(view(50_000, 480, 500), 16, false)).toEqual({ scrollIndex: 30, scrollTo: 'top', focusIndex: 31 });
  });

  it('pages up a page of rows, the row at the top scrolled to the bottom', () => {
    expect(pageMove(view(50_000, 960, 500), 31, true)).toEqual({ scrollIndex: 30, scrollTo: 'bottom', focusIndex: 16 });
  });

  it('stops at the first and last rows', () => {
    expect(pageMove(view(20, 160, 500), 15, false)).toEqual({ scrollIndex: 19, scrollTo: 'top', focusIndex: 19 });
    expect(pageMove(view(20, 0, 500), 3, true)).toEqual({ scrollIndex: 0, scrollTo: 'bottom', focusIndex: 0 });
    expect(pageMove(view(20, 0, 500), 0, true)).toEqual({ scrollIndex: 0, scrollTo: 'bottom', focusIndex: 0 });
    expect(pageMove(view(0, 0, 500), 0, false)).toBeNull();
  });

  it('moves at least one row when the view is lower than a row (shown from its top)', () => {
    expect(pageMove(view(10, 64, 20), 2, false)).toEqual({ scrollIndex: 3, scrollTo: 'top', focusIndex: 3 });
    expect(pageMove(view(10, 64, 20), 2, true)).toEqual({ scrollIndex: 1, scrollTo: 'top', focusIndex: 1 });
  });

  it('shows a row taller than the view from its top', () => {
    expect(pageMove(view([32, 32, 900, 32], 0, 500), 0, false)).toEqual({ scrollIndex: 2, scrollTo: 'top', focusIndex: 2 });
  });
});
