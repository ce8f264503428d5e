// Legacy BIFF8 .xls (Excel 97-2003, WPS defaults) read into the same WorkbookModel as an .xlsx, so
// header detection, row reading and normalisation never know the difference. SheetJS
// (@e965/xlsx, read-only) parses the file; run it only inside the load worker (load-worker.ts),
// which holds the heap and time limits. The guard's per-sheet limits are checked here from what
// SheetJS read, with the same messages.

import type * as XLSXTypes from '@e965/xlsx';
import { cellAddress, rangeArea, rangeRef, type CellRange } from './cell-address.js';
import { dateText, numberText } from './cell-text.js';
import type { CellModel, CellScalar, MergeModel, RowModel, SheetModel, SheetState, WorkbookModel } from './workbook-model.js';
import { DEFAULT_GUARD_LIMITS, violationError, type GuardLimits } from './workbook-guard.js';
import { WorkbookError } from './workbook-error.js';

type XLSX = typeof XLSXTypes;

async function loadSheetJs(): Promise<XLSX> {
  return (await import('@e965/xlsx')) as XLSX;
}

const MS_PER_DAY = 86_400_000;
/** 1899-12-30 in the 1900 date system (serial 0 after Excel's 1900 leap-year bug), 1904-01-01 otherwise. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** Serial → UTC Date, as exceljs does for .xlsx, so date cells compare equal across formats. */
function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round(serial * MS_PER_DAY) + (date1904 ? EPOCH_1904 : EPOCH_1900));
}

function toRange(r: XLSXTypes.Range): CellRange {
  return { top: r.s.r + 1, left: r.s.c + 1, bottom: r.e.r + 1, right: r.e.c + 1 };
}

function sheetState(hidden: number | undefined): SheetState {
  return hidden === 2 ? 'veryHidden' : hidden === 1 ? 'hidden' : 'visible';
}

function cellOf(xlsx: XLSX, cell: XLSXTypes.CellObject, row: number, col: number, date1904: boolean): CellModel | null {
  let value: CellScalar = null;
  let text = '';
  let error: string | undefined;
  const numFmt = typeof cell.z === 'string' && cell.z !== 'General' ? cell.z : undefined;
  switch (cell.t) {
    case 's':
      value = String(cell.v ?? '');
      text = value;
      break;
    case 'n': {
      const n = Number(cell.v);
      if (numFmt && xlsx.SSF.is_date(numFmt)) {
        value = serialDate(n, date1904);
        text = dateText(value);
      } else {
        value = n;
        text = numberText(n);
      }
      break;
    }
    case 'b':
      value = Boolean(cell.v);
      text = value ? 'TRUE' : 'FALSE';
      break;
    case 'd':
      value = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
      text = Number.isNaN(value.getTime()) ? '' : dateText(value);
      break;
    case 'e':
      error = cell.w ?? '#N/A';
      text = error;
      break;
    default:
      break;
  }
  const formula = typeof cell.f === 'string' && cell.f !== '' ? cell.f : undefined;
  const blank = value === null || (typeof value === 'string' && value.trim() === '');
  if (blank && error === undefined && formula === undefined) return null;
  const model: CellModel = { address: cellAddress(row, col), row, col, value, text };
  if (formula !== undefined) model.formula = formula;
  if (error !== undefined) model.error = error;
  if (numFmt) model.numFmt = numFmt;
  // BIFF fills are the only style SheetJS reads from .xls; header detection uses them as a hint.
  const fill = (cell.s as { patternType?: string; fgColor?: { rgb?: string } } | undefined) ?? undefined;
  if (fill?.patternType === 'solid' && fill.fgColor?.rgb && /^[0-9A-F]{6}$/i.test(fill.fgColor.rgb)) {
    model.style = { fill: `FF${fill.fgColor.rgb.toUpperCase()}` };
  }
  return model;
}

/** `'报送表'!$1:$3` (or without quotes) → rows 1–3 of that sheet. */
function printTitleRows(names: XLSXTypes.DefinedName[] | undefined, sheetName: string, index: number): { first: number; last: number } | undefined {
  for (const n of names ?? []) {
    if (!/Print_Titles$/i.test(n.Name)) continue;
    if (n.Sheet !== undefined && n.Sheet !== index) continue;
    for (const part of n.Ref.split(',')) {
      const m = /^(?:'?(.*?)'?!)?\$?(\d+):\$?(\d+)$/.exec(part.trim());
      if (m && (!m[1] || m[1].replace(/''/g, "'") === sheetName)) return { first: Number(m[2]), last: Number(m[3]) };
    }
  }
  return undefined;
}

function sheetModel(
  xlsx: XLSX,
  ws: XLSXTypes.WorkSheet,
  name: string,
  index: number,
  state: SheetState,
  wb: XLSXTypes.WorkBook,
  limits: GuardLimits,
): SheetModel {
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  // SheetJS stops at sheetRows and keeps the real extent in !fullref: more rows than the limit is refused.
  const full = ws['!fullref'] ? xlsx.utils.decode_range(ws['!fullref']) : null;
  if (full && full.e.r - full.s.r + 1 > limits.maxRows) throw violationError(name, { kind: 'rows', count: full.e.r + 1 }, limits);

  const merges: MergeModel[] = [];
  let mergeArea = 0;
  const covered = new Set<string>();
  for (const m of ws['!merges'] ?? []) {
    const range = toRange(m);
    const area = rangeArea(range);
    mergeArea += area;
    const ref = rangeRef(range);
    if (mergeArea > limits.maxMergeArea) throw violationError(name, { kind: 'merge', ref, area, total: mergeArea }, limits);
    merges.push({ ...range, ref });
    for (let r = range.top; r <= range.bottom; r++) {
      for (let c = range.left; c <= range.right; c++) if (r !== range.top || c !== range.left) covered.add(`${r}:${c}`);
    }
  }
  merges.sort((a, b) => a.top - b.top || a.left - b.left);

  const rows: RowModel[] = [];
  const rowInfo = ws['!rows'] ?? [];
  const data = (ws['!data'] ?? []) as (XLSXTypes.CellObject[] | undefined)[];
  let cellCount = 0;
  let maxRow = 0;
  let maxCol = 0;
  data.forEach((cellsIn, r0) => {
    if (!cellsIn) return;
    const row = r0 + 1;
    const cells: CellModel[] = [];
    cellsIn.forEach((cell, c0) => {
      if (!cell) return;
      if (++cellCount > limits.maxCells) throw violationError(name, { kind: 'cells', count: cellCount }, limits);
      const col = c0 + 1;
      if (covered.has(`${row}:${col}`)) return; // the value lives in the master cell, as exceljs reads it
      const model = cellOf(xlsx, cell, row, col, date1904);
      if (!model) return;
      cells.push(model);
      maxCol = Math.max(maxCol, col);
    });
    if (cells.length === 0) return;
    const out: RowModel = { row, cells };
    const info = rowInfo[r0];
    if (info?.hidden) out.hidden = true;
    if (info?.hpt) out.height = info.hpt;
    rows.push(out);
    maxRow = Math.max(maxRow, row);
  });
  for (const m of merges) {
    maxRow = Math.max(maxRow, m.bottom);
    maxCol = Math.max(maxCol, m.right);
  }

  const sheet: SheetModel = { name, index, state, rows, merges, maxRow, maxCol };
  const titles = printTitleRows(wb.Workbook?.Names, name, index);
  if (titles) sheet.printTitleRows = titles;
  const cols = ws['!cols'] ?? [];
  const hiddenCols: number[] = [];
  const colWidths: number[] = [];
  for (let c = 1; c <= maxCol; c++) {
    const info = cols[c - 1];
    if (info?.hidden) hiddenCols.push(c);
    colWidths.push(info?.width ?? info?.wch ?? 0);
  }
  if (hiddenCols.length > 0) sheet.hiddenCols = hiddenCols;
  if (colWidths.some((w) => w > 0)) sheet.colWidths = colWidths.map((w) => Math.round(w * 100) / 100);
  return sheet;
}

const XLS_UNREADABLE =
  '无法读取这个 .xls 文件，它可能已损坏，或不是 Excel 97-2003 工作簿。请在 Excel/WPS 中打开后“另存为” .xlsx 格式再导入';

/** Reads an OLE2 .xls into the WorkbookModel. Throws WorkbookError ('encrypted', 'legacy_xls', 'too_large'). */
export async function readXlsWorkbookModel(bytes: Uint8Array, limitsIn: Partial<GuardLimits> = {}): Promise<WorkbookModel> {
  const limits = { ...DEFAULT_GUARD_LIMITS, ...limitsIn };
  const xlsx = await loadSheetJs();
  let wb: XLSXTypes.WorkBook;
  try {
    wb = xlsx.read(bytes, {
      type: 'array',
      dense: true,
      cellStyles: true,
      cellNF: true,
      cellFormula: true,
      cellHTML: false,
      cellDates: false,
      // One row past the limit, so an oversized sheet is seen (via !fullref) without reading it all.
      sheetRows: limits.maxRows + 1,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // SheetJS: "File is password-protected" (a FilePass record), "ECMA-376 Encrypted file …" (encrypted .xlsx).
    if (/password|encrypt/i.test(message)) throw new WorkbookError('encrypted', undefined, `SheetJS: ${message}`);
    throw new WorkbookError('legacy_xls', XLS_UNREADABLE, `SheetJS: ${message}`);
  }
  if (wb.SheetNames.length === 0 || wb.SheetNames.some((n) => !wb.Sheets[n])) {
    throw new WorkbookError('legacy_xls', XLS_UNREADABLE, 'SheetJS found no worksheet');
  }
  const meta = wb.Workbook?.Sheets ?? [];
  const sheets = wb.SheetNames.map((name, i) => sheetModel(xlsx, wb.Sheets[name]!, name, i, sheetState(meta[i]?.Hidden), wb, limits));
  return { sheets, format: 'xls' };
}
