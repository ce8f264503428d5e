// A1-style addresses and ranges.

export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLS = 16_384;

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

const PART = /^\$?([A-Za-z]{0,3})\$?(\d{0,7})$/;

/**
 * Parses `A1`, `A1:C3`, and whole columns/rows (`A:C`, `2:5`) into a normalised range.
 * Returns null for anything else.
 */
export function parseRange(ref: string): CellRange | null {
  const [a, b = a] = ref.trim().split(':');
  const pa = PART.exec(a ?? '');
  const pb = PART.exec(b ?? '');
  if (!pa || !pb) return null;
  const [, ca = '', ra = ''] = pa;
  const [, cb = '', rb = ''] = pb;
  if ((!ca && !ra) || (!cb && !rb)) return null;
  const left = ca ? columnNumber(ca) : 1;
  const right = cb ? columnNumber(cb) : EXCEL_MAX_COLS;
  const top = ra ? Number(ra) : 1;
  const bottom = rb ? Number(rb) : EXCEL_MAX_ROWS;
  return {
    top: Math.min(top, bottom),
    bottom: Math.max(top, bottom),
    left: Math.min(left, right),
    right: Math.max(left, right),
  };
}

export function rangeArea(r: CellRange): number {
  return (r.bottom - r.top + 1) * (r.right - r.left + 1);
}

export function rangeRef(r: CellRange): string {
  const a = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellAddress(r.bottom, r.right)}`;
}
