// Migration 4: school submission imports — batches (undoable), the files of each batch, and the
// source of every imported value (file, sheet, cell, hash, batch) so it can be traced and undone.
import type { Migration } from './migration.js';

export const submissionsSchema: Migration = {
  version: 4,
  description: 'submission import batches, imported files, value sources',
  sql: `
CREATE TABLE import_batches (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('applied', 'undone')),
  undone_at TEXT,
  backup_path TEXT NOT NULL,
  cells INTEGER NOT NULL,
  new_rows INTEGER NOT NULL
) STRICT;
CREATE INDEX import_batches_by_ledger ON import_batches(ledger_id, id);

-- One submitted file applied in a batch; file_hash (SHA-256) finds the same file sent twice.
CREATE TABLE import_files (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  file_hash TEXT NOT NULL CHECK (length(file_hash) = 64),
  sheet TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
  unit_name TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
  report_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('applied', 'undone')),
  rows_applied INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX import_files_by_hash ON import_files(ledger_id, file_hash);
CREATE INDEX import_files_by_period ON import_files(ledger_id, period);

-- Every value a batch wrote (kind 'cell') and every row it created (kind 'row', field NULL).
CREATE TABLE value_sources (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  file_id INTEGER NOT NULL REFERENCES import_files(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('cell', 'row')),
  row_id INTEGER NOT NULL,
  field TEXT,
  period TEXT,
  sheet TEXT NOT NULL,
  cell TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  report_date TEXT
) STRICT;
CREATE INDEX value_sources_by_batch ON value_sources(batch_id, id);
CREATE INDEX value_sources_by_cell ON value_sources(row_id, field, period);
`,
};
