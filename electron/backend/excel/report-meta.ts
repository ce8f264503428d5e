// The facts written around the table rather than in it: which unit submitted the form
// (报送单位：和平小学), the report date, the title, and the year they imply.

import { normaliseDate } from './date-value.js';
import type { HeaderBand } from './header-band.js';
import { labelOf } from './notice-lines.js';
import { SheetGrid, type RowEntry } from './sheet-grid.js';
import { compactText, squashWhitespace } from '#shared/text-normalise.js';
import type { CellModel, SheetModel } from './workbook-model.js';

export interface LabelledValue {
  /** The label without spaces, half-width: 报送单位, 填报单位(盖章). */
  label: string;
  value: string;
  /** Cell holding the value (the label's own cell for 填报单位：XX). */
  address: string;
}

export interface SheetMeta {
  title?: string;
  unit?: LabelledValue;
  reportDate?: LabelledValue & { date: string | null };
  /** From the title (2020年…台账) or the report date; the context year for 10月31日前. */
  year?: number;
}

const UNIT_LABEL = /^(?:填报|报送|填表)?(?:单位|部门|学校)(?:名称)?(?:\(?盖章\)?)?$/;
const DATE_LABEL = /^(?:(?:填报|报送|填表|统计)(?:日期|时间)|(?:统计)?截[至止](?:时间|日期)?)$/;
const PLACEHOLDER = /^[\s_＿\-—.。·()（）盖章年月日:：]*$/;

interface Found {
  value: string;
  address: string;
  /** The cell when it holds only the value (so a real date cell parses as a date). */
  cell?: CellModel;
}

/** The value in a label cell (after the colon, up to the next label) or in the next cell right. */
function valueFor(entries: readonly RowEntry[], i: number, grid: SheetGrid): Found | null {
  const entry = entries[i];
  if (!entry) return null;
  const text = squashWhitespace(entry.cell.text);
  const colon = text.search(/[:：]/);
  let rest = colon >= 0 ? text.slice(colon + 1) : '';
  // 填报单位：第一中学  填报人：王五 — stop at the next label.
  rest = (rest.split(/\s+(?=[^\s:：]{2,8}[:：])/)[0] ?? '').replace(/[(（]\s*盖章\s*[)）]/g, '').trim();
  if (rest !== '' && !PLACEHOLDER.test(rest)) return { value: rest, address: entry.cell.address };
  if (rest !== '') return null;
  const next = entries[i + 1];
  if (!next || labelOf(next.cell.text) !== null) return null;
  const value = squashWhitespace(next.cell.text);
  if (value === '' || PLACEHOLDER.test(value)) return null;
  return { value, address: grid.sourceAddress(next.cell.row, next.col), cell: next.cell };
}

function labelKey(text: string): string {
  return (labelOf(text) ?? compactText(text)).replace(/\s/g, '');
}

/** Rows outside the table: above the header, and label lines under the data. */
function metaRows(grid: SheetGrid, band?: HeaderBand): number[] {
  if (!band) return grid.usedRows(1).slice(0, 10);
  const above = grid.usedRows(1).filter((r) => r < band.headerRows.first);
  const below = grid.usedRows(band.firstDataRow).filter((r) => {
    const first = grid.firstEntry(r);
    return first !== undefined && labelOf(first.cell.text) !== null;
  });
  return [...above, ...below];
}

function findLabelled(grid: SheetGrid, rows: readonly number[], label: RegExp): (LabelledValue & { cell?: CellModel }) | null {
  for (const row of rows) {
    const entries = grid.rowEntries(row);
    for (let i = 0; i < entries.length; i++) {
      const text = entries[i]?.cell.text ?? '';
      const key = labelKey(text);
      if (!label.test(key)) continue;
      const found = valueFor(entries, i, grid);
      if (found) return { label: key, ...found };
    }
  }
  return null;
}

/** The submitting unit from a 报送单位/填报单位/单位名称 line, or null when the form leaves it blank. */
export function findReportingUnit(source: SheetModel | SheetGrid, band?: HeaderBand): LabelledValue | null {
  const grid = source instanceof SheetGrid ? source : new SheetGrid(source);
  return unitIn(grid, metaRows(grid, band));
}

function unitIn(grid: SheetGrid, rows: readonly number[]): LabelledValue | null {
  const found = findLabelled(grid, rows, UNIT_LABEL);
  if (!found) return null;
  const { cell: _cell, ...unit } = found;
  return unit;
}

export function readSheetMeta(source: SheetModel | SheetGrid, band?: HeaderBand): SheetMeta {
  const grid = source instanceof SheetGrid ? source : new SheetGrid(source);
  const rows = metaRows(grid, band);
  const meta: SheetMeta = {};
  if (band?.title) meta.title = band.title;
  const unit = unitIn(grid, rows);
  if (unit) meta.unit = unit;
  const reported = findLabelled(grid, rows, DATE_LABEL);
  if (reported) {
    const { cell, ...labelled } = reported;
    const parsed = normaliseDate(cell ?? reported.value);
    meta.reportDate = { ...labelled, date: parsed.ok ? parsed.value : null };
  }
  const titleYear = /(\d{4})\s*年/.exec(meta.title ?? '')?.[1];
  const dateYear = meta.reportDate?.date?.slice(0, 4);
  const year = Number(titleYear ?? dateYear);
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) meta.year = year;
  return meta;
}
