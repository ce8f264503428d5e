// Finds the header of a ledger-like sheet: skips title rows and notice lines, finds the header
// row(s) — one level, or two/three levels built from merged cells — and where data starts.

import { columnLetters, cellAddress } from './cell-address.js';
import { isHeaderText } from './header-vocabulary.js';
import { isFooterText, isNoticeText } from './notice-lines.js';
import { SheetGrid, type RowEntry } from './sheet-grid.js';
import { compactText, squashWhitespace, tidyLabel } from '#shared/text-normalise.js';
import type { SheetModel } from './workbook-model.js';

export interface HeaderColumn {
  col: number;
  letter: string;
  /** Header texts from the top header row down, merged parents included: ['目标任务', '目标值']. */
  path: string[];
  /** The path joined with '/': `目标任务/目标值`. */
  text: string;
  /** Cell holding the lowest header text of this column. */
  address: string;
}

export interface HeaderBand {
  sheet: string;
  titleRows: number[];
  title?: string;
  noticeRows: number[];
  headerRows: { first: number; last: number };
  columns: HeaderColumn[];
  firstDataRow: number;
  /** A row of column numbers (1, 2, 3 …) printed under the header, skipped. */
  columnNumberRow?: number;
  /** Header cells that look like ledger headers; a rough measure of confidence. */
  score: number;
}

export interface HeaderBandOptions {
  /** How far down to look for the header. */
  maxScanRows?: number;
}

const MAX_HEADER_LEVELS = 3;

function isLabelLine(text: string): boolean {
  return isNoticeText(text) || isFooterText(text);
}

/** Every form of a batch repeats its title, notices and header: each text is judged once per batch. */
const headerishCache = new Map<string, boolean>();
const HEADERISH_CACHE_MAX = 10_000;

function isHeaderish(text: string): boolean {
  const t = squashWhitespace(text);
  // Long texts (a school's progress, unique to each form) are no header and are not remembered.
  if (t.length > 30) return false;
  let headerish = headerishCache.get(t);
  if (headerish === undefined) {
    headerish = !isLabelLine(t) && isHeaderText(t);
    if (headerishCache.size >= HEADERISH_CACHE_MAX) headerishCache.clear();
    headerishCache.set(t, headerish);
  }
  return headerish;
}

function isNumeric(text: string): boolean {
  return /^[+-]?\d+(?:\.\d+)?%?$/.test(compactText(text));
}

/** A vertical merge crossing the boundary between `row` and `row + 1`. */
function mergeCrosses(row: number, entries: readonly RowEntry[]): boolean {
  return entries.some((e) => e.merge !== undefined && e.merge.top <= row && e.merge.bottom > row);
}

/** Whether the row below the band's current last row continues the header. */
function continuesHeader(grid: SheetGrid, last: number): boolean {
  const here = grid.rowEntries(last);
  const below = grid.rowEntries(last + 1);
  if (below.length === 0) return false;
  if (mergeCrosses(last, here)) return true;
  // A parent merged across several columns with sub-headers beneath it.
  const parents = here.filter((e) => e.merge && e.merge.right > e.merge.left && e.merge.bottom === last);
  // The same parent typed into adjacent cells instead of merged.
  for (let i = 0; i + 1 < here.length; i++) {
    const a = here[i];
    const b = here[i + 1];
    if (a && b && !a.merge && !b.merge && b.col === a.col + 1 && a.cell.text.trim() === b.cell.text.trim()) {
      parents.push({ ...a, merge: { top: last, bottom: last, left: a.col, right: b.col, ref: '' } });
    }
  }
  // Data rows carry numbers (序号, targets); a sub-header row does not.
  if (below.some((e) => isNumeric(e.cell.text))) return false;
  return parents.some((p) => {
    const under = below.filter((e) => p.merge && e.col >= p.merge.left && e.col <= p.merge.right);
    const short = under.every((e) => squashWhitespace(e.cell.text).length <= 20);
    // One short value under a wide header is as likely data; two labels or a known one is a header.
    return under.length > 0 && short && (under.length >= 2 || under.some((e) => isHeaderish(e.cell.text)));
  });
}

/** Whether the row above the band's first row is an upper header level. */
function extendsUpward(grid: SheetGrid, first: number): boolean {
  if (first <= 1) return false;
  const above = grid.rowEntries(first - 1);
  if (above.length < 2 || above.some((e) => isLabelLine(e.cell.text))) return false;
  if (mergeCrosses(first - 1, above)) return true;
  return above.some((e) => e.merge && e.merge.right > e.merge.left && e.merge.bottom === first - 1);
}

function isColumnNumberRow(entries: readonly RowEntry[]): boolean {
  if (entries.length < 3) return false;
  return entries.every((e, i) => {
    const t = compactText(e.cell.text).replace(/^\((\d+)\)$/, '$1');
    return t === String(i + 1);
  });
}

function headerColumns(grid: SheetGrid, first: number, last: number): HeaderColumn[] {
  const cols = new Set<number>();
  for (let r = first; r <= last; r++) {
    for (const e of grid.rowEntries(r)) {
      const right = e.merge ? e.merge.right : e.col;
      for (let c = e.col; c <= right; c++) cols.add(c);
    }
  }
  const columns: HeaderColumn[] = [];
  for (const col of [...cols].sort((a, b) => a - b)) {
    const path: string[] = [];
    let address = cellAddress(first, col);
    for (let r = first; r <= last; r++) {
      const text = tidyLabel(grid.text(r, col));
      if (text === '' || path[path.length - 1] === text) continue;
      path.push(text);
      address = grid.sourceAddress(r, col);
    }
    if (path.length > 0) columns.push({ col, letter: columnLetters(col), path, text: path.join('/'), address });
  }
  return columns;
}

export function detectHeaderBand(source: SheetModel | SheetGrid, options: HeaderBandOptions = {}): HeaderBand | null {
  const grid = source instanceof SheetGrid ? source : new SheetGrid(source);
  const scanTo = Math.min(grid.maxRow, options.maxScanRows ?? 30);

  let best = 0;
  let bestScore = 1; // a header needs at least two recognisable cells
  for (let r = 1; r <= scanTo; r++) {
    const score = grid.rowEntries(r).filter((e) => isHeaderish(e.cell.text)).length;
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  if (best === 0) return null;

  let first = best;
  let last = best;
  while (first > 1 && best - first + 1 < MAX_HEADER_LEVELS && extendsUpward(grid, first)) first--;
  while (last - first + 1 < MAX_HEADER_LEVELS && continuesHeader(grid, last)) last++;

  const titleRows: number[] = [];
  const noticeRows: number[] = [];
  for (let r = 1; r < first; r++) {
    const entries = grid.rowEntries(r);
    if (entries.some((e) => isLabelLine(e.cell.text))) noticeRows.push(r);
    else if (entries.length === 1) titleRows.push(r);
  }

  const columns = headerColumns(grid, first, last);
  let firstDataRow = last + 1;
  let columnNumberRow: number | undefined;
  if (isColumnNumberRow(grid.rowEntries(firstDataRow))) {
    columnNumberRow = firstDataRow;
    firstDataRow++;
  }

  const band: HeaderBand = {
    sheet: grid.name,
    titleRows,
    noticeRows,
    headerRows: { first, last },
    columns,
    firstDataRow,
    score: columns.filter((c) => c.path.some(isHeaderish)).length,
  };
  const titleRow = titleRows[0];
  if (titleRow !== undefined) band.title = squashWhitespace(grid.rowEntries(titleRow)[0]?.cell.text ?? '');
  if (columnNumberRow !== undefined) band.columnNumberRow = columnNumberRow;
  return band;
}
