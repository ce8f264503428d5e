// Fills the template's other cells on export: date lines (截至时间：  年  月  日, 统计截止：,
// 填报日期：), {{占位符}} and the 报送单位 line of a submission form.

import type ExcelJS from 'exceljs';
import { KNOWN_PLACEHOLDERS } from './template-analysis.js';

export interface FillContext {
  ledgerName: string;
  year: number | null;
  /** YYYY-MM or null for "latest". */
  period: string | null;
  /** The as-of date, YYYY-MM-DD. */
  asOf: string;
  /** Today, YYYY-MM-DD. */
  today: string;
  unit: string | null;
}

export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function placeholderValue(name: string, ctx: FillContext): string {
  switch (KNOWN_PLACEHOLDERS[name]) {
    case 'ledgerName':
      return ctx.ledgerName;
    case 'year':
      return String(ctx.year ?? Number(ctx.asOf.slice(0, 4)));
    case 'period': {
      const p = ctx.period ?? ctx.asOf.slice(0, 7);
      return `${Number(p.slice(0, 4))}年${Number(p.slice(5, 7))}月`;
    }
    case 'month':
      return `${Number((ctx.period ?? ctx.asOf.slice(0, 7)).slice(5, 7))}月`;
    case 'asOf':
      return chineseDate(ctx.asOf);
    case 'today':
      return chineseDate(ctx.today);
    case 'unit':
      return ctx.unit ?? '';
    default:
      return '';
  }
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

function replaceText(text: string, ctx: FillContext): string {
  return text.replace(PLACEHOLDER, (_, name: string) => placeholderValue(name.trim(), ctx));
}

/** Replaces {{…}} in every text and rich-text cell of the sheet; unknown names become empty. */
export function fillPlaceholders(ws: ExcelJS.Worksheet, ctx: FillContext): void {
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      const v = cell.value;
      if (typeof v === 'string' && v.includes('{{')) cell.value = replaceText(v, ctx);
      else if (v && typeof v === 'object' && 'richText' in v && v.richText.some((r) => r.text.includes('{{'))) {
        cell.value = { richText: v.richText.map((r) => ({ ...r, text: replaceText(r.text, ctx) })) };
      }
    });
  });
}

function textOf(v: ExcelJS.CellValue): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return v == null ? '' : String(v);
}

function isEmpty(cell: ExcelJS.Cell): boolean {
  return textOf(cell.value).trim() === '';
}

/** The cell right of `cell` within the table's width when it is empty (a value area after a label). */
function emptyRightNeighbour(ws: ExcelJS.Worksheet, cell: ExcelJS.Cell, lastCol: number): ExcelJS.Cell | null {
  const master = cell.master ?? cell;
  let col = Number(master.col);
  // Skip the rest of the label's own merge.
  while (col < 16_384 && ws.getCell(Number(master.row), col + 1).master === master) col++;
  if (col + 1 > lastCol) return null;
  const next = ws.getCell(Number(master.row), col + 1);
  return isEmpty(next) && next.master === next ? next : null;
}

const DATE_BLANKS = /[\d\s_＿]*年[\d\s_＿]*月[\d\s_＿]*日/;

/**
 * Writes the as-of date into a date line. Submission (报送/填报) dates of a per-unit form are left for
 * the unit to fill.
 */
export function fillDateCell(ws: ExcelJS.Worksheet, address: string, ctx: FillContext, form: boolean, lastCol: number): void {
  const cell = ws.getCell(address);
  const text = textOf(cell.value);
  if (form && /(?:填报|报送|填表)(?:日期|时间)/.test(text)) return;
  const date = chineseDate(/(?:填报|报送|填表)(?:日期|时间)/.test(text) ? ctx.today : ctx.asOf);
  if (DATE_BLANKS.test(text)) {
    cell.value = text.replace(DATE_BLANKS, date);
    return;
  }
  const colon = text.search(/[:：]/);
  const rest = colon >= 0 ? text.slice(colon + 1).trim() : '';
  if (colon < 0 || (rest !== '' && !/^[_＿\s]*$/.test(rest))) return;
  const right = emptyRightNeighbour(ws, cell, lastCol);
  if (right) right.value = date;
  else cell.value = `${text.slice(0, colon + 1)}${date}`;
}

/** Writes the unit's name after 报送单位：, in the empty cell beside it or in the label cell; returns where. */
export function fillUnitCell(ws: ExcelJS.Worksheet, address: string, unit: string, lastCol: number): string {
  const cell = ws.getCell(address);
  const text = textOf(cell.value);
  const colon = text.search(/[:：]/);
  const rest = colon >= 0 ? text.slice(colon + 1).trim() : '';
  const right = rest === '' || /^[_＿\s]*$/.test(rest) ? emptyRightNeighbour(ws, cell, lastCol) : null;
  if (right) {
    right.value = unit;
    return right.address;
  }
  cell.value = `${colon >= 0 ? text.slice(0, colon + 1) : `${text}：`}${unit}`;
  return cell.address;
}
