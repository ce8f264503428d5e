// Turns .xlsx bytes into the plain WorkbookModel by reading the package's XML directly
// (xlsx-reader/): the guard inflates and scans every part first and hands the parts on, so each is
// inflated once and a hostile file is refused before anything is built. Call this directly only for
// small trusted files (our own exports); files from outside go through loadWorkbookSafely, which
// runs this in a worker with memory and time limits.

import { readSheetPart } from './xlsx-reader/sheet-part.js';
import { readCellFormats, readSharedStrings, readWorkbookInfo } from './xlsx-reader/workbook-parts.js';
import type { WorkbookModel } from './workbook-model.js';
import { StringTable, unpackWorkbook, type PackedWorkbook } from './xlsx-reader/packed-workbook.js';
import { DEFAULT_GUARD_LIMITS, inspectWorkbookParts, type GuardLimits } from './workbook-guard.js';

export interface ReadWorkbookOptions {
  limits?: Partial<GuardLimits>;
}

/** Target of the workbook relationship of the given type (`…/sharedStrings`), with the usual name as fallback. */
function relatedPart(relsXml: string, type: string, fallback: string): string {
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    if (!new RegExp(`\\bType="[^"]*/${type}"`).test(m[0])) continue;
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (target) return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  }
  return fallback;
}

/** Guard + direct XML reader, as the packed sheets a worker sends back (unpackWorkbook makes the model). */
export function readPackedWorkbook(bytes: Uint8Array, options: ReadWorkbookOptions = {}): PackedWorkbook {
  const limits = { ...DEFAULT_GUARD_LIMITS, ...options.limits };
  const { scan, parts } = inspectWorkbookParts(bytes, limits);
  // Part names are case-insensitive in OPC; generators differ (xl/SharedStrings.xml).
  const byLowerName = new Map([...parts].map(([name, data]) => [name.toLowerCase(), data]));
  parts.clear();
  const take = (name: string): Buffer => {
    const data = byLowerName.get(name.toLowerCase());
    byLowerName.delete(name.toLowerCase()); // each part's buffer can go once it is read
    return data ?? Buffer.alloc(0);
  };

  const rels = take('xl/_rels/workbook.xml.rels');
  const relsXml = rels.toString('utf8');
  const info = readWorkbookInfo(take('xl/workbook.xml'), rels);
  const shared = readSharedStrings(take(relatedPart(relsXml, 'sharedStrings', 'xl/sharedStrings.xml')));
  const ctx = {
    strings: new StringTable(shared),
    sharedCount: shared.length,
    formats: readCellFormats(take(relatedPart(relsXml, 'styles', 'xl/styles.xml'))),
    date1904: info.date1904,
  };
  const sizes = new Map(scan.sheets.map((s) => [s.part.toLowerCase(), s]));
  const sheets = info.sheets.map((entry, index) => {
    const size = (entry.part && sizes.get(entry.part.toLowerCase())) || { rows: 0, cells: 0 };
    return readSheetPart(entry.part ? take(entry.part) : Buffer.alloc(0), entry, index, ctx, size);
  });
  return { strings: ctx.strings.strings, formats: [...ctx.formats], sheets, scan };
}

/** Guard + direct XML reader + model, in the calling thread. */
export async function readWorkbookModel(bytes: Uint8Array, options: ReadWorkbookOptions = {}): Promise<WorkbookModel> {
  return Promise.resolve(unpackWorkbook(readPackedWorkbook(bytes, options)));
}
