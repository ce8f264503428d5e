// Reads the rows under a header band: fills vertically merged cells down (a task merged over its
// measures' rows), keeps section rows (一、…), and skips what is not ledger data — 合计/小计 rows,
// notes, signature lines, repeated headers — reporting every skipped row.

import type { FieldKey } from '#shared/fields.js';
import { cellAddress } from './cell-address.js';
import type { ColumnMapping, MappedColumn } from './column-mapping.js';
import type { HeaderBand } from './header-band.js';
import type { HeaderExtra } from './header-vocabulary.js';
import { isFooterText, isNoteText, isTotalText } from './notice-lines.js';
import { SheetGrid, type RowEntry } from './sheet-grid.js';
import { compactText, squashWhitespace } from '#shared/text-normalise.js';
import type { CellModel, CellScalar, SheetModel } from './workbook-model.js';

export interface DataCell {
  col: number;
  /** This cell's own address (row of the data row). */
  address: string;
  field: FieldKey | null;
  extra?: HeaderExtra;
  value: CellScalar;
  text: string;
  formula?: string;
  error?: string;
  numFmt?: string;
  /** Address of the merged cell the value was filled down from; report problems there. */
  filledFrom?: string;
}

export interface DataRow {
  row: number;
  /** A section heading (一、…) spanning the table, or an ordinary ledger row. */
  kind: 'data' | 'section';
  hidden?: boolean;
  /** Non-empty cells under header columns, left to right. */
  cells: DataCell[];
  /** The first column of each field (several columns can share units/problems: see `cells`). */
  fields: Partial<Record<FieldKey, DataCell>>;
  extras: Partial<Record<HeaderExtra, DataCell>>;
  sectionTitle?: string;
}

export type SkipReason = 'blank' | 'total' | 'note' | 'footer' | 'header-repeat';

export interface SkippedRow {
  row: number;
  reason: SkipReason;
  /** The row's first text, for the import report. */
  text: string;
}

export interface DataRowsResult {
  rows: DataRow[];
  skipped: SkippedRow[];
}

const SECTION_NUMBER = /^(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+(?:部分|章|篇))/;

function dataCell(column: MappedColumn, address: string, cell: CellModel, filledFrom?: string): DataCell {
  const out: DataCell = { col: column.col, address, field: column.field, value: cell.value, text: cell.text };
  if (column.extra) out.extra = column.extra;
  if (cell.formula !== undefined) out.formula = cell.formula;
  if (cell.error !== undefined) out.error = cell.error;
  if (cell.numFmt !== undefined) out.numFmt = cell.numFmt;
  if (filledFrom !== undefined) out.filledFrom = filledFrom;
  return out;
}

/** Each header column with its own label compacted once, for spotting a header repeated under the data. */
interface HeaderLabel {
  col: number;
  compact: string;
  /** The label's first character when compacting cannot make it (not ASCII): a text without it is not the label. */
  mustHave: string | null;
}

function headerLabel(col: number, label: string): HeaderLabel {
  const compact = compactText(label);
  return { col, compact, mustHave: compact.charCodeAt(0) > 0x7e ? compact.charAt(0) : null };
}

function skipReason(own: readonly RowEntry[], labels: readonly HeaderLabel[], grid: SheetGrid, row: number): SkipReason | null {
  const first = own[0]?.cell.text ?? '';
  if (own.slice(0, 2).some((e) => isTotalText(e.cell.text))) return 'total';
  if (isNoteText(first)) return 'note';
  if (isFooterText(first)) return 'footer';
  // A repeated header: at least two columns, and at least half of them, read as their labels.
  const needed = Math.max(2, Math.ceil(labels.length / 2));
  let repeated = 0;
  for (let i = 0; i < labels.length && repeated + labels.length - i >= needed; i++) {
    const label = labels[i]!;
    const text = grid.text(row, label.col);
    // Compacting only drops spaces and narrows full-width ASCII: a shorter text, or one without the
    // label's first (CJK) character, cannot read as the label. Data rows stop here.
    if (text.length < label.compact.length || (label.mustHave !== null && !text.includes(label.mustHave))) continue;
    if (compactText(text) === label.compact) repeated++;
  }
  return repeated >= needed ? 'header-repeat' : null;
}

function isSectionRow(own: readonly RowEntry[], band: HeaderBand): boolean {
  if (own.length !== 1) return false;
  const only = own[0];
  if (!only) return false;
  const text = compactText(only.cell.text);
  if (SECTION_NUMBER.test(text)) return true;
  const width = only.merge ? only.merge.right - only.merge.left + 1 : 1;
  return band.columns.length >= 3 && width * 2 >= band.columns.length && typeof only.cell.value === 'string';
}

export function readDataRows(
  source: SheetModel | SheetGrid,
  band: HeaderBand,
  mapping: ColumnMapping,
): DataRowsResult {
  const grid = source instanceof SheetGrid ? source : new SheetGrid(source);
  const columns = mapping.columns;
  const firstCol = Math.min(...columns.map((c) => c.col));
  const lastCol = Math.max(...columns.map((c) => c.col));
  const rows: DataRow[] = [];
  const skipped: SkippedRow[] = [];
  const labels = band.columns.map((c) => headerLabel(c.col, c.path[c.path.length - 1] ?? ''));

  for (const row of grid.usedRows(band.firstDataRow)) {
    const entries = grid.rowEntries(row, firstCol, lastCol);
    // Content that starts in this row; merges from above only repeat earlier content.
    const own = entries.filter((e) => !e.merge || e.merge.top === row);
    if (own.length === 0) {
      if (entries.length > 0) skipped.push({ row, reason: 'blank', text: '' });
      continue;
    }
    const reason = skipReason(own, labels, grid, row);
    if (reason) {
      skipped.push({ row, reason, text: squashWhitespace(own[0]?.cell.text ?? '') });
      continue;
    }

    const out: DataRow = { row, kind: 'data', cells: [], fields: {}, extras: {} };
    if (grid.isRowHidden(row)) out.hidden = true;
    if (isSectionRow(own, band)) {
      out.kind = 'section';
      out.sectionTitle = squashWhitespace(own[0]?.cell.text ?? '');
    }
    for (const column of columns) {
      const merge = grid.mergeAt(row, column.col);
      let cell: DataCell | null = null;
      if (!merge) {
        // The cell's own address is the data cell's: this row, this column.
        const c = grid.ownCell(row, column.col);
        if (c) cell = dataCell(column, c.address, c);
      } else if (merge.left === column.col) {
        // Vertical merges fill down; the non-left columns of a horizontal merge stay empty.
        const master = grid.ownCell(merge.top, merge.left);
        if (master) cell = dataCell(column, cellAddress(row, column.col), master, merge.top === row ? undefined : cellAddress(merge.top, merge.left));
      }
      if (!cell) continue;
      if (cell.text.trim() === '' && cell.formula === undefined && cell.error === undefined) continue;
      out.cells.push(cell);
      if (out.kind === 'section') continue; // a heading, not field values
      if (cell.field && !out.fields[cell.field]) out.fields[cell.field] = cell;
      if (cell.extra && !out.extras[cell.extra]) out.extras[cell.extra] = cell;
    }
    rows.push(out);
  }
  return { rows, skipped };
}
