// One worksheet part (`xl/worksheets/sheetN.xml`) in one pass over its tags, straight into the packed
// sheet: no per-cell objects on the way. The guard has scanned the part already, so its rows, cells
// and merged area are within the limits.

import { cellAddress, parseRange } from '../cell-address.js';
import type { CellScalar, MergeModel } from '../workbook-model.js';
import { serialToDate } from './number-formats.js';
import { CellKind, PackedSheetBuilder, type PackedSheet, type StringTable } from './packed-workbook.js';
import { moveFormula } from './shared-formula.js';
import type { CellFormat, SheetEntry } from './workbook-parts.js';
import { decodeXstring, XmlCursor, xmlPieces } from './xml-cursor.js';

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

/** The column of a cell reference (`AB12` → 28), 0 when it has none. */
function columnOfRef(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    let c = ref.charCodeAt(i);
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

function isoDate(v: string): CellScalar {
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes('T') ? v : `${v}Z`);
  return Number.isNaN(d.getTime()) ? v : d;
}

class SheetReader {
  readonly out = new PackedSheetBuilder();
  private readonly masters = new Map<string, SharedMaster>();
  private rowNumber = 0;
  private lastCol = 0;

  constructor(private readonly ctx: SheetContext) {}

  startRow(ref: string | undefined, hidden: string | undefined, height: string | undefined): void {
    const r = Number(ref);
    this.rowNumber = ref !== undefined && Number.isInteger(r) && r > 0 ? r : this.rowNumber + 1;
    this.lastCol = 0;
    this.out.row(this.rowNumber, parseBoolean(hidden), height === undefined ? 0 : parseFloat(height) || 0);
  }

  /** Column of a new cell: its reference, or the one after the previous cell. */
  cellColumn(ref: string | undefined): number {
    const col = ref === undefined ? 0 : columnOfRef(ref);
    this.lastCol = col > 0 ? col : this.lastCol + 1;
    return this.lastCol;
  }

  get currentRow(): number {
    return this.rowNumber;
  }

  /** A number in a date format is a date (as Excel shows it). */
  private number(v: string, isDate: boolean): CellScalar {
    const n = parseFloat(v);
    return isDate && !Number.isNaN(n) ? serialToDate(n, this.ctx.date1904) : n;
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
      if (p.v !== undefined && p.v !== '') {
        if (p.type === 'str') raw = p.v;
        else if (p.type === 'b') raw = parseInt(p.v, 10) !== 0;
        else if (p.type === 'e') error = p.v;
        else raw = this.number(p.v, isDate);
      }
    } else if (p.inline !== undefined || p.type === 'inlineStr') {
      raw = p.inline ?? p.v ?? '';
    } else if (p.v !== undefined) {
      switch (p.type) {
        case 's': {
          const i = parseInt(p.v, 10);
          if (i >= 0 && i < this.ctx.sharedCount) {
            sharedIndex = i;
            raw = this.ctx.strings.strings[i]!;
          }
          break;
        }
        case 'str':
          raw = p.v;
          break;
        case 'b':
          raw = parseInt(p.v, 10) !== 0;
          break;
        case 'e':
          error = p.v;
          break;
        case 'd':
          raw = isoDate(p.v);
          break;
        default:
          raw = this.number(p.v, isDate);
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

export function readSheetPart(xml: Buffer, entry: SheetEntry, index: number, ctx: SheetContext): PackedSheet {
  const b = new SheetReader(ctx);
  const merges = new Map<string, MergeModel>();
  const hiddenColRanges: [number, number][] = [];
  let frozenRows: number | undefined;
  // One pending cell, reused: a sheet may hold a million cells.
  const cell: PendingCell = { row: 0, col: 0, type: undefined, styleIndex: 0, v: undefined, formula: undefined, formulaType: undefined, formulaRef: undefined, formulaGroup: undefined, inline: undefined };
  let inCell = false;
  let inRow = false;
  let inInline = false;
  let phonetic = 0;
  let sheetViews = 0;
  for (const piece of xmlPieces(xml)) {
    const x = new XmlCursor(piece);
    while (x.next()) {
      switch (x.name) {
        case 'row':
          if (x.closing) inRow = false;
          else {
            b.startRow(x.plainAttr('r'), x.plainAttr('hidden'), x.plainAttr('ht'));
            inRow = !x.empty;
          }
          break;
        case 'c':
          if (x.closing) {
            if (inCell) b.addCell(cell);
            inCell = false;
          } else if (inRow) {
            const s = x.plainAttr('s');
            cell.row = b.currentRow;
            cell.col = b.cellColumn(x.plainAttr('r'));
            cell.type = x.plainAttr('t');
            cell.styleIndex = s === undefined ? 0 : parseInt(s, 10) || 0;
            cell.v = cell.formula = cell.formulaType = cell.formulaRef = cell.formulaGroup = cell.inline = undefined;
            inCell = !x.empty;
            if (x.empty) b.addCell(cell);
          }
          break;
        case 'v':
          if (inCell && !x.closing) cell.v = cell.v === undefined ? x.text() : cell.v + x.text();
          break;
        case 'f':
          if (inCell && !x.closing) {
            cell.formulaType = x.plainAttr('t');
            cell.formulaRef = x.plainAttr('ref');
            cell.formulaGroup = x.plainAttr('si');
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
