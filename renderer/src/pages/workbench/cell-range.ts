// A rectangle of cells in the grid's display order (row index among the shown rows, column index
// among the shown columns). AG Grid Community has no range selection, so the grid keeps an anchor and
// an end cell itself: shift+arrows and a mouse drag move the end. Pure: no React, no AG Grid.

export interface CellPos {
  row: number;
  col: number;
}

export interface CellRect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function rectOf(a: CellPos, b: CellPos): CellRect {
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
}

export function rectCells(r: CellRect): number {
  return (r.bottom - r.top + 1) * (r.right - r.left + 1);
}

export function inRect(r: CellRect | null, row: number, col: number): boolean {
  return !!r && row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

export function rectRows(r: CellRect): number[] {
  return Array.from({ length: r.bottom - r.top + 1 }, (_, i) => r.top + i);
}

const STEP: Record<string, CellPos> = {
  ArrowUp: { row: -1, col: 0 },
  ArrowDown: { row: 1, col: 0 },
  ArrowLeft: { row: 0, col: -1 },
  ArrowRight: { row: 0, col: 1 },
};

export function isArrowKey(key: string): boolean {
  return key in STEP;
}

/** The end cell after shift+arrow (ctrl: to the edge, as Excel's Ctrl+Shift+arrow on a full column). */
export function stepEnd(end: CellPos, key: string, size: { rows: number; cols: number }, toEdge = false): CellPos {
  const d = STEP[key];
  if (!d) return end;
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  if (toEdge) {
    return {
      row: d.row ? (d.row < 0 ? 0 : size.rows - 1) : end.row,
      col: d.col ? (d.col < 0 ? 0 : size.cols - 1) : end.col,
    };
  }
  return { row: clamp(end.row + d.row, size.rows), col: clamp(end.col + d.col, size.cols) };
}
