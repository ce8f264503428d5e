// Fills the template's other cells on export: date lines (截至时间：  年  月  日, 统计截止：,
// 填报日期：), {{占位符}} and the 报送单位 line of a submission form.

import { cellAddress, parseRange } from '../excel/cell-address.js';
import { decodeXmlText } from '../excel/xml-text.js';
import { KNOWN_PLACEHOLDERS } from './template-analysis.js';
import { escapeXml, type TemplateSheet } from './template-sheet.js';

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
/** A `<t>` element whose text holds a {{…}}. */
const TEXT_WITH_PLACEHOLDER = /(<(?:\w+:)?t\b[^>]*>)([^<]*\{\{[^<]*)(<\/(?:\w+:)?t>)/g;

function replaceText(text: string, ctx: FillContext): string {
  return text.replace(PLACEHOLDER, (_, name: string) => placeholderValue(name.trim(), ctx));
}

/**
 * Replaces {{…}} in the texts of a part (sharedStrings.xml, or a sheet's inline strings), run by run
 * as Excel stores them; unknown names become empty. Returns the part unchanged when it has none.
 */
export function fillPlaceholders(xml: string, ctx: FillContext): string {
  if (!xml.includes('{{')) return xml;
  return xml.replace(TEXT_WITH_PLACEHOLDER, (_, open: string, text: string, close: string) => open + escapeXml(replaceText(decodeXmlText(text), ctx)) + close);
}

function at(address: string): { row: number; col: number } {
  const r = parseRange(address);
  if (!r) throw new Error(`not a cell address: ${address}`);
  return { row: r.top, col: r.left };
}

/** The cell right of a label (after its own merge) within the table's width when it is empty and not merged into another. */
function emptyRightNeighbour(ws: TemplateSheet, address: string, lastCol: number): { row: number; col: number } | null {
  const { row, col } = at(address);
  const own = ws.mergeAt(row, col);
  const top = own?.top ?? row;
  const next = (own?.right ?? col) + 1;
  if (next > lastCol) return null;
  const merge = ws.mergeAt(top, next);
  if (merge && (merge.top !== top || merge.left !== next)) return null;
  return ws.textOf(ws.cell(top, next)).trim() === '' ? { row: top, col: next } : null;
}

const DATE_BLANKS = /[\d\s_＿]*年[\d\s_＿]*月[\d\s_＿]*日/;

function setText(ws: TemplateSheet, address: string | { row: number; col: number }, text: string): void {
  const { row, col } = typeof address === 'string' ? at(address) : address;
  ws.setText(ws.ensureCell(row, col), text);
}

/**
 * Writes the as-of date into a date line. Submission (报送/填报) dates of a per-unit form are left for
 * the unit to fill.
 */
export function fillDateCell(ws: TemplateSheet, address: string, ctx: FillContext, form: boolean, lastCol: number): void {
  const { row, col } = at(address);
  const text = ws.textOf(ws.cell(row, col));
  if (form && /(?:填报|报送|填表)(?:日期|时间)/.test(text)) return;
  const date = chineseDate(/(?:填报|报送|填表)(?:日期|时间)/.test(text) ? ctx.today : ctx.asOf);
  if (DATE_BLANKS.test(text)) {
    setText(ws, address, text.replace(DATE_BLANKS, date));
    return;
  }
  const colon = text.search(/[:：]/);
  const rest = colon >= 0 ? text.slice(colon + 1).trim() : '';
  if (colon < 0 || (rest !== '' && !/^[_＿\s]*$/.test(rest))) return;
  const right = emptyRightNeighbour(ws, address, lastCol);
  if (right) setText(ws, right, date);
  else setText(ws, address, `${text.slice(0, colon + 1)}${date}`);
}

/** Writes the unit's name after 报送单位：, in the empty cell beside it or in the label cell; returns where. */
export function fillUnitCell(ws: TemplateSheet, address: string, unit: string, lastCol: number): string {
  const { row, col } = at(address);
  const text = ws.textOf(ws.cell(row, col));
  const colon = text.search(/[:：]/);
  const rest = colon >= 0 ? text.slice(colon + 1).trim() : '';
  const right = rest === '' || /^[_＿\s]*$/.test(rest) ? emptyRightNeighbour(ws, address, lastCol) : null;
  if (right) {
    setText(ws, right, unit);
    return cellAddress(right.row, right.col);
  }
  setText(ws, address, `${colon >= 0 ? text.slice(0, colon + 1) : `${text}：`}${unit}`);
  return address;
}
