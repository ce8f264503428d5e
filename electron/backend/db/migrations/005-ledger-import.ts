// Migration 5: what each ledger export wrote (the rows and their values at that moment), so that a
// workbook edited in Excel/WPS and brought back shows what changed since the export, and which of
// those cells were also changed in the app since then (conflicts).
import type { Migration } from './migration.js';

export const ledgerImportSchema: Migration = {
  version: 5,
  description: 'ledger export snapshots for taking back edits made in an exported workbook',
  sql: `
CREATE TABLE ledger_exports (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  exported_at TEXT NOT NULL,
  -- The month exported ('' when each field's latest value was exported).
  period TEXT NOT NULL,
  template_id INTEGER,
  file_name TEXT NOT NULL,
  -- JSON: [{ id, parentId, level, values, custom }] of the rows written, in order.
  snapshot TEXT NOT NULL
) STRICT;
CREATE INDEX ledger_exports_by_ledger ON ledger_exports(ledger_id, id);
`,
};
