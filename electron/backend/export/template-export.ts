// Writes export lines into a copy of a template, as XML straight into the template's own package:
// the data sheet's rows from the first data row down are replaced by the laid-out lines (see
// line-layout.ts), the rows under the data (审核人：…, 注：…) move down below them, and every range
// that follows rows (merges, validations, conditional formats, print area) moves through one rule
// (range-shift.ts). Every other part of the file — charts, drawings, x14 validations, other sheets,
// themes — is copied byte for byte; styles.xml gains the few formats the data rows need,
// sharedStrings.xml changes only where a {{占位符}} is filled.

import type { TemplateColumn, TemplateLayout } from '#shared/api/template-api.js';
import { DEFAULT_STATUSES } from '#shared/fields.js';
import { cellAddress, columnLetters, parseRange, rangeRef, type CellRange } from '../excel/cell-address.js';
import { fillCellRefs } from '../excel/sheet-xml-refs.js';
import { inspectWorkbook } from '../excel/workbook-guard.js';
import { entryData, inflateEntry, readZipDirectory, type ZipEntry } from '../excel/zip-directory.js';
import { writeZip, type ZipWriteEntry } from '../excel/zip-writer.js';
import type { ExportLine } from './export-lines.js';
import { layoutLines, type CellLook, type LaidRow } from './line-layout.js';
import { shiftRange, shiftSqref, touchesData, type DataArea } from './range-shift.js';
import { StyleBook, type StyleChange } from './style-book.js';
import { fillDateCell, fillPlaceholders, fillUnitCell, type FillContext } from './template-fill.js';
import { escapeXml, inlineText, readSharedStrings, TemplateSheet, type SheetRow } from './template-sheet.js';

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

/** A list validation, as written in the sheet. */
export interface ListRule {
  type: 'list';
  allowBlank: boolean;
  showErrorMessage: boolean;
  errorTitle: string;
  error: string;
  formulae: string[];
}

/** Excel refuses (with a repair prompt) a drop-down list written out longer than this. */
const MAX_LIST_CHARS = 255;

export function statusListRule(labels: readonly string[]): ListRule {
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

function validationXml(p: string, rule: ListRule, sqref: string): string {
  return (
    `<${p}dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="${escapeXml(rule.errorTitle)}" error="${escapeXml(rule.error)}" sqref="${sqref}">` +
    `<${p}formula1>${escapeXml(rule.formulae[0] ?? '')}</${p}formula1></${p}dataValidation>`
  );
}

/** Files saved by LibreOffice write booleans as "true"/"false"; exceljs (which clerks' other tools and our readers use) reads them as false. */
function plainBooleans(xml: string): string {
  return xml.replace(/(\s[A-Za-z]+)="(true|false)"/g, (_, name: string, v: string) => `${name}="${v === 'true' ? 1 : 0}"`);
}

/** Top-level worksheet elements after sheetData, in the order the schema requires. */
const TAIL_ORDER = [
  'sheetCalcPr', 'sheetProtection', 'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews',
  'mergeCells', 'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup',
  'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing',
  'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst',
];

function elementRe(p: string, name: string): RegExp {
  return new RegExp(`<${p}${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${p}${name}>)`, 'g');
}

/** The tail with element `name` replaced by `xml` ('' removes it), or inserted where the schema puts it. */
function putElement(tail: string, p: string, name: string, xml: string): string {
  const re = elementRe(p, name);
  if (re.test(tail)) {
    let first = true;
    return tail.replace(elementRe(p, name), () => {
      const out = first ? xml : '';
      first = false;
      return out;
    });
  }
  if (!xml) return tail;
  let at = -1;
  for (const later of TAIL_ORDER.slice(TAIL_ORDER.indexOf(name) + 1)) {
    const i = tail.search(new RegExp(`<${p}${later}\\b`));
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) at = tail.lastIndexOf('</');
  return tail.slice(0, at) + xml + tail.slice(at);
}

function rowIsBare(ws: TemplateSheet, styles: StyleBook, row: SheetRow | undefined): boolean {
  return !row || row.cells.every((c) => ws.textOf(c) === '' && !styles.drawsSomething(ws.styleOf(c)));
}

/**
 * Last row of the template's data area: its styled rows up to the footer (blank rows between them
 * stay with the footer, keeping its distance from the table), or the last row the sheet defines.
 */
function templateDataEnd(ws: TemplateSheet, styles: StyleBook, layout: TemplateLayout): number {
  if (!layout.footerFirstRow) return Math.max(layout.firstDataRow, ws.rows.at(-1)?.r ?? 0);
  let end = layout.footerFirstRow - 1;
  while (end > layout.firstDataRow && rowIsBare(ws, styles, ws.row(end))) end--;
  return end;
}

const DATA_CHANGE: StyleChange = { alignmentDefaults: { vertical: 'center' }, alignment: { wrapText: '1' } };
const SECTION_CHANGE: StyleChange = { bold: true, alignment: { horizontal: 'left', vertical: 'center', wrapText: '1' } };

function lookChange(look: CellLook, locked: boolean | undefined): StyleChange {
  const base = look.kind === 'section' ? SECTION_CHANGE : look.kind === 'fill' ? { ...DATA_CHANGE, fillArgb: look.argb } : DATA_CHANGE;
  return locked === undefined ? base : { ...base, locked };
}

/**
 * The data rows' XML as UTF-8, encoded some rows at a time: the whole sheet as one string cost more to
 * build, flatten and encode (and to collect) than writing the XML itself.
 */
function dataRowsXml(p: string, first: number, rows: readonly LaidRow[], styleFor: (col: number, look: CellLook, locked: boolean | undefined) => number): Buffer {
  const letters = new Map<number, string>();
  const chunks: Buffer[] = [];
  let xml = '';
  rows.forEach((row, i) => {
    const r = first + i;
    xml += `<${p}row r="${r}" ht="${row.height}" customHeight="1">`;
    for (const c of row.cells) {
      let col = letters.get(c.col);
      if (col === undefined) letters.set(c.col, (col = columnLetters(c.col)));
      const s = styleFor(c.col, c.look, c.locked);
      if (c.value === null) xml += `<${p}c r="${col}${r}" s="${s}"/>`;
      else if (typeof c.value === 'number') xml += `<${p}c r="${col}${r}" s="${s}"><${p}v>${c.value}</${p}v></${p}c>`;
      else xml += `<${p}c r="${col}${r}" s="${s}" t="inlineStr">${inlineText(p, c.value)}</${p}c>`;
    }
    xml += `</${p}row>`;
    if (xml.length >= CHUNK_CHARS) {
      chunks.push(Buffer.from(xml, 'utf8'));
      xml = '';
    }
  });
  chunks.push(Buffer.from(xml, 'utf8'));
  return Buffer.concat(chunks);
}

const CHUNK_CHARS = 1 << 16;

/** Rewrites each `<x14:…>` block's `<xm:sqref>` (validations split like the main ones, formats joined). */
function shiftExtensionRanges(tail: string, area: DataArea): string {
  return tail
    .replace(/<x14:dataValidation\b[\s\S]*?<\/x14:dataValidation>/g, (block) => {
      const out = block.replace(/(<xm:sqref>)([^<]*)(<\/xm:sqref>)/, (_, a: string, ref: string, b: string) => a + shiftSqref(ref, area, true) + b);
      return /<xm:sqref><\/xm:sqref>/.test(out) ? '' : out;
    })
    .replace(/<x14:conditionalFormatting\b[\s\S]*?<\/x14:conditionalFormatting>/g, (block) =>
      block.replace(/(<xm:sqref>)([^<]*)(<\/xm:sqref>)/, (_, a: string, ref: string, b: string) => a + shiftSqref(ref, area) + b),
    );
}

/** Ranges (of whichever kind) a list of `sqref` strings covers. */
function sqrefRanges(refs: Iterable<string>): CellRange[] {
  return [...refs].flatMap((s) => s.split(/\s+/).flatMap((ref) => (ref ? [parseRange(ref)].filter((r): r is CellRange => r !== null) : [])));
}

function absoluteRef(r: CellRange): string {
  const a = `$${columnLetters(r.left)}$${r.top}`;
  return r.top === r.bottom && r.left === r.right ? a : `${a}:$${columnLetters(r.right)}$${r.bottom}`;
}

/** workbook.xml with the sheet's print area following the data, or null when it has none to move. */
function shiftPrintArea(workbookXml: string, sheetIndex: number, area: DataArea): string | null {
  let changed = false;
  const out = workbookXml.replace(
    /(<(?:\w+:)?definedName\b[^>]*\bname="_xlnm\.Print_Area"[^>]*>)([^<]*)(<\/(?:\w+:)?definedName>)/g,
    (whole, open: string, value: string, close: string) => {
      if (/\blocalSheetId="(\d+)"/.exec(open)?.[1] !== String(sheetIndex)) return whole;
      const refs = value.split(',').map((part) => {
        const bang = part.lastIndexOf('!');
        const r = parseRange(part.slice(bang + 1));
        const moved = r ? shiftRange(r, area) : null;
        return moved ? part.slice(0, bang + 1) + absoluteRef(moved) : part;
      });
      const next = refs.join(',');
      if (next !== value) changed = true;
      return open + next + close;
    },
  );
  return changed ? out : null;
}

interface Part {
  entry: ZipEntry;
  name: string;
  /** Set when the part is rewritten (the data sheet as bytes). */
  data?: string | Buffer;
}

function relTargets(relsXml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const type = /\bType="[^"]*\/(\w+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (type && target) out.set(type, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  return out;
}

export async function writeIntoTemplate(templateBytes: Uint8Array, options: WriteOptions): Promise<Uint8Array> {
  const { layout, columns, lines, fill, form } = options;
  // Already vetted at registration; checked again, as every file this app opens.
  const scan = inspectWorkbook(templateBytes);
  const parts: Part[] = readZipDirectory(templateBytes, 5_000).map((entry) => ({ entry, name: entry.name.replace(/^\//, '') }));
  const byName = new Map(parts.map((part) => [part.name, part]));
  const text = (name: string | undefined): string | null => {
    const part = name ? byName.get(name) : undefined;
    if (!part) return null;
    const data = part.data ?? inflateEntry(templateBytes, part.entry);
    return typeof data === 'string' ? data : data.toString('utf8');
  };
  const targets = relTargets(text('xl/_rels/workbook.xml.rels') ?? '');
  const sheetScan = scan.sheets.find((s) => s.name === layout.sheet) ?? scan.sheets[0];
  if (!sheetScan) throw new Error('template has no worksheet');

  // Placeholders are filled wherever the text is kept: shared strings, and inline strings of every sheet.
  const sharedPart = targets.get('sharedStrings');
  const sharedXml = text(sharedPart);
  const sharedFilled = sharedXml === null ? null : fillPlaceholders(sharedXml, fill);
  if (sharedPart && sharedFilled !== null && sharedFilled !== sharedXml) byName.get(sharedPart)!.data = sharedFilled;
  for (const s of scan.sheets) {
    if (s === sheetScan) continue;
    const xml = text(s.part)!;
    const filled = fillPlaceholders(xml, fill);
    if (filled !== xml) byName.get(s.part)!.data = filled;
  }

  const stylesPart = targets.get('styles') ?? 'xl/styles.xml';
  const styles = new StyleBook(text(stylesPart) ?? '');
  // Cells and rows without `r` (valid OOXML) are numbered first: rows are moved by number.
  const ws = new TemplateSheet(fillCellRefs(text(sheetScan.part)!), readSharedStrings(sharedFilled ?? ''));
  const p = ws.p;
  const first = layout.firstDataRow;
  const templateEnd = templateDataEnd(ws, styles, layout);
  const area: DataArea = { first, templateEnd, outEnd: first + lines.length - 1 };
  const shift = area.outEnd - templateEnd;

  // The data lines take the look of the template's first data row.
  const widths = ws.columnWidths();
  const baseStyle = new Map<number, number>();
  const fontSizes = new Map<number, number>();
  for (let c = layout.firstCol; c <= layout.lastCol; c++) {
    baseStyle.set(c, ws.styleOf(ws.cell(first, c)));
    fontSizes.set(c, styles.fontSize(baseStyle.get(c)!));
  }
  const laid = layoutLines(
    {
      firstDataRow: first,
      firstCol: layout.firstCol,
      lastCol: layout.lastCol,
      rowHeight: ws.rowHeight(first),
      columnWidth: (c) => widths.get(c) ?? 9,
      fontSize: (c) => fontSizes.get(c) ?? 11,
    },
    options,
  );
  // Looks are shared objects (line-layout.ts), so a format is found by identity, then by column and lock.
  const styleCache = new Map<CellLook, number[]>();
  const styleFor = (col: number, look: CellLook, locked: boolean | undefined): number => {
    let byCol = styleCache.get(look);
    if (!byCol) styleCache.set(look, (byCol = []));
    const key = col * 3 + (locked === undefined ? 0 : locked ? 1 : 2);
    let s = byCol[key];
    if (s === undefined) byCol[key] = s = styles.derive(baseStyle.get(col) ?? 0, lookChange(look, locked));
    return s;
  };

  // The rows under the data move down with it (a form's footer is the unit's to fill in).
  const above = ws.rows.filter((r) => r.r < first);
  const footer = layout.footerFirstRow ? ws.rows.filter((r) => r.r > templateEnd) : [];
  if (form) for (const row of footer) for (const c of row.cells) ws.setStyle(c, styles.derive(ws.styleOf(c), { locked: false }));

  for (const d of layout.dateCells) fillDateCell(ws, d.address, fill, form, layout.lastCol);
  const unitAddress = form && layout.unitCell && fill.unit ? fillUnitCell(ws, layout.unitCell.address, fill.unit, layout.lastCol) : null;
  if (form) {
    // Cells above the header (填报人、联系电话、报送日期) stay editable; title and header stay locked.
    for (const row of ws.rows) {
      if (row.r >= layout.headerFirstRow || (row.r === 1 && layout.title)) continue;
      for (const c of row.cells) ws.setStyle(c, styles.derive(ws.styleOf(c), { locked: false }));
    }
    // The unit's name says whose form it is: not for the unit to change.
    for (const address of [layout.unitCell?.address, unitAddress]) {
      const r = address ? parseRange(address) : null;
      if (!r) continue;
      const cell = ws.ensureCell(r.top, r.left);
      ws.setStyle(cell, styles.derive(ws.styleOf(cell), { locked: true }));
    }
  }

  // Merges: the template's outside the data area (those below it moved), then the laid-out ones.
  const merges = [...ws.merges.filter((m) => !touchesData(m, area)).map((m) => shiftRange(m, area)!), ...laid.merges];
  let tail = putElement(ws.tail, p, 'mergeCells', TemplateSheet.mergeCellsXml(p, merges));
  tail = tail.replace(new RegExp(`(<${p}conditionalFormatting\\b[^>]*\\bsqref=")([^"]*)(")`, 'g'), (_, a: string, ref: string, b: string) => a + shiftSqref(ref, area) + b);
  tail = tail.replace(new RegExp(`<${p}conditionalFormatting\\b[^>]*\\bsqref=""[\\s\\S]*?</${p}conditionalFormatting>`, 'g'), '');
  tail = tail.replace(new RegExp(`(<${p}hyperlink\\b[^>]*\\bref=")([^"]*)(")`, 'g'), (_, a: string, ref: string, b: string) => a + shiftSqref(ref, area) + b);
  tail = shiftExtensionRanges(tail, area);

  // Validations keep their rules; their ranges follow the data, and a status column without a
  // drop-down gets the ledger's statuses.
  // Two of a template's validations that end up over the same cells (exceljs writes such overlaps)
  // become one: the later rule, as Excel applies it.
  const bySqref = new Map<string, string>();
  for (const m of tail.match(elementRe(p, 'dataValidations')) ?? []) {
    for (const v of m.match(elementRe(p, 'dataValidation')) ?? []) {
      let sqref = '';
      const moved = v.replace(/(\ssqref=")([^"]*)(")/, (_, a: string, ref: string, b: string) => a + (sqref = shiftSqref(ref, area, true)) + b);
      if (sqref) bySqref.set(sqref, moved);
    }
  }
  const validations = [...bySqref.values()];
  const covered = sqrefRanges([...validations, ...(tail.match(/<xm:sqref>[^<]*<\/xm:sqref>/g) ?? [])].map((v) => /sqref[=>]"?([^"<]*)/.exec(v)?.[1] ?? ''));
  if (lines.length > 0) {
    const statusCols = columns.filter((c) => c.target.kind === 'field' && c.target.field === 'status').map((c) => c.col);
    for (const c of statusCols) {
      if (covered.some((r) => r.left <= c && r.right >= c && r.top <= first && r.bottom >= area.outEnd)) continue;
      validations.push(validationXml(p, statusListRule(options.statuses.map((st) => st.label)), rangeRef({ top: first, bottom: area.outEnd, left: c, right: c })));
    }
  }
  tail = putElement(tail, p, 'dataValidations', validations.length ? `<${p}dataValidations count="${validations.length}">${validations.join('')}</${p}dataValidations>` : '');
  if (form) {
    tail = putElement(tail, p, 'sheetProtection', `<${p}sheetProtection sheet="1" objects="1" scenarios="1" formatCells="0" formatColumns="0" formatRows="0"/>`);
  }

  const lastRow = Math.max(area.outEnd, (footer.at(-1)?.r ?? 0) + shift, above.at(-1)?.r ?? 0, 1);
  const head = ws.head.replace(new RegExp(`(<${p}dimension\\b[^>]*\\bref=")([^"]*)(")`), (_, a: string, ref: string, b: string) => {
    const r = parseRange(ref.split(':')[0] ?? 'A1');
    return `${a}${cellAddress(r?.top ?? 1, r?.left ?? 1)}:${columnLetters(Math.max(layout.lastCol, parseRange(ref)?.right ?? 1))}${lastRow}${b}`;
  });
  // The template's own XML gets Excel's booleans and its placeholders filled; the data rows are the ledger's text as it is.
  const own = (xml: string) => fillPlaceholders(plainBooleans(xml), fill);
  byName.get(sheetScan.part)!.data = Buffer.concat([
    Buffer.from(own(head + above.map((r) => ws.rowXml(r)).join('')), 'utf8'),
    dataRowsXml(p, first, laid.rows, styleFor),
    Buffer.from(own(footer.map((r) => ws.rowXml(r, r.r + shift)).join('') + tail), 'utf8'),
  ]);

  const stylesXml = styles.toXml();
  if (stylesXml !== null && byName.has(stylesPart)) byName.get(stylesPart)!.data = plainBooleans(stylesXml);
  const workbookXml = text('xl/workbook.xml');
  const sheetIndex = [...(workbookXml ?? '').matchAll(/<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"/g)].findIndex((m) => m[1] === escapeXml(sheetScan.name ?? ''));
  const printArea = workbookXml && sheetIndex >= 0 ? shiftPrintArea(workbookXml, sheetIndex, area) : null;
  if (printArea !== null) byName.get('xl/workbook.xml')!.data = printArea;
  dropCalcChain(byName, targets, text);

  const entries: ZipWriteEntry[] = parts.flatMap((part): ZipWriteEntry[] => {
    if (part.data === undefined) {
      const e = part.entry;
      return [{ name: e.name, raw: { method: e.method, crc32: e.crc32, compressed: entryData(templateBytes, e), uncompressedSize: e.uncompressedSize } }];
    }
    // The data sheet is most of the file: a faster zlib level costs it a fifth more bytes and saves
    // more than half of the compression time.
    const level = part.name === sheetScan.part ? 3 : undefined;
    if (part.data === DROPPED) return [];
    return [{ name: part.entry.name, data: typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data, level }];
  });
  const zip = writeZip(entries);
  return new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength);
}

const DROPPED = '\u0000dropped';

/** Cells moved with the footer would leave calcChain.xml pointing at the wrong cells: Excel rebuilds it when it is missing. */
function dropCalcChain(byName: Map<string, Part>, targets: Map<string, string>, text: (name: string) => string | null): void {
  const part = targets.get('calcChain');
  if (!part || !byName.has(part)) return;
  byName.get(part)!.data = DROPPED;
  for (const name of ['xl/_rels/workbook.xml.rels', '[Content_Types].xml']) {
    const xml = text(name);
    if (xml !== null) byName.get(name)!.data = xml.replace(/<(?:\w+:)?(?:Relationship|Override)\b[^>]*calcChain[^>]*\/>/g, '');
  }
}
