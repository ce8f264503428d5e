// Where each export line goes in the sheet, without touching a file: the cells' values and looks
// (data, bold section, status colour, locked), row heights for wrapped text, and the merged cells
// (sections across the table, a task's cells spanning its measures). The sheet writer serialises it.

import type { TemplateColumn } from '#shared/api/template-api.js';
import type { FieldKey } from '#shared/fields.js';
import type { CellRange } from '../excel/cell-address.js';
import type { ExportLine } from './export-lines.js';
import { estimateRowHeight } from './row-height.js';

/** Light fills for the workbench's status colours (已完成 green, 推进中 blue, 滞后 red …), readable in print. */
const STATUS_COLOR_FILLS: Readonly<Record<string, string>> = {
  green: 'FFC6EFCE',
  blue: 'FFDDEBF7',
  yellow: 'FFFFF2CC',
  orange: 'FFFCE4D6',
  red: 'FFFFC7CE',
  grey: 'FFEDEDED',
  purple: 'FFE4DFEC',
};

/** How a written cell looks: the column's data style, a bold section title, or a status colour (ARGB). */
export type CellLook = { kind: 'data' } | { kind: 'section' } | { kind: 'fill'; argb: string };

export interface LaidCell {
  col: number;
  value: string | number | null;
  look: CellLook;
  /** Per-unit forms only: whether the unit may not change the cell. */
  locked?: boolean;
}

export interface LaidRow {
  height: number;
  cells: LaidCell[];
}

export interface LineLayout {
  rows: LaidRow[];
  /** Absolute sheet ranges. */
  merges: CellRange[];
}

/** What the layout needs to know of the template. */
export interface LayoutSheet {
  firstDataRow: number;
  firstCol: number;
  lastCol: number;
  /** The template's first data row's height, if it sets one. */
  rowHeight: number | undefined;
  columnWidth(col: number): number;
  /** Font size of the column's data style. */
  fontSize(col: number): number;
}

export interface LayoutOptions {
  columns: readonly TemplateColumn[];
  lines: readonly ExportLine[];
  form: boolean;
  customColumns: readonly { key: string; label: string }[];
  statuses: readonly { label: string; color: string }[];
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
/** A plain number and a short unit word (个, 所, 人次, %, 亿元), nothing else. */
const TARGET_SPLIT = /^(\d+(?:\.\d+)?)(%|[\u4e00-\u9fff]{1,3})$/;
const NUMERIC_FIELDS: ReadonlySet<FieldKey> = new Set(['code', 'achieved']);
export const MAX_ROW_HEIGHT = 409;
/** Excel's default row height for 11 pt text; no data row is lower. */
const MIN_ROW_HEIGHT = 15;
/** Excel's limit for one cell's text. */
const MAX_CELL_CHARS = 32_767;

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

function cellValue(field: FieldKey, text: string): string | number | null {
  if (text === '') return null;
  if (text.length > MAX_CELL_CHARS) return `${text.slice(0, MAX_CELL_CHARS - 1)}…`;
  // A number only when it reads back as the same text (1.10 or 007 stay text).
  if (NUMERIC_FIELDS.has(field) && NUMBER.test(text) && text.length < 15 && String(Number(text)) === text) return Number(text);
  return text;
}

const DATA: CellLook = { kind: 'data' };
const SECTION: CellLook = { kind: 'section' };

export function layoutLines(sheet: LayoutSheet, options: LayoutOptions): LineLayout {
  const { columns, lines, form } = options;
  const { firstCol, lastCol, firstDataRow: first } = sheet;
  const statusFill = new Map(options.statuses.map((st) => [st.label, STATUS_COLOR_FILLS[st.color]]));
  const customKey = new Map(options.customColumns.map((c) => [c.label.trim(), c.key]));
  const byCol = new Map(columns.map((c) => [c.col, c.target]));
  const headerLeaf = new Map(columns.map((c) => [c.col, (c.header.split('/').pop() ?? '').trim()]));
  const codeCols = new Set(columns.filter((c) => (c.target.kind === 'field' && c.target.field === 'code') || c.target.kind === 'rowNumber').map((c) => c.col));
  const targetCol = columns.find((c) => c.target.kind === 'field' && c.target.field === 'target')?.col;
  const unitCol = columns.find((c) => c.target.kind === 'targetUnit')?.col;
  const fills = new Map<string, CellLook>();
  const fillLook = (argb: string): CellLook => {
    let look = fills.get(argb);
    if (!look) fills.set(argb, (look = { kind: 'fill', argb }));
    return look;
  };
  const locked = (c: number, look: CellLook): boolean | undefined => (form ? look.kind !== 'section' && codeCols.has(c) : undefined);
  let tableWidth = 0;
  for (let c = firstCol; c <= lastCol; c++) tableWidth += sheet.columnWidth(c);
  const templateRowHeight = sheet.rowHeight ?? 0;

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

  const rows: LaidRow[] = [];
  const merges: CellRange[] = [];
  const spanNeed = new Map<number, number>();
  let running = 0;
  lines.forEach((line, i) => {
    const r = first + i;
    if (line.kind === 'section') {
      const cells: LaidCell[] = [];
      for (let c = firstCol; c <= lastCol; c++) {
        cells.push({ col: c, value: c === firstCol ? (line.values.task ?? '') || null : null, look: SECTION, locked: locked(c, SECTION) });
      }
      if (lastCol > firstCol) merges.push({ top: r, bottom: r, left: firstCol, right: lastCol });
      const height = Math.min(MAX_ROW_HEIGHT, Math.max(templateRowHeight, estimateRowHeight(line.values.task ?? '', tableWidth, sheet.fontSize(firstCol))));
      rows.push({ height, cells });
      return;
    }
    running++;
    const inSpan = spanned.get(i);
    const split = unitCol !== undefined && line.values.target ? targetParts(line.values.target) : { value: '', unit: '' };
    let height = templateRowHeight;
    const cells: LaidCell[] = [];
    for (let c = firstCol; c <= lastCol; c++) {
      let look = DATA;
      const target = byCol.get(c) ?? { kind: 'none' as const };
      let value: string | number | null = null;
      let text = '';
      if (target.kind === 'field') {
        text = target.field === 'target' && unitCol !== undefined ? split.value : (line.values[target.field] ?? '');
        value = cellValue(target.field, text);
        const argb = target.field === 'status' ? statusFill.get(text) : undefined;
        if (argb) look = fillLook(argb);
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
      cells.push({ col: c, value, look, locked: locked(c, look) });
      const needed = estimateRowHeight(text, sheet.columnWidth(c), sheet.fontSize(c));
      // A spanning cell's text shares the height of all its lines (settled below).
      if (inSpan?.has(c)) spanNeed.set(i, Math.max(spanNeed.get(i) ?? 0, needed));
      else height = Math.max(height, needed);
    }
    rows.push({ height: Math.min(MAX_ROW_HEIGHT, Math.max(height, MIN_ROW_HEIGHT)), cells });
  });

  // Merge the spanning cells, and grow their lines evenly when the spanning text needs more room.
  for (const [i, { cols, span }] of spans) {
    const last = Math.min(i + span, lines.length) - 1;
    for (const c of cols) merges.push({ top: first + i, bottom: first + last, left: c, right: c });
    const spanRows = rows.slice(i, last + 1);
    const total = spanRows.reduce((sum, row) => sum + row.height, 0);
    const need = spanNeed.get(i) ?? 0;
    if (need > total) {
      const extra = (need - total) / spanRows.length;
      for (const row of spanRows) row.height = Math.min(MAX_ROW_HEIGHT, Math.ceil(row.height + extra));
    }
  }
  return { rows, merges };
}
