// One worksheet of the template as XML pieces: what comes before and after sheetData kept as it is,
// the rows and cells read just enough to move, restyle or rewrite them. Written back by `toXml`
// with the data rows the export lays out in between.

import { cellAddress, columnNumber, parseRange, rangeRef, type CellRange } from '../excel/cell-address.js';
import { decodeXmlText } from '../excel/xml-text.js';

export interface SheetCell {
  col: number;
  /** The cell's attributes without `r`, as written (` s="4" t="s"`). */
  attrs: string;
  /** The cell's children as written ('' for an empty cell). */
  body: string;
}

export interface SheetRow {
  r: number;
  /** The row's attributes without `r`. */
  attrs: string;
  cells: SheetCell[];
}

/** XML text content: the five escapes, and characters XML 1.0 cannot hold dropped. */
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** An inline-string cell body. */
export function inlineText(p: string, text: string): string {
  return `<${p}is><${p}t xml:space="preserve">${escapeXml(text)}</${p}t></${p}is>`;
}

/** The text of every `<t>` in a string item (phonetic runs left out). */
export function stringItemText(xml: string): string {
  const plain = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let out = '';
  for (const m of plain.matchAll(/<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) out += decodeXmlText(m[1] ?? '');
  return out;
}

/** The texts of sharedStrings.xml, by index. */
export function readSharedStrings(xml: string): string[] {
  return (xml.match(/<(?:\w+:)?si\b(?:[^>]*?\/>|[^>]*>[\s\S]*?<\/(?:\w+:)?si>)/g) ?? []).map(stringItemText);
}

const attrValue = (attrs: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];

export class TemplateSheet {
  /** The main namespace's prefix on this sheet's elements ('' or 'x:'). */
  readonly p: string;
  head: string;
  tail: string;
  readonly rows: SheetRow[] = [];
  private readonly byRow = new Map<number, SheetRow>();
  readonly merges: CellRange[];

  constructor(
    xml: string,
    private readonly sharedStrings: readonly string[],
  ) {
    this.p = /<(\w+:)?worksheet\b/.exec(xml)?.[1] ?? '';
    const p = this.p;
    const open = new RegExp(`<${p}sheetData\\b[^>]*?(/?)>`).exec(xml);
    if (!open) throw new Error('worksheet has no sheetData');
    if (open[1] === '/') {
      this.head = `${xml.slice(0, open.index)}<${p}sheetData>`;
      this.tail = `</${p}sheetData>${xml.slice(open.index + open[0].length)}`;
    } else {
      const close = xml.indexOf(`</${p}sheetData>`, open.index);
      this.head = xml.slice(0, open.index + open[0].length);
      this.tail = xml.slice(close);
      const body = xml.slice(open.index + open[0].length, close);
      const rowRe = new RegExp(`<${p}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${p}row>)`, 'g');
      const cellRe = new RegExp(`<${p}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${p}c>)`, 'g');
      for (const m of body.matchAll(rowRe)) {
        const r = Number(attrValue(m[1] ?? '', 'r'));
        const cells: SheetCell[] = [];
        for (const c of (m[2] ?? '').matchAll(cellRe)) {
          const ref = attrValue(c[1] ?? '', 'r') ?? '';
          cells.push({ col: columnNumber(ref.replace(/\d+$/, '')), attrs: (c[1] ?? '').replace(/\s+r="[^"]*"/, ''), body: c[2] ?? '' });
        }
        const row = { r, attrs: (m[1] ?? '').replace(/\s+r="[^"]*"/, ''), cells };
        this.rows.push(row);
        this.byRow.set(r, row);
      }
    }
    this.merges = [...this.tail.matchAll(new RegExp(`<${p}mergeCell\\b[^>]*\\bref="([^"]+)"`, 'g'))].flatMap((m) => {
      const r = parseRange(m[1] ?? '');
      return r ? [r] : [];
    });
  }

  row(r: number): SheetRow | undefined {
    return this.byRow.get(r);
  }

  cell(r: number, col: number): SheetCell | undefined {
    return this.byRow.get(r)?.cells.find((c) => c.col === col);
  }

  /** The cell, made when the sheet does not have it (rows and cells kept in order). */
  ensureCell(r: number, col: number): SheetCell {
    let row = this.byRow.get(r);
    if (!row) {
      row = { r, attrs: '', cells: [] };
      const at = this.rows.findIndex((x) => x.r > r);
      this.rows.splice(at < 0 ? this.rows.length : at, 0, row);
      this.byRow.set(r, row);
    }
    let cell = row.cells.find((c) => c.col === col);
    if (!cell) {
      cell = { col, attrs: '', body: '' };
      const at = row.cells.findIndex((c) => c.col > col);
      row.cells.splice(at < 0 ? row.cells.length : at, 0, cell);
    }
    return cell;
  }

  /** The text a cell shows (a formula's last value; '' for none). */
  textOf(cell: SheetCell | undefined): string {
    if (!cell || !cell.body) return '';
    const t = attrValue(cell.attrs, 't');
    if (t === 'inlineStr') return stringItemText(cell.body);
    const v = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/.exec(cell.body)?.[1];
    if (v === undefined) return '';
    return t === 's' ? (this.sharedStrings[Number(v)] ?? '') : decodeXmlText(v);
  }

  styleOf(cell: SheetCell | undefined): number {
    return Number(attrValue(cell?.attrs ?? '', 's') ?? 0);
  }

  setStyle(cell: SheetCell, s: number): void {
    cell.attrs = `${cell.attrs.replace(/\s+s="[^"]*"/, '')} s="${s}"`;
  }

  setText(cell: SheetCell, text: string): void {
    cell.attrs = `${cell.attrs.replace(/\s+t="[^"]*"/, '')} t="inlineStr"`;
    cell.body = inlineText(this.p, text);
  }

  rowHeight(r: number): number | undefined {
    const ht = attrValue(this.byRow.get(r)?.attrs ?? '', 'ht');
    return ht === undefined ? undefined : Number(ht);
  }

  /** The merged range a cell is part of. */
  mergeAt(r: number, col: number): CellRange | undefined {
    return this.merges.find((m) => m.top <= r && m.bottom >= r && m.left <= col && m.right >= col);
  }

  /** Column widths from `<cols>`, in Excel characters. */
  columnWidths(): Map<number, number> {
    const out = new Map<number, number>();
    for (const m of this.head.matchAll(new RegExp(`<${this.p}col\\b([^>]*)/?>`, 'g'))) {
      const a = m[1] ?? '';
      const width = attrValue(a, 'width');
      if (width === undefined) continue;
      for (let c = Number(attrValue(a, 'min') ?? 0); c <= Math.min(Number(attrValue(a, 'max') ?? 0), 16_384); c++) out.set(c, Number(width));
    }
    return out;
  }

  rowXml(row: SheetRow, r = row.r): string {
    const p = this.p;
    let out = `<${p}row r="${r}"${row.attrs}>`;
    for (const c of row.cells) {
      const ref = cellAddress(r, c.col);
      out += c.body ? `<${p}c r="${ref}"${c.attrs}>${c.body}</${p}c>` : `<${p}c r="${ref}"${c.attrs}/>`;
    }
    return `${out}</${p}row>`;
  }

  static mergeCellsXml(p: string, merges: readonly CellRange[]): string {
    if (!merges.length) return '';
    return `<${p}mergeCells count="${merges.length}">${merges.map((m) => `<${p}mergeCell ref="${rangeRef(m)}"/>`).join('')}</${p}mergeCells>`;
  }
}
