// The plain, structured-clone-safe model of a workbook that crosses the worker boundary.
// It keeps what header detection and row reading need, nothing exceljs-specific.

import type { CellRange } from './cell-address.js';
import type { WorkbookScan } from './workbook-guard.js';

/** A resolved cell value: rich text joined, formulas replaced by their cached result. */
export type CellScalar = string | number | boolean | Date | null;

export interface CellStyleHints {
  bold?: boolean;
  fontName?: string;
  fontSize?: number;
  /** Solid fill colour as ARGB hex, e.g. `FFD9E1F2`. */
  fill?: string;
  horizontal?: string;
  wrap?: boolean;
}

export interface CellModel {
  address: string;
  row: number;
  col: number;
  /** Null for an empty cell, an error value, or a formula without a cached result. */
  value: CellScalar;
  /** The text a clerk would read: rich text joined, numbers unformatted, dates as YYYY-MM-DD. */
  text: string;
  /** Set on formula cells (the value is the cached result). */
  formula?: string;
  /** Error value such as `#DIV/0!` (own or a formula's cached result). */
  error?: string;
  numFmt?: string;
  style?: CellStyleHints;
}

export interface RowModel {
  row: number;
  hidden?: boolean;
  height?: number;
  /** Only cells holding a value; the non-master cells of a merge are left out (see merges). */
  cells: CellModel[];
}

export interface MergeModel extends CellRange {
  ref: string;
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetModel {
  name: string;
  /** Position among the workbook's sheets, from 0. */
  index: number;
  state: SheetState;
  rows: RowModel[];
  merges: MergeModel[];
  /** Last row/column holding a value or covered by a merge. */
  maxRow: number;
  maxCol: number;
  /** Rows frozen at the top of the sheet view (a strong hint for the header band). */
  frozenRows?: number;
  /** Rows repeated on every printed page (`_xlnm.Print_Titles`). */
  printTitleRows?: { first: number; last: number };
  hiddenCols?: number[];
  /** Column widths in Excel character units from column 1 (0: default); set for .xls, used to convert it. */
  colWidths?: number[];
}

export interface WorkbookModel {
  sheets: SheetModel[];
  /** The file the model was read from: a legacy .xls (SheetJS) or an .xlsx (xlsx-reader/, the default). */
  format?: 'xlsx' | 'xls';
  /** What the guard measured, when the model was read through it. */
  scan?: WorkbookScan;
}
