// The Excel-reading core shared by template registration, submission import and ledger import.
//
//   bytes ──loadWorkbookSafely──▶ WorkbookModel ──readLedgerSheet──▶ header, mapping, rows, unit
//          (guard + xlsx-reader/ in a worker)       (or the steps one by one, below)
//   cell ──normaliseFieldValue / normalise*──▶ { ok, value, text } | { ok: false, text, reason }
//
// Everything that can fail for a reason the clerk can fix throws a WorkbookError with a stable
// code and a Chinese message.

export { WorkbookError, WORKBOOK_ERROR_CODES, WORKBOOK_ERROR_MESSAGES, isWorkbookError } from './workbook-error.js';
export type { WorkbookErrorCode, WorkbookErrorPlain } from './workbook-error.js';

export { sniffFileKind, type FileKind } from './file-signature.js';
export { checkContainer, checkFile, inspectWorkbook, DEFAULT_GUARD_LIMITS } from './workbook-guard.js';
export type { CheckedFile, GuardLimits, SheetPartScan, WorkbookScan } from './workbook-guard.js';

export { loadWorkbookSafely, DEFAULT_MAX_HEAP_MB, DEFAULT_TIMEOUT_MS, MAX_CONCURRENT_LOADS, type SafeLoadOptions } from './safe-load.js';
export { readWorkbookModel, type ReadWorkbookOptions } from './workbook-reader.js';
export { xlsxFromModel } from './xls-convert.js';
export type { CellModel, CellScalar, CellStyleHints, MergeModel, RowModel, SheetModel, SheetState, WorkbookModel } from './workbook-model.js';

export { SheetGrid, type RowEntry } from './sheet-grid.js';
export { detectHeaderBand, type HeaderBand, type HeaderBandOptions, type HeaderColumn } from './header-band.js';
export { EXTRA_SYNONYMS, headerKey, matchHeaderText, type HeaderExtra, type HeaderMatch } from './header-vocabulary.js';
export { mapColumns, sampleColumnValues, type ColumnMapping, type MapColumnsOptions, type MappedColumn } from './column-mapping.js';
export { isInstructionSheetName, pickDataSheet, rankSheets, type DataSheetChoice, type SheetCandidate } from './sheet-selection.js';
export { readDataRows, type DataCell, type DataRow, type DataRowsResult, type SkipReason, type SkippedRow } from './data-rows.js';
export { findReportingUnit, readSheetMeta, type LabelledValue, type SheetMeta } from './report-meta.js';
export { readLedgerSheet, type LedgerSheet, type ReadLedgerSheetOptions } from './sheet-reader.js';

export * from './value-normalise.js';
export { cellAddress, columnLetters, columnNumber, parseRange, type CellRange } from './cell-address.js';
