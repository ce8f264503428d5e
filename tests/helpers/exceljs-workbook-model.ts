// The exceljs-based reader the app used before electron/backend/excel/xlsx-reader/: kept for tests
// only, as the reference the direct reader's model is compared with (excel-xlsx-reader.test.ts).

import type ExcelJS from 'exceljs';
import { cellAddress, parseRange } from '../../electron/backend/excel/cell-address.js';
import { dateText, numberText } from '../../electron/backend/excel/cell-text.js';
import { prepareForExcelJs } from './exceljs-prepare.js';
import type { CellModel, CellScalar, CellStyleHints, MergeModel, RowModel, SheetModel, WorkbookModel } from '../../electron/backend/excel/workbook-model.js';
import { DEFAULT_GUARD_LIMITS, inspectWorkbook, type GuardLimits } from '../../electron/backend/excel/workbook-guard.js';
import { WorkbookError, isWorkbookError } from '../../electron/backend/excel/workbook-error.js';

interface Resolved {
  value: CellScalar;
  text: string;
  formula?: string;
  error?: string;
}

function richTextOf(v: unknown): string | null {
  if (v && typeof v === 'object' && 'richText' in v && Array.isArray((v as { richText: unknown }).richText)) {
    return (v as { richText: { text?: unknown }[] }).richText.map((r) => String(r.text ?? '')).join('');
  }
  return null;
}

function resolveValue(v: unknown): Resolved {
  if (v === null || v === undefined) return { value: null, text: '' };
  if (typeof v === 'string') return { value: v, text: v };
  if (typeof v === 'number') return { value: v, text: numberText(v) };
  if (typeof v === 'boolean') return { value: v, text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { value: null, text: '' } : { value: v, text: dateText(v) };
  const rich = richTextOf(v);
  if (rich !== null) return { value: rich, text: rich };
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    const inner = resolveValue(o['result']);
    return { ...inner, formula: String(o['formula'] ?? o['sharedFormula'] ?? '') };
  }
  if ('error' in o) return { value: null, text: String(o['error']), error: String(o['error']) };
  if ('hyperlink' in o || 'text' in o) {
    const t = o['text'];
    const text = typeof t === 'string' ? t : (richTextOf(t) ?? '');
    return { value: text, text };
  }
  return { value: null, text: '' };
}

function styleOf(cell: ExcelJS.Cell): CellStyleHints | undefined {
  const s: CellStyleHints = {};
  const font = cell.font as Partial<ExcelJS.Font> | undefined;
  if (font?.bold) s.bold = true;
  if (font?.name) s.fontName = font.name;
  if (font?.size) s.fontSize = font.size;
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  if (fill?.type === 'pattern' && fill.pattern === 'solid' && fill.fgColor?.argb) s.fill = fill.fgColor.argb;
  const align = cell.alignment as Partial<ExcelJS.Alignment> | undefined;
  if (align?.horizontal) s.horizontal = align.horizontal;
  if (align?.wrapText) s.wrap = true;
  return Object.keys(s).length > 0 ? s : undefined;
}

function mergesOf(ws: ExcelJS.Worksheet): MergeModel[] {
  // exceljs keeps merges in a private map; reading it avoids building the whole sheet model.
  const internal = (ws as unknown as { _merges?: Record<string, { range?: string }> })._merges ?? {};
  const merges: MergeModel[] = [];
  for (const m of Object.values(internal)) {
    const range = m.range ? parseRange(m.range) : null;
    if (range) merges.push({ ...range, ref: m.range ?? '' });
  }
  return merges.sort((a, b) => a.top - b.top || a.left - b.left);
}

function sheetModel(ws: ExcelJS.Worksheet, index: number, valueType: typeof ExcelJS.ValueType): SheetModel {
  const rows: RowModel[] = [];
  let maxRow = 0;
  let maxCol = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellModel[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (cell.type === valueType.Merge) return; // value lives in the master cell
      // cell.value drops cached results that are falsy (0, false, ''); cell.result keeps them.
      const r =
        cell.type === valueType.Formula
          ? resolveValue({ formula: cell.formula, result: (cell as { result?: unknown }).result })
          : resolveValue(cell.value);
      const blank = r.value === null || (typeof r.value === 'string' && r.value.trim() === '');
      if (blank && r.error === undefined && r.formula === undefined) return;
      const model: CellModel = { address: cellAddress(rowNumber, colNumber), row: rowNumber, col: colNumber, ...r };
      if (cell.numFmt && cell.numFmt !== 'General') model.numFmt = cell.numFmt;
      const style = styleOf(cell);
      if (style) model.style = style;
      cells.push(model);
      maxCol = Math.max(maxCol, colNumber);
    });
    if (cells.length === 0) return;
    const rowModel: RowModel = { row: rowNumber, cells };
    if (row.hidden) rowModel.hidden = true;
    if (row.height) rowModel.height = row.height;
    rows.push(rowModel);
    maxRow = Math.max(maxRow, rowNumber);
  });

  const merges = mergesOf(ws);
  for (const m of merges) {
    maxRow = Math.max(maxRow, m.bottom);
    maxCol = Math.max(maxCol, m.right);
  }
  const sheet: SheetModel = { name: ws.name, index, state: ws.state ?? 'visible', rows, merges, maxRow, maxCol };

  const view = ws.views?.[0];
  if (view?.state === 'frozen' && view.ySplit) sheet.frozenRows = view.ySplit;
  const titles = /^\$?(\d+):\$?(\d+)$/.exec(ws.pageSetup?.printTitlesRow ?? '');
  if (titles) sheet.printTitleRows = { first: Number(titles[1]), last: Number(titles[2]) };
  const hiddenCols: number[] = [];
  for (let c = 1; c <= maxCol; c++) if (ws.getColumn(c).hidden) hiddenCols.push(c);
  if (hiddenCols.length > 0) sheet.hiddenCols = hiddenCols;
  return sheet;
}

/** exceljs is loaded on first use, so files the guard refuses never pay for importing it. */
async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

export async function buildWorkbookModel(wb: ExcelJS.Workbook): Promise<WorkbookModel> {
  const { ValueType } = await loadExcelJs();
  return { sheets: wb.worksheets.map((ws, i) => sheetModel(ws, i, ValueType)) };
}

/** Guard + exceljs + model, as the app read .xlsx files before. */
export async function readWorkbookModelWithExcelJs(bytes: Uint8Array, options: { limits?: Partial<GuardLimits> } = {}): Promise<WorkbookModel> {
  const limits = { ...DEFAULT_GUARD_LIMITS, ...options.limits };
  const scan = inspectWorkbook(bytes, limits);
  const prepared = prepareForExcelJs(bytes, scan, limits.maxEntries);
  const { Workbook } = await loadExcelJs();
  const wb = new Workbook();
  try {
    const buf = Buffer.from(prepared.bytes.buffer, prepared.bytes.byteOffset, prepared.bytes.byteLength);
    // exceljs's typings predate the generic Buffer type of newer @types/node.
    await wb.xlsx.load(buf as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (err) {
    if (isWorkbookError(err)) throw err;
    throw new WorkbookError('corrupt', undefined, `exceljs: ${(err as Error).message}`);
  }
  const model = await buildWorkbookModel(wb);
  model.scan = scan;
  return model;
}
