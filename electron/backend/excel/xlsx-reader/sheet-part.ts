// One worksheet part (`xl/worksheets/sheetN.xml`) in one pass over its tags, straight into the packed
// sheet: no per-cell objects on the way. The guard has scanned the part already, so its rows, cells
// and merged area are within the limits.

import { cellAddress, parseRange } from '../cell-address.js';
import type { CellScalar, MergeModel } from '../workbook-model.js';
import { serialToDate } from './number-formats.js';
import { CellKind, PackedSheetBuilder, type PackedSheet, type SheetSize, type StringTable } from './packed-workbook.js';
import { moveFormula } from './shared-formula.js';
import type { CellFormat, SheetEntry } from './workbook-parts.js';
import { decodeXstring, plainDigits, XmlCursor } from './xml-cursor.js';

export interface SheetContext {
  strings: StringTable;
  /** Number of shared strings (the first entries of the table). */
  sharedCount: number;
  formats: readonly CellFormat[];
  date1904: boolean;
}

function parseBoolean(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

/** The column of the cell reference in these bytes (`AB12` → 28), 0 when it has none. */
function columnOfRef(xml: Buffer, start: number, end: number): number {
  let col = 0;
  for (let i = start; i < end; i++) {
    let c = xml[i]!;
    if (c === 36 /* $ */) continue;
    if (c >= 97) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col;
}

/** The cell being read: its `<c>` attributes and the text of its `<v>`, `<f>` and `<is>`. */
interface PendingCell {
  row: number;
  col: number;
  type: string | undefined;
  styleIndex: number;
  /** A plain `<v>` as its bytes (vStart < 0: none), decoded only where a string is needed; `v` otherwise. */
  vStart: number;
  vEnd: number;
  v: string | undefined;
  formula: string | undefined;
  formulaType: string | undefined;
  formulaRef: string | undefined;
  formulaGroup: string | undefined;
  inline: string | undefined;
}

interface SharedMaster {
  formula: string;
  row: number;
  col: number;
}

/** The attribute `attrRange` found as a number: plain digits straight from the bytes, anything else as `parse` reads its text. */
function wholeNumber(xml: Buffer, x: XmlCursor, parse: (text: string) => number): number {
  const n = plainDigits(xml, x.valueStart, x.valueEnd);
  return n >= 0 ? n : parse(x.decode(x.valueStart, x.valueEnd));
}

const parseDecimal = (text: string): number => parseInt(text, 10);

function isoDate(v: string): CellScalar {
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes('T') ? v : `${v}Z`);
  return Number.isNaN(d.getTime()) ? v : d;
}

class SheetReader {
  readonly out: PackedSheetBuilder;
  private readonly masters = new Map<string, SharedMaster>();
  private rowNumber = 0;
  private lastCol = 0;

  constructor(
    private readonly ctx: SheetContext,
    private readonly xml: Buffer,
    size: SheetSize,
  ) {
    this.out = new PackedSheetBuilder(size);
  }

  /** The row's number from its `r` (NaN when it has none). */
  startRow(r: number, hidden: string | undefined, height: string | undefined): void {
    this.rowNumber = Number.isInteger(r) && r > 0 ? r : this.rowNumber + 1;
    this.lastCol = 0;
    this.out.row(this.rowNumber, parseBoolean(hidden), height === undefined ? 0 : parseFloat(height) || 0);
  }

  /** Column of a new cell: its reference's (0: none), or the one after the previous cell. */
  cellColumn(col: number): number {
    this.lastCol = col > 0 ? col : this.lastCol + 1;
    return this.lastCol;
  }

  get currentRow(): number {
    return this.rowNumber;
  }

  /** A number in a date format is a date (as Excel shows it). */
  private number(p: PendingCell, isDate: boolean): CellScalar {
    const n = this.vNumber(p);
    return isDate && !Number.isNaN(n) ? serialToDate(n, this.ctx.date1904) : n;
  }

  /** The `<v>` read so far, as text. */
  vText(p: PendingCell): string {
    return p.v ?? (p.vStart >= 0 ? this.xml.toString('utf8', p.vStart, p.vEnd) : '');
  }

  /** parseFloat of the `<v>`, without a string for plain digits. */
  private vNumber(p: PendingCell): number {
    if (p.vStart >= 0) {
      const negative = this.xml[p.vStart] === 45; /* - */
      const n = plainDigits(this.xml, negative ? p.vStart + 1 : p.vStart, p.vEnd);
      if (n >= 0) return negative ? -n : n;
    }
    return parseFloat(this.vText(p));
  }

  /** parseInt of the `<v>` (a shared string's index, a boolean), without a string for plain digits. */
  private vInt(p: PendingCell): number {
    const n = p.vStart >= 0 ? plainDigits(this.xml, p.vStart, p.vEnd) : -1;
    return n >= 0 ? n : parseInt(this.vText(p), 10);
  }

  addCell(p: PendingCell): void {
    const format = p.styleIndex > 0 ? this.ctx.formats[p.styleIndex] : undefined;
    const isDate = format?.isDate === true;
    let formula: string | undefined;
    let error: string | undefined;
    let raw: CellScalar = null;
    let sharedIndex = -1;

    if ((p.formula !== undefined && p.formula !== '') || p.formulaType !== undefined) {
      formula = p.formula ?? '';
      if (p.formulaType === 'shared' && p.formulaGroup !== undefined) {
        if (p.formulaRef !== undefined) this.masters.set(p.formulaGroup, { formula, row: p.row, col: p.col });
        else if (formula === '') {
          const m = this.masters.get(p.formulaGroup);
          if (m) formula = moveFormula(m.formula, p.row - m.row, p.col - m.col);
        }
      }
      // The cached result; a formula never calculated has none.
      if (p.v !== undefined ? p.v !== '' : p.vStart >= 0 && p.vEnd > p.vStart) {
        if (p.type === 'str') raw = this.vText(p);
        else if (p.type === 'b') raw = this.vInt(p) !== 0;
        else if (p.type === 'e') error = this.vText(p);
        else raw = this.number(p, isDate);
      }
    } else if (p.inline !== undefined || p.type === 'inlineStr') {
      raw = p.inline ?? this.vText(p);
    } else if (p.v !== undefined || p.vStart >= 0) {
      switch (p.type) {
        case 's': {
          const i = this.vInt(p);
          if (i >= 0 && i < this.ctx.sharedCount) {
            sharedIndex = i;
            raw = this.ctx.strings.strings[i]!;
          }
          break;
        }
        case 'str':
          raw = this.vText(p);
          break;
        case 'b':
          raw = this.vInt(p) !== 0;
          break;
        case 'e':
          error = this.vText(p);
          break;
        case 'd':
          raw = isoDate(this.vText(p));
          break;
        default:
          raw = this.number(p, isDate);
      }
    }

    let kind: CellKind = CellKind.Empty;
    let num = 0;
    let str = -1;
    if (error !== undefined) {
      kind = CellKind.Error;
      str = this.ctx.strings.add(error);
    } else if (typeof raw === 'string') {
      // Blank text is no value (a cell holding only spaces, or an empty shared string).
      if (formula === undefined && (raw === '' || raw.trim() === '')) return;
      kind = CellKind.Text;
      str = sharedIndex >= 0 ? sharedIndex : this.ctx.strings.add(raw);
    } else if (typeof raw === 'number') {
      if (!Number.isNaN(raw)) {
        kind = CellKind.Number;
        num = raw;
      }
    } else if (typeof raw === 'boolean') {
      kind = CellKind.Boolean;
      num = raw ? 1 : 0;
    } else if (raw instanceof Date) {
      if (!Number.isNaN(raw.getTime())) {
        kind = CellKind.Date;
        num = raw.getTime();
      }
    }
    if (kind === CellKind.Empty && formula === undefined) return;
    this.out.cell(p.col, kind, num, str, formula === undefined ? -1 : this.ctx.strings.add(formula), format ? p.styleIndex : 0);
  }
}

/** `size`: the rows and cells the guard counted in the part (the arrays are sized by it). */
export function readSheetPart(xml: Buffer, entry: SheetEntry, index: number, ctx: SheetContext, size: SheetSize): PackedSheet {
  const b = new SheetReader(ctx, xml, size);
  const merges = new Map<string, MergeModel>();
  const hiddenColRanges: [number, number][] = [];
  let frozenRows: number | undefined;
  // One pending cell, reused: a sheet may hold a million cells.
  const cell: PendingCell = { row: 0, col: 0, type: undefined, styleIndex: 0, vStart: -1, vEnd: -1, v: undefined, formula: undefined, formulaType: undefined, formulaRef: undefined, formulaGroup: undefined, inline: undefined };
  let inCell = false;
  let inRow = false;
  let inInline = false;
  let phonetic = 0;
  let sheetViews = 0;
  const x = new XmlCursor(xml);
  while (x.next()) {
    switch (x.name) {
      case 'row':
        if (x.closing) inRow = false;
        else {
          b.startRow(x.attrRange('r') ? wholeNumber(xml, x, Number) : NaN, x.attr('hidden'), x.attr('ht'));
          inRow = !x.empty;
        }
        break;
      case 'c':
        if (x.closing) {
          if (inCell) b.addCell(cell);
          inCell = false;
        } else if (inRow) {
          cell.row = b.currentRow;
          cell.col = b.cellColumn(x.attrRange('r') ? columnOfRef(xml, x.valueStart, x.valueEnd) : 0);
          cell.type = x.attr('t');
          cell.styleIndex = x.attrRange('s') ? wholeNumber(xml, x, parseDecimal) || 0 : 0;
          cell.vStart = cell.vEnd = -1;
          cell.v = cell.formula = cell.formulaType = cell.formulaRef = cell.formulaGroup = cell.inline = undefined;
          inCell = !x.empty;
          if (x.empty) b.addCell(cell);
        }
        break;
      case 'v':
        if (!inCell || x.closing) break;
        if (cell.v === undefined && cell.vStart < 0 && x.textRange()) {
          cell.vStart = x.textStart;
          cell.vEnd = x.textEnd;
        } else {
          // A second <v>, or one with entities or CDATA: as text (rare).
          cell.v = b.vText(cell) + x.text();
          cell.vStart = -1;
        }
        break;
      case 'f':
        if (inCell && !x.closing) {
          cell.formulaType = x.attr('t');
          cell.formulaRef = x.attr('ref');
          cell.formulaGroup = x.attr('si');
          cell.formula = x.text();
        }
        break;
      case 'is':
        inInline = inCell && !x.closing && !x.empty;
        break;
      case 'rPh':
        if (!x.empty) phonetic += x.closing ? -1 : 1;
        break;
      case 't':
        if (inCell && inInline && phonetic === 0 && !x.closing) cell.inline = (cell.inline ?? '') + decodeXstring(x.text());
        break;
      case 'sheetView':
        if (!x.closing) sheetViews++;
        break;
      case 'pane':
        if (sheetViews === 1 && !x.closing) {
          const state = x.attr('state');
          const ySplit = parseInt(x.attr('ySplit') ?? '0', 10);
          if ((state === 'frozen' || state === 'frozenSplit') && ySplit > 0) frozenRows = ySplit;
        }
        break;
      case 'col':
        if (!x.closing && parseBoolean(x.attr('hidden'))) {
          const min = parseInt(x.attr('min') ?? '0', 10);
          const max = parseInt(x.attr('max') ?? '0', 10);
          if (min > 0 && max >= min) hiddenColRanges.push([min, max]);
        }
        break;
      case 'mergeCell':
        if (!x.closing) {
          const ref = x.attr('ref') ?? '';
          const range = parseRange(ref);
          // Keyed by the top-left cell: a range repeated for the same cell replaces the earlier one.
          if (range) merges.set(cellAddress(range.top, range.left), { ...range, ref });
        }
        break;
    }
  }
  const sheet = b.out.done({
    name: entry.name,
    index,
    state: entry.state,
    merges: [...merges.values()].sort((a, c) => a.top - c.top || a.left - c.left),
    hiddenColRanges,
  });
  if (frozenRows) sheet.frozenRows = frozenRows;
  if (entry.printTitleRows) sheet.printTitleRows = entry.printTitleRows;
  return sheet;
}
