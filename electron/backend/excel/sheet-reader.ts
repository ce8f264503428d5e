// One call for importers: pick the data sheet, find its header, map the columns, read the rows
// and the facts around the table. Values are left raw; normalise them per field with
// value-normalise.ts so every problem can be reported with its cell address.

import type { ColumnMapping } from './column-mapping.js';
import { readDataRows, type DataRow, type SkippedRow } from './data-rows.js';
import type { HeaderBand } from './header-band.js';
import { readSheetMeta, type SheetMeta } from './report-meta.js';
import { pickDataSheet, type SheetCandidate } from './sheet-selection.js';
import type { WorkbookModel } from './workbook-model.js';

export interface LedgerSheet {
  sheet: string;
  band: HeaderBand;
  mapping: ColumnMapping;
  rows: DataRow[];
  skipped: SkippedRow[];
  meta: SheetMeta;
  /** All sheets considered, with why the others were not chosen. */
  candidates: SheetCandidate[];
}

export interface ReadLedgerSheetOptions {
  /** Read this sheet instead of choosing one. */
  sheetName?: string;
}

export function readLedgerSheet(workbook: WorkbookModel, options: ReadLedgerSheetOptions = {}): LedgerSheet {
  const choice = pickDataSheet(workbook, options);
  const { rows, skipped } = readDataRows(choice.grid, choice.band, choice.mapping);
  return {
    sheet: choice.sheet.name,
    band: choice.band,
    mapping: choice.mapping,
    rows,
    skipped,
    meta: readSheetMeta(choice.grid, choice.band),
    candidates: choice.candidates,
  };
}
