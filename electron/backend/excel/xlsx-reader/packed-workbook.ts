// The sheets as the reader produces them: cells in flat typed arrays and one string table, not one
// object per cell. A worker hands this to the app thread with its buffers transferred (no copy, no
// per-object structured clone), and `unpackWorkbook` builds the WorkbookModel once, there.

import { columnLetters } from '../cell-address.js';
import { dateText, numberText } from '../cell-text.js';
import type { CellModel, CellScalar, MergeModel, RowModel, SheetModel, SheetState, WorkbookModel } from '../workbook-model.js';
import type { WorkbookScan } from '../workbook-guard.js';
import type { CellFormat } from './workbook-parts.js';

/** What a packed cell's value is; `num` holds numbers, booleans (0/1) and dates (epoch ms), `str` a string-table index. */
export const CellKind = { Empty: 0, Text: 1, Number: 2, Boolean: 3, Date: 4, Error: 5 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

export interface PackedSheet {
  name: string;
  index: number;
  state: SheetState;
  merges: MergeModel[];
  frozenRows?: number;
  printTitleRows?: { first: number; last: number };
  hiddenColRanges: [number, number][];
  /** Per row, in document order: its number, whether hidden, its height (0: default) and its first cell. */
  rowNumber: Int32Array;
  rowHidden: Uint8Array;
  rowHeight: Float64Array;
  rowFirstCell: Int32Array;
  /** Per cell: column, kind, number, string index (text or error), formula index (-1: none), cell format index. */
  col: Int32Array;
  kind: Uint8Array;
  num: Float64Array;
  str: Int32Array;
  formula: Int32Array;
  format: Int32Array;
}

export interface PackedWorkbook {
  strings: string[];
  formats: CellFormat[];
  sheets: PackedSheet[];
  scan: WorkbookScan;
}

/** The buffers to transfer with postMessage. */
export function packedBuffers(wb: PackedWorkbook): ArrayBuffer[] {
  return wb.sheets.flatMap((s) => [s.rowNumber, s.rowHidden, s.rowHeight, s.rowFirstCell, s.col, s.kind, s.num, s.str, s.formula, s.format].map((a) => a.buffer as ArrayBuffer));
}

type TypedArray = Int32Array | Uint8Array | Float64Array;

/** A typed array sized by the guard's count (it grows by doubling should the count fall short). */
class Column<T extends TypedArray> {
  length = 0;
  private data: T;
  constructor(
    capacity: number,
    private readonly make: (n: number) => T,
  ) {
    this.data = make(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  /**
   * The values without the capacity left unused: a view when little is unused (no copy of a large
   * sheet), else a copy, so a sheet of mostly empty formatted cells does not carry their room along.
   */
  done(): T {
    return (this.length * 4 >= this.data.length * 3 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length)) as T;
  }
}

const int32 = (n: number) => new Int32Array(n);
const uint8 = (n: number) => new Uint8Array(n);
const float64 = (n: number) => new Float64Array(n);

/**
 * Strings by index, the shared strings first under their own indexes. Others (inline strings,
 * formulas, errors) are appended, not looked up: a map over hundreds of thousands of strings grows
 * in allocations too large for a worker's heap limit to stop gracefully.
 */
export class StringTable {
  constructor(readonly strings: string[]) {}

  add(s: string): number {
    return this.strings.push(s) - 1;
  }
}

/** How many rows and cells a sheet part holds, as the guard counted its tags. */
export interface SheetSize {
  rows: number;
  cells: number;
}

/** Collects one sheet's rows and cells. */
export class PackedSheetBuilder {
  private readonly rowNumber: Column<Int32Array>;
  private readonly rowHidden: Column<Uint8Array>;
  private readonly rowHeight: Column<Float64Array>;
  private readonly rowFirstCell: Column<Int32Array>;
  private readonly col: Column<Int32Array>;
  private readonly kind: Column<Uint8Array>;
  private readonly num: Column<Float64Array>;
  private readonly str: Column<Int32Array>;
  private readonly formula: Column<Int32Array>;
  private readonly format: Column<Int32Array>;

  /** Sized from the start, so a large sheet is not copied over and over while it grows. */
  constructor(size: SheetSize) {
    this.rowNumber = new Column(size.rows, int32);
    this.rowHidden = new Column(size.rows, uint8);
    this.rowHeight = new Column(size.rows, float64);
    this.rowFirstCell = new Column(size.rows, int32);
    this.col = new Column(size.cells, int32);
    this.kind = new Column(size.cells, uint8);
    this.num = new Column(size.cells, float64);
    this.str = new Column(size.cells, int32);
    this.formula = new Column(size.cells, int32);
    this.format = new Column(size.cells, int32);
  }

  row(number: number, hidden: boolean, height: number): void {
    this.rowNumber.push(number);
    this.rowHidden.push(hidden ? 1 : 0);
    this.rowHeight.push(height);
    this.rowFirstCell.push(this.col.length);
  }

  cell(col: number, kind: CellKind, num: number, str: number, formula: number, format: number): void {
    this.col.push(col);
    this.kind.push(kind);
    this.num.push(num);
    this.str.push(str);
    this.formula.push(formula);
    this.format.push(format);
  }

  done(meta: Omit<PackedSheet, 'rowNumber' | 'rowHidden' | 'rowHeight' | 'rowFirstCell' | 'col' | 'kind' | 'num' | 'str' | 'formula' | 'format'>): PackedSheet {
    return {
      ...meta,
      rowNumber: this.rowNumber.done(),
      rowHidden: this.rowHidden.done(),
      rowHeight: this.rowHeight.done(),
      rowFirstCell: this.rowFirstCell.done(),
      col: this.col.done(),
      kind: this.kind.done(),
      num: this.num.done(),
      str: this.str.done(),
      formula: this.formula.done(),
      format: this.format.done(),
    };
  }
}

const columnNames: string[] = [];

/** Column letters, computed once per column for the whole process. */
function columnName(col: number): string {
  return (columnNames[col] ??= columnLetters(col));
}

function cellAt(s: PackedSheet, i: number, row: number, rowText: string, wb: PackedWorkbook): CellModel {
  const col = s.col[i]!;
  let value: CellScalar = null;
  let text = '';
  let error: string | undefined;
  switch (s.kind[i] as CellKind) {
    case CellKind.Text:
      value = text = wb.strings[s.str[i]!]!;
      break;
    case CellKind.Number:
      value = s.num[i]!;
      text = numberText(value);
      break;
    case CellKind.Boolean:
      value = s.num[i] === 1;
      text = value ? 'TRUE' : 'FALSE';
      break;
    case CellKind.Date:
      value = new Date(s.num[i]!);
      text = dateText(value);
      break;
    case CellKind.Error:
      error = text = wb.strings[s.str[i]!]!;
      break;
  }
  const cell: CellModel = { address: columnName(col) + rowText, row, col, value, text };
  const f = s.formula[i]!;
  if (f >= 0) cell.formula = wb.strings[f]!;
  if (error !== undefined) cell.error = error;
  const format = s.format[i]! > 0 ? wb.formats[s.format[i]!] : undefined;
  if (format?.numFmt !== undefined && format.numFmt !== 'General') cell.numFmt = format.numFmt;
  if (format?.style) cell.style = format.style;
  return cell;
}

/** Rows in order, a repeated row replaced by its last occurrence. */
function orderedRows(rows: RowModel[]): RowModel[] {
  const byNumber = new Map<number, RowModel>();
  for (const r of rows) byNumber.set(r.row, r);
  return [...byNumber.values()].sort((a, b) => a.row - b.row);
}

/** Cells in column order, a repeated column keeping its last cell. */
function orderedCells(cells: CellModel[]): CellModel[] {
  const byCol = new Map<number, CellModel>();
  for (const c of cells) byCol.set(c.col, c);
  return [...byCol.values()].sort((a, b) => a.col - b.col);
}

/** The first row at or below `row` (rows sorted), by binary search. */
function firstRowAtOrBelow(rows: RowModel[], row: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.row < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The value of a merged range lives in its top-left cell; what the other cells hold is not shown. */
function dropCoveredCells(rows: RowModel[], merges: MergeModel[]): RowModel[] {
  let changed = false;
  const covered = (m: MergeModel, c: CellModel) => c.col >= m.left && c.col <= m.right && !(c.row === m.top && c.col === m.left);
  for (const m of merges) {
    for (let i = firstRowAtOrBelow(rows, m.top); i < rows.length && rows[i]!.row <= m.bottom; i++) {
      const row = rows[i]!;
      if (!row.cells.some((c) => covered(m, c))) continue;
      row.cells = row.cells.filter((c) => !covered(m, c));
      changed = true;
    }
  }
  return changed ? rows.filter((r) => r.cells.length > 0) : rows;
}

function unpackSheet(s: PackedSheet, wb: PackedWorkbook): SheetModel {
  let rows: RowModel[] = [];
  let rowsInOrder = true;
  for (let r = 0; r < s.rowNumber.length; r++) {
    const number = s.rowNumber[r]!;
    const end = r + 1 < s.rowFirstCell.length ? s.rowFirstCell[r + 1]! : s.col.length;
    if (s.rowFirstCell[r] === end) continue;
    let cells: CellModel[] = [];
    let cellsInOrder = true;
    const rowText = String(number);
    for (let i = s.rowFirstCell[r]!; i < end; i++) {
      if (cells.length > 0 && s.col[i]! <= cells[cells.length - 1]!.col) cellsInOrder = false;
      cells.push(cellAt(s, i, number, rowText, wb));
    }
    if (!cellsInOrder) cells = orderedCells(cells);
    const row: RowModel = { row: number, cells };
    if (s.rowHidden[r]) row.hidden = true;
    if (s.rowHeight[r]) row.height = s.rowHeight[r]!;
    if (rows.length > 0 && number <= rows[rows.length - 1]!.row) rowsInOrder = false;
    rows.push(row);
  }
  if (!rowsInOrder) rows = orderedRows(rows);
  rows = dropCoveredCells(rows, s.merges);

  let maxRow = 0;
  let maxCol = 0;
  for (const r of rows) {
    maxRow = Math.max(maxRow, r.row);
    maxCol = Math.max(maxCol, r.cells[r.cells.length - 1]!.col);
  }
  for (const m of s.merges) {
    maxRow = Math.max(maxRow, m.bottom);
    maxCol = Math.max(maxCol, m.right);
  }
  const sheet: SheetModel = { name: s.name, index: s.index, state: s.state, rows, merges: s.merges, maxRow, maxCol };
  if (s.frozenRows) sheet.frozenRows = s.frozenRows;
  if (s.printTitleRows) sheet.printTitleRows = s.printTitleRows;
  const hiddenCols: number[] = [];
  for (let c = 1; c <= maxCol; c++) if (s.hiddenColRanges.some(([lo, hi]) => c >= lo && c <= hi)) hiddenCols.push(c);
  if (hiddenCols.length > 0) sheet.hiddenCols = hiddenCols;
  return sheet;
}

export function unpackWorkbook(wb: PackedWorkbook): WorkbookModel {
  return { sheets: wb.sheets.map((s) => unpackSheet(s, wb)), scan: wb.scan };
}
