// The workbook-wide parts a sheet needs: the sheet list (workbook.xml and its relationships), the
// shared strings and the cell styles (styles.xml), each read once per file.

import type { CellStyleHints, SheetState } from '../workbook-model.js';
import { builtInFormat, isDateFormat } from './number-formats.js';
import { decodeXstring, XmlCursor } from './xml-cursor.js';

export interface SheetEntry {
  name: string;
  state: SheetState;
  /** Zip part of the sheet XML, e.g. `xl/worksheets/sheet1.xml`. */
  part: string | undefined;
  printTitleRows?: { first: number; last: number };
}

export interface WorkbookInfo {
  sheets: SheetEntry[];
  date1904: boolean;
}

const WORKSHEET_REL = /\/worksheet$/;

function parseBoolean(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

/** Relationship id → zip part for the workbook's worksheets (chart sheets and others are left out). */
function worksheetTargets(relsXml: Buffer): Map<string, string> {
  const targets = new Map<string, string>();
  const x = new XmlCursor(relsXml);
  while (x.next()) {
    if (x.closing || x.name !== 'Relationship') continue;
    const id = x.attr('Id');
    const target = x.attr('Target');
    const type = x.attr('Type') ?? '';
    if (!id || !target || !WORKSHEET_REL.test(type)) continue;
    targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  return targets;
}

/** `$3:$4` (optionally with sheet name and column titles) → rows 3–4. */
function printTitleRows(ranges: string): { first: number; last: number } | undefined {
  const m = /\$(\d+):\$(\d+)/.exec(ranges);
  return m ? { first: Number(m[1]), last: Number(m[2]) } : undefined;
}

export function readWorkbookInfo(workbookXml: Buffer, relsXml: Buffer): WorkbookInfo {
  const targets = worksheetTargets(relsXml);
  const sheets: SheetEntry[] = [];
  const titles = new Map<number, { first: number; last: number }>();
  let date1904 = false;
  const x = new XmlCursor(workbookXml);
  while (x.next()) {
    if (x.closing) continue;
    if (x.name === 'sheet') {
      const rid = x.attr('id');
      const part = rid ? targets.get(rid) : undefined;
      // A relationship that is not a worksheet (a chart sheet) has no cells to read.
      if (rid && !part && targets.size > 0) continue;
      const state = x.attr('state');
      sheets.push({ name: x.attr('name') ?? '', state: state === 'hidden' || state === 'veryHidden' ? state : 'visible', part });
    } else if (x.name === 'workbookPr') {
      date1904 = parseBoolean(x.attr('date1904'));
    } else if (x.name === 'definedName' && x.attr('name') === '_xlnm.Print_Titles') {
      const sheetIndex = Number(x.attr('localSheetId'));
      const rows = printTitleRows(x.text());
      if (rows && Number.isInteger(sheetIndex)) titles.set(sheetIndex, rows);
    }
  }
  for (const [i, rows] of titles) if (sheets[i]) sheets[i].printTitleRows = rows;
  return { sheets, date1904 };
}

/**
 * The strings of sharedStrings.xml, rich text joined. Phonetic runs (`<rPh>`, furigana) are not part
 * of what the cell shows and are left out.
 */
export function readSharedStrings(xml: Buffer): string[] {
  const strings: string[] = [];
  let current: string | null = null;
  let phonetic = 0;
  const x = new XmlCursor(xml);
  while (x.next()) {
    switch (x.name) {
      case 'si':
        if (x.closing) {
          strings.push(current ?? '');
          current = null;
        } else if (x.empty) strings.push('');
        else current = '';
        break;
      case 'rPh':
        if (!x.empty) phonetic += x.closing ? -1 : 1;
        break;
      case 't':
        if (!x.closing && phonetic === 0 && current !== null) current += decodeXstring(x.text());
        break;
    }
  }
  return strings;
}

/** What a cell style (`<c s="…">`) means for the model. */
export interface CellFormat {
  numFmt?: string;
  isDate: boolean;
  style?: CellStyleHints;
}

interface FontHints {
  bold?: boolean;
  name?: string;
  size?: number;
}

/** The cell formats of styles.xml (`cellXfs`), by index, with their fonts, fills and number formats resolved. */
export function readCellFormats(xml: Buffer): CellFormat[] {
  const customFormats = new Map<number, string>();
  const fonts: FontHints[] = [];
  const fills: (string | undefined)[] = [];
  const xfs: { numFmtId: number; fontId: number; fillId: number; horizontal?: string; wrap?: boolean }[] = [];
  let section = '';
  let font: FontHints | null = null;
  let fill: { solid: boolean; argb?: string } | null = null;
  const x = new XmlCursor(xml);
  while (x.next()) {
    const name = x.name;
    if (name === 'numFmts' || name === 'fonts' || name === 'fills' || name === 'cellXfs' || name === 'cellStyleXfs' || name === 'dxfs') {
      section = x.closing || x.empty ? '' : name;
      continue;
    }
    if (x.closing) {
      if (name === 'font' && font) {
        fonts.push(font);
        font = null;
      } else if (name === 'fill' && fill) {
        fills.push(fill.solid ? fill.argb : undefined);
        fill = null;
      }
      continue;
    }
    if (section === 'numFmts' && name === 'numFmt') {
      const id = Number(x.attr('numFmtId'));
      // `\年` and `"年"` both show 年; the escapes are dropped so one format reads one way (LibreOffice writes them).
      const code = x.attr('formatCode')?.replace(/\\(.)/g, '$1');
      if (Number.isInteger(id) && code !== undefined) customFormats.set(id, code);
    } else if (section === 'fonts') {
      if (name === 'font') {
        font = {};
        if (x.empty) {
          fonts.push(font);
          font = null;
        }
      } else if (font) {
        const val = x.attr('val');
        if (name === 'b') font.bold = val !== '0' && val !== 'false';
        else if (name === 'sz' && val !== undefined && Number(val) > 0) font.size = Number(val);
        else if (name === 'name' && val) font.name = val;
      }
    } else if (section === 'fills') {
      if (name === 'fill') {
        fill = { solid: false };
        if (x.empty) {
          fills.push(undefined);
          fill = null;
        }
      } else if (fill && name === 'patternFill') fill.solid = x.attr('patternType') === 'solid';
      else if (fill && name === 'fgColor') fill.argb = x.attr('rgb');
    } else if (section === 'cellXfs') {
      if (name === 'xf') xfs.push({ numFmtId: Number(x.attr('numFmtId') ?? 0), fontId: Number(x.attr('fontId') ?? NaN), fillId: Number(x.attr('fillId') ?? NaN) });
      else if (name === 'alignment' && xfs.length > 0) {
        const xf = xfs[xfs.length - 1]!;
        const horizontal = x.attr('horizontal');
        if (horizontal) xf.horizontal = horizontal;
        if (parseBoolean(x.attr('wrapText'))) xf.wrap = true;
      }
    }
  }
  return xfs.map((xf) => {
    const numFmt = xf.numFmtId ? (customFormats.get(xf.numFmtId) ?? builtInFormat(xf.numFmtId)) : undefined;
    const hints: CellStyleHints = {};
    const f = fonts[xf.fontId];
    if (f?.bold) hints.bold = true;
    if (f?.name) hints.fontName = f.name;
    if (f?.size) hints.fontSize = f.size;
    const argb = fills[xf.fillId];
    if (argb) hints.fill = argb;
    if (xf.horizontal) hints.horizontal = xf.horizontal;
    if (xf.wrap) hints.wrap = true;
    const format: CellFormat = { isDate: isDateFormat(numFmt) };
    if (numFmt !== undefined) format.numFmt = numFmt;
    if (Object.keys(hints).length > 0) format.style = hints;
    return format;
  });
}
