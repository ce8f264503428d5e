// Writes export lines into a copy of a template. Everything outside the data rows is the template's
// own (title and merges, fonts, fills, borders, widths, heights, freeze panes, page setup, print
// titles, header/footer, validations); data rows take the style of the template's first data row;
// rows under the data (审核人：…, 注：…) move down below it.

import type ExcelJS from 'exceljs';
import type { TemplateColumn, TemplateLayout } from '#shared/api/template-api.js';
import { DEFAULT_STATUSES, type FieldKey } from '#shared/fields.js';
import { columnLetters, parseRange, rangeRef, type CellRange } from '../excel/cell-address.js';
import type { ExportLine } from './export-lines.js';
import { fillDateCell, fillPlaceholders, fillUnitCell, type FillContext } from './template-fill.js';
import { estimateRowHeight } from './row-height.js';
import { openTemplate, workbookBytes, type TemplateValidation } from './template-workbook.js';

export interface WriteOptions {
  layout: TemplateLayout;
  columns: TemplateColumn[];
  lines: ExportLine[];
  fill: FillContext;
  /** Per-unit form: one line per row (no merged task cells), status drop-down, code columns locked. */
  form: boolean;
  /** The ledger's own columns: a template column mapped to one (or headed with its name) takes its values. */
  customColumns: readonly { key: string; label: string }[];
  /** The ledger's status vocabulary: the drop-down's choices and each status's colour. */
  statuses: readonly { label: string; color: string }[];
}

/** Light fills for the workbench's status colours (已完成 green, 推进中 blue, 滞后 red …), readable in print. */
export const STATUS_COLOR_FILLS: Readonly<Record<string, string>> = {
  green: 'FFC6EFCE',
  blue: 'FFDDEBF7',
  yellow: 'FFFFF2CC',
  orange: 'FFFCE4D6',
  red: 'FFFFC7CE',
  grey: 'FFEDEDED',
  purple: 'FFE4DFEC',
};

const NUMBER = /^-?\d+(?:\.\d+)?$/;
/** A plain number and a short unit word (个, 所, 人次, %, 亿元), nothing else. */
const TARGET_SPLIT = /^(\d+(?:\.\d+)?)(%|[\u4e00-\u9fff]{1,3})$/;
const NUMERIC_FIELDS: ReadonlySet<FieldKey> = new Set(['code', 'achieved']);
const MAX_ROW_HEIGHT = 409;
/** Excel's default row height for 11 pt text; no data row is lower. */
const MIN_ROW_HEIGHT = 15;

interface FooterCell {
  col: number;
  value: ExcelJS.CellValue;
  style: Partial<ExcelJS.Style>;
}
interface FooterRow {
  offset: number;
  height: number | undefined;
  cells: FooterCell[];
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function internalMerges(ws: ExcelJS.Worksheet): CellRange[] {
  const merges = (ws as unknown as { _merges?: Record<string, { range?: string }> })._merges ?? {};
  return Object.values(merges).flatMap((m) => {
    const r = m.range ? parseRange(m.range) : null;
    return r ? [r] : [];
  });
}

/**
 * Merges cells we laid out ourselves. exceljs checks every new merge against all existing ones
 * (quadratic: 8000 task cells spanning their measures took ~9 s); ours never overlap — the data area's
 * old merges are removed first — so the check runs against an empty map.
 */
function mergeNew(ws: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number): void {
  const internal = ws as unknown as { _merges: Record<string, unknown> };
  const existing = internal._merges;
  internal._merges = {};
  try {
    ws.mergeCells(top, left, bottom, right);
  } finally {
    internal._merges = Object.assign(existing, internal._merges);
  }
}

/** A row with no value and no border or fill: spacing, not part of the table. */
function isBareRow(row: ExcelJS.Row): boolean {
  let bare = true;
  row.eachCell({ includeEmpty: true }, (cell) => {
    const s = cell.style ?? {};
    const border = s.border && Object.values(s.border).some((b) => b && (b as ExcelJS.Border).style);
    const fill = s.fill && s.fill.type === 'pattern' && s.fill.pattern !== 'none';
    if ((cell.value !== null && cell.value !== '') || border || fill) bare = false;
  });
  return bare;
}

/**
 * Last row of the template's data area: its styled rows up to the footer (blank rows between them
 * stay with the footer, keeping its distance from the table), or the last row the sheet defines.
 */
function templateDataEnd(ws: ExcelJS.Worksheet, layout: TemplateLayout): number {
  if (!layout.footerFirstRow) return Math.max(layout.firstDataRow, ws.rowCount);
  let end = layout.footerFirstRow - 1;
  while (end > layout.firstDataRow && isBareRow(ws.getRow(end))) end--;
  return end;
}

function snapshotFooter(ws: ExcelJS.Worksheet, from: number, layout: TemplateLayout): FooterRow[] {
  const rows: FooterRow[] = [];
  if (!layout.footerFirstRow) return rows;
  for (let r = from; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: FooterCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.type === 1 /* Merge */ && cell.master !== cell) cells.push({ col, value: null, style: clone(cell.style) });
      else cells.push({ col, value: clone(cell.value), style: clone(cell.style) });
    });
    rows.push({ offset: r - from, height: row.height, cells });
  }
  return rows;
}

function columnStyle(ws: ExcelJS.Worksheet, row: number, col: number): Partial<ExcelJS.Style> {
  const style = clone(ws.getRow(row).getCell(col).style ?? {});
  style.alignment = { vertical: 'middle', ...style.alignment, wrapText: true };
  return style;
}

/**
 * A target for a template with 目标值 and 单位 columns: `180个` → 180 | 个, `80%` → 80 | %. Only when
 * the two parts say all the text says (the merge joins them back: export-merge.ts); 下降1%, 不低于45%,
 * 增加学位5190个 or a range keep their words in 目标值.
 */
function targetParts(text: string): { value: string; unit: string } {
  const m = TARGET_SPLIT.exec(text.trim());
  if (m && `${m[1]}${m[2]}` === text) return { value: m[1]!, unit: m[2]! };
  return { value: text, unit: '' };
}

function cellValue(field: FieldKey, text: string): ExcelJS.CellValue {
  if (text === '') return null;
  if (text.length > MAX_CELL_CHARS) return `${text.slice(0, MAX_CELL_CHARS - 1)}…`;
  // A number only when it reads back as the same text (1.10 or 007 stay text).
  if (NUMERIC_FIELDS.has(field) && NUMBER.test(text) && text.length < 15 && String(Number(text)) === text) return Number(text);
  return text;
}

/** Adds validations back with their ranges: data-area ranges cover the written data rows. */
function restoreValidations(
  validations: TemplateValidation[],
  area: { first: number; templateEnd: number; outEnd: number; shift: number },
): Map<string, ExcelJS.DataValidation> {
  const out = new Map<string, ExcelJS.DataValidation>();
  const add = (r: CellRange, rule: ExcelJS.DataValidation) => {
    if (r.bottom < r.top) return;
    out.set(rangeRef(r), rule);
  };
  for (const v of validations) {
    for (const r of v.ranges) {
      if (r.bottom >= 1_048_576 || r.bottom < area.first) {
        add(r, v.rule); // whole columns and everything above the data stay as they are
        continue;
      }
      if (r.top < area.first) add({ ...r, bottom: area.first - 1 }, v.rule);
      if (r.top <= area.templateEnd && r.bottom >= area.first && area.outEnd >= area.first) {
        add({ ...r, top: area.first, bottom: area.outEnd }, v.rule);
      }
      if (r.bottom > area.templateEnd) {
        add({ ...r, top: Math.max(r.top, area.templateEnd + 1) + area.shift, bottom: r.bottom + area.shift }, v.rule);
      }
    }
  }
  return out;
}

/** Excel refuses (with a repair prompt) a drop-down list written out longer than this. */
const MAX_LIST_CHARS = 255;
/** Excel's limit for one cell's text. */
const MAX_CELL_CHARS = 32_767;

export function statusListRule(labels: readonly string[]): ExcelJS.DataValidation {
  const list: string[] = [];
  for (const l of labels.length ? labels : DEFAULT_STATUSES) {
    if ([...list, l].join(',').length > MAX_LIST_CHARS) break;
    list.push(l);
  }
  return {
    type: 'list',
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '状态',
    error: `请从下拉列表中选择：${list.join('、')}`,
    formulae: [`"${list.map((l) => l.replace(/[",]/g, '')).join(',')}"`],
  };
}

function covers(model: Map<string, ExcelJS.DataValidation>, col: number, top: number, bottom: number): boolean {
  for (const key of model.keys()) {
    const r = parseRange(key);
    if (r && r.left <= col && r.right >= col && r.top <= top && r.bottom >= bottom) return true;
  }
  return false;
}

function extendConditionalFormats(ws: ExcelJS.Worksheet, first: number, templateEnd: number, outEnd: number, shift: number): void {
  // Not in exceljs's typings, but kept on read and written back.
  const formats = (ws as unknown as { conditionalFormattings?: { ref: string }[] }).conditionalFormattings ?? [];
  for (const cf of formats) {
    cf.ref = cf.ref
      .split(/\s+/)
      .map((ref: string) => {
        const r = parseRange(ref);
        if (!r || r.bottom >= 1_048_576 || r.bottom < first) return ref;
        if (r.top > templateEnd) return rangeRef({ ...r, top: r.top + shift, bottom: r.bottom + shift });
        return rangeRef({ ...r, top: Math.min(r.top, first), bottom: Math.max(outEnd, first) + Math.max(0, r.bottom - templateEnd) });
      })
      .join(' ');
  }
}

export async function writeIntoTemplate(templateBytes: Uint8Array, options: WriteOptions): Promise<Uint8Array> {
  const { layout, columns, lines, fill, form } = options;
  const statusFill = new Map(options.statuses.map((st) => [st.label, STATUS_COLOR_FILLS[st.color]]));
  const customKey = new Map(options.customColumns.map((c) => [c.label.trim(), c.key]));
  const { workbook, validations } = await openTemplate(templateBytes);
  const ws = workbook.getWorksheet(layout.sheet) ?? workbook.worksheets[0];
  if (!ws) throw new Error('template has no worksheet');

  const first = layout.firstDataRow;
  const templateEnd = templateDataEnd(ws, layout);
  const footer = snapshotFooter(ws, templateEnd + 1, layout);
  const styles = new Map<number, Partial<ExcelJS.Style>>();
  for (let c = layout.firstCol; c <= layout.lastCol; c++) styles.set(c, columnStyle(ws, first, c));
  const templateRowHeight = ws.getRow(first).height;

  // Clear the data area and everything under it; the footer's merges are re-made below the data.
  const templateMergesBelow = internalMerges(ws).filter((m) => m.top > templateEnd);
  for (const m of internalMerges(ws)) if (m.bottom >= first) ws.unMergeCells(rangeRef(m));
  // Drop the template's empty styled rows too (exceljs keeps rows in an array): the output has
  // exactly the ledger's lines, then the footer.
  const internalRows = (ws as unknown as { _rows: unknown[] })._rows;
  if (internalRows.length >= first) internalRows.length = first - 1;

  const byCol = new Map(columns.map((c) => [c.col, c.target]));
  const headerLeaf = new Map(columns.map((c) => [c.col, (c.header.split('/').pop() ?? '').trim()]));
  const codeCols = columns.filter((c) => (c.target.kind === 'field' && c.target.field === 'code') || c.target.kind === 'rowNumber').map((c) => c.col);
  const targetCol = columns.find((c) => c.target.kind === 'field' && c.target.field === 'target')?.col;
  const unitCol = columns.find((c) => c.target.kind === 'targetUnit')?.col;
  const widths = new Map<number, number>();
  for (let c = layout.firstCol; c <= layout.lastCol; c++) widths.set(c, ws.getColumn(c).width ?? 9);
  // One style object per column and variant, shared by the cells that use it (exceljs dedupes styles
  // on write; cloning per cell dominated the time for 10k rows). Never mutated after creation.
  const styleCache = new Map<string, Partial<ExcelJS.Style>>();
  const styleFor = (c: number, variant: string): Partial<ExcelJS.Style> => {
    const key = `${c}|${variant}`;
    let style = styleCache.get(key);
    if (!style) {
      style = clone(styles.get(c) ?? {});
      if (variant === 'section') {
        style.font = { ...style.font, bold: true };
        style.alignment = { ...style.alignment, horizontal: 'left', vertical: 'middle', wrapText: true };
      } else if (variant.startsWith('fill:')) {
        style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: variant.slice(5) } };
      }
      if (form) style.protection = { locked: variant !== 'section' && codeCols.includes(c) };
      styleCache.set(key, style);
    }
    return style;
  };
  const statusCols = columns.filter((c) => c.target.kind === 'field' && c.target.field === 'status').map((c) => c.col);

  const tableWidth = columnsWidth(ws, layout.firstCol, layout.lastCol);
  // Cells that span several lines (a task's number, title, units … over its measures). A form keeps
  // every line self-contained, so it has none.
  const spans = new Map<number, { cols: number[]; span: number }>();
  const spanned = new Map<number, ReadonlySet<number>>();
  if (!form) {
    lines.forEach((line, i) => {
      const m = line.mergeDown;
      if (!m || m.span < 2) return;
      const cols = columns
        .filter((c) => (c.target.kind === 'field' && m.fields.includes(c.target.field)) || (c.target.kind === 'targetUnit' && m.fields.includes('target')))
        .map((c) => c.col);
      if (!cols.length) return;
      spans.set(i, { cols, span: m.span });
      const set = new Set(cols);
      for (let k = i; k < i + m.span && k < lines.length; k++) spanned.set(k, set);
    });
  }
  const spanNeed = new Map<number, number>();
  let running = 0;
  lines.forEach((line, i) => {
    const r = first + i;
    const inSpan = spanned.get(i);
    const row = ws.getRow(r);
    if (line.kind === 'section') {
      for (let c = layout.firstCol; c <= layout.lastCol; c++) {
        const cell = row.getCell(c);
        cell.style = styleFor(c, 'section');
        cell.value = c === layout.firstCol ? (line.values.task ?? '') : null;
      }
      if (layout.lastCol > layout.firstCol) mergeNew(ws, r, layout.firstCol, r, layout.lastCol);
      row.height = Math.min(MAX_ROW_HEIGHT, Math.max(templateRowHeight ?? 0, estimateRowHeight(line.values.task ?? '', tableWidth, fontSize(styles.get(layout.firstCol)))));
      return;
    }
    running++;
    const split = unitCol !== undefined && line.values.target ? targetParts(line.values.target) : { value: '', unit: '' };
    let height = templateRowHeight ?? 0;
    for (let c = layout.firstCol; c <= layout.lastCol; c++) {
      const cell = row.getCell(c);
      let variant = 'data';
      const target = byCol.get(c) ?? { kind: 'none' as const };
      let value: ExcelJS.CellValue = null;
      let text = '';
      if (target.kind === 'field') {
        text = target.field === 'target' && unitCol !== undefined ? split.value : (line.values[target.field] ?? '');
        value = cellValue(target.field, text);
        const argb = target.field === 'status' ? statusFill.get(text) : undefined;
        if (argb) variant = `fill:${argb}`;
      } else if (target.kind === 'rowNumber') {
        value = running;
        text = String(running);
      } else if (target.kind === 'targetUnit') {
        text = targetCol !== undefined ? split.unit : '';
        value = text || null;
      } else if (target.kind === 'custom' || target.kind === 'none') {
        // A custom column takes the ledger's column of that name, else its fixed text; an unmapped
        // column headed like one of the ledger's own columns takes that column.
        const header = headerLeaf.get(c) ?? '';
        const key = customKey.get(target.kind === 'custom' ? target.label.trim() : header);
        text = key !== undefined ? (line.custom?.[key] ?? '') : target.kind === 'custom' ? target.value : '';
        value = text || null;
      }
      const style = styleFor(c, variant);
      cell.style = style;
      cell.value = value;
      const needed = estimateRowHeight(text, widths.get(c) ?? 9, fontSize(style));
      // A spanning cell's text shares the height of all its lines (settled below).
      if (inSpan?.has(c)) spanNeed.set(i, Math.max(spanNeed.get(i) ?? 0, needed));
      else height = Math.max(height, needed);
    }
    row.height = Math.min(MAX_ROW_HEIGHT, Math.max(height, MIN_ROW_HEIGHT));
  });

  // Merge the spanning cells, and grow their lines evenly when the spanning text needs more room.
  for (const [i, { cols, span }] of spans) {
    const last = Math.min(i + span, lines.length) - 1;
    for (const c of cols) mergeNew(ws, first + i, c, first + last, c);
    const rows = Array.from({ length: last - i + 1 }, (_, k) => ws.getRow(first + i + k));
    const total = rows.reduce((sum, row) => sum + (row.height ?? MIN_ROW_HEIGHT), 0);
    const need = spanNeed.get(i) ?? 0;
    if (need > total) {
      const extra = (need - total) / rows.length;
      for (const row of rows) row.height = Math.min(MAX_ROW_HEIGHT, Math.ceil((row.height ?? MIN_ROW_HEIGHT) + extra));
    }
  }

  const outEnd = first + lines.length - 1;
  const footerStart = outEnd + 1;
  const shift = footerStart - (templateEnd + 1);
  for (const f of footer) {
    const row = ws.getRow(footerStart + f.offset);
    if (f.height) row.height = f.height;
    for (const c of f.cells) {
      const cell = row.getCell(c.col);
      cell.style = c.style;
      if (form) setLocked(cell, false);
      cell.value = c.value;
    }
  }
  for (const m of templateMergesBelow) mergeNew(ws, m.top + shift, m.left, m.bottom + shift, m.right);

  const model = restoreValidations(validations.get(ws.name) ?? [], { first, templateEnd, outEnd, shift });
  if (lines.length > 0) {
    for (const c of statusCols) {
      if (!covers(model, c, first, outEnd)) model.set(`${columnLetters(c)}${first}:${columnLetters(c)}${outEnd}`, statusListRule(options.statuses.map((st) => st.label)));
    }
  }
  (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model = Object.fromEntries(model);
  extendConditionalFormats(ws, first, templateEnd, outEnd, shift);
  if (ws.pageSetup.printArea) {
    ws.pageSetup.printArea = ws.pageSetup.printArea
      .split(/[,，]/)
      .map((ref) => {
        const r = parseRange(ref.replace(/^.*!/, ''));
        return r && r.bottom >= first ? rangeRef({ ...r, bottom: Math.max(r.bottom + shift, outEnd) }) : ref;
      })
      .join(',');
  }

  for (const sheet of workbook.worksheets) fillPlaceholders(sheet, fill);
  for (const d of layout.dateCells) fillDateCell(ws, d.address, fill, form, layout.lastCol);
  const unitAddress = form && layout.unitCell && fill.unit ? fillUnitCell(ws, layout.unitCell.address, fill.unit, layout.lastCol) : null;

  if (form) {
    // Cells above the header (填报人、联系电话、报送日期) stay editable; title and header stay locked.
    for (let r = 1; r < layout.headerFirstRow; r++) {
      if (r === 1 && layout.title) continue;
      ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => setLocked(cell, false));
    }
    // The unit's name says whose form it is: not for the unit to change.
    if (layout.unitCell) setLocked(ws.getCell(layout.unitCell.address), true);
    if (unitAddress) setLocked(ws.getCell(unitAddress), true);
    await ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatCells: true,
      formatColumns: true,
      formatRows: true,
    });
  }
  return workbookBytes(workbook);
}

/** exceljs shares one style object among cells loaded with the same format: replace, never mutate. */
function setLocked(cell: ExcelJS.Cell, locked: boolean): void {
  cell.style = { ...cell.style, protection: { locked } };
}

function columnsWidth(ws: ExcelJS.Worksheet, from: number, to: number): number {
  let w = 0;
  for (let c = from; c <= to; c++) w += ws.getColumn(c).width ?? 9;
  return w;
}

function fontSize(style: Partial<ExcelJS.Style> | undefined): number {
  return style?.font?.size ?? 11;
}
