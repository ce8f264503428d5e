// exceljs expands every data-validation range address by address while loading: a status
// dropdown on a whole column (K4:K1048576) costs ~1 s and ~240 MB, one on the whole sheet never
// finishes. Reading does not need validations, so large ones are cut out before exceljs sees them.

import { fillCellRefs } from '../../electron/backend/excel/sheet-xml-refs.js';
import type { WorkbookScan } from '../../electron/backend/excel/workbook-guard.js';
import { entryData, inflateEntry, readZipDirectory } from '../../electron/backend/excel/zip-directory.js';
import { writeZip, type ZipWriteEntry } from '../../electron/backend/excel/zip-writer.js';

/** Validated cells per sheet above which validations are dropped. */
export const MAX_VALIDATION_AREA = 20_000;

const VALIDATIONS_BLOCK = /<(?:\w+:)?dataValidations\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?dataValidations>)/g;

export interface PreparedBytes {
  bytes: Uint8Array;
  /** Names of the sheets whose validations were removed. */
  droppedValidations: string[];
}

export function prepareForExcelJs(bytes: Uint8Array, scan: WorkbookScan, maxEntries: number): PreparedBytes {
  const heavy = new Map(
    scan.sheets.filter((s) => s.validationArea > MAX_VALIDATION_AREA).map((s) => [s.part, s.name ?? s.part]),
  );
  // Sheets whose rows or cells omit `r` (valid OOXML exceljs cannot read) get them filled in.
  const unreferenced = new Set(scan.sheets.filter((s) => s.missingRefs > 0).map((s) => s.part));
  if (heavy.size === 0 && unreferenced.size === 0) return { bytes, droppedValidations: [] };

  const entries: ZipWriteEntry[] = readZipDirectory(bytes, maxEntries).map((entry) => {
    const part = entry.name.replace(/^\//, '');
    if (!heavy.has(part) && !unreferenced.has(part)) {
      return {
        name: entry.name,
        raw: {
          method: entry.method,
          crc32: entry.crc32,
          compressed: entryData(bytes, entry),
          uncompressedSize: entry.uncompressedSize,
        },
      };
    }
    // latin1 maps bytes 1:1, so the UTF-8 content survives the round trip untouched.
    let xml = inflateEntry(bytes, entry).toString('latin1');
    if (heavy.has(part)) xml = xml.replace(VALIDATIONS_BLOCK, '');
    if (unreferenced.has(part)) xml = fillCellRefs(xml);
    return { name: entry.name, data: Buffer.from(xml, 'latin1') };
  });
  return { bytes: writeZip(entries), droppedValidations: [...heavy.values()] };
}
