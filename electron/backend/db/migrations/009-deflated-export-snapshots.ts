// Migration 9: export snapshots stored deflated. A 10,000-row export's snapshot is ~4 MB of JSON:
// writing it (and pruning older ones) cost the export more than compressing it to a tenth. Rows
// recorded before this migration keep their JSON text; the repo reads either (db/stored-json.ts).
import type { Migration } from './migration.js';

export const deflatedExportSnapshotsSchema: Migration = {
  version: 9,
  description: 'ledger export snapshots stored deflated (BLOB); earlier ones stay JSON text',
  sql: `
CREATE TABLE ledger_exports_new (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  exported_at TEXT NOT NULL,
  -- The month exported ('' when each field's latest value was exported).
  period TEXT NOT NULL,
  template_id INTEGER,
  file_name TEXT NOT NULL,
  -- [{ id, parentId, level, values, custom }] of the rows written, in order: JSON, raw-deflated (BLOB),
  -- or JSON text for snapshots recorded before migration 9.
  snapshot ANY NOT NULL CHECK (typeof(snapshot) IN ('blob', 'text'))
) STRICT;
INSERT INTO ledger_exports_new (id, ledger_id, exported_at, period, template_id, file_name, snapshot)
  SELECT id, ledger_id, exported_at, period, template_id, file_name, snapshot FROM ledger_exports;
DROP TABLE ledger_exports;
ALTER TABLE ledger_exports_new RENAME TO ledger_exports;
CREATE INDEX ledger_exports_by_ledger ON ledger_exports(ledger_id, id);
`,
};
