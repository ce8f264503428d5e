// Migration 8: 佐证材料 (evidence files) attached to a row for a month. The bytes live content-addressed
// in the evidence folder beside the database (electron/backend/evidence/evidence-folder.ts): this table
// holds what the clerk sees and the SHA-256 naming the stored file. Removal sets removed_at (undoable,
// and the change log keeps it); thumbnails are a cache keyed by content.
import type { Migration } from './migration.js';

export const evidenceSchema: Migration = {
  version: 8,
  description: 'evidence files per row and month (content-addressed), thumbnails cache',
  sql: `
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  row_id INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
  period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  size INTEGER NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  type TEXT NOT NULL,
  -- The unit that sent it (a submission), when known; else the row's units stand for it.
  unit TEXT,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL,
  source TEXT NOT NULL,
  -- The submission import that attached it (undoing the batch removes it); no foreign key, like the log.
  batch_id INTEGER,
  removed_at TEXT,
  removed_by TEXT
) STRICT;
CREATE INDEX evidence_by_row ON evidence(row_id, period, id);
CREATE INDEX evidence_by_ledger ON evidence(ledger_id, period, row_id);
CREATE INDEX evidence_by_sha ON evidence(sha256);

CREATE TABLE evidence_thumbnails (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  png BLOB NOT NULL
) STRICT;
`,
};
