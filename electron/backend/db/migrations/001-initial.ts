// Migration 1: ledgers, hierarchical rows, per-period progress, units with aliases, change log.
// Columns are spelled out (not generated) so this migration never changes after it ships.
import type { Migration } from './migration.js';

export const initialSchema: Migration = {
  version: 1,
  description: 'ledgers, hierarchical rows, per-period progress, units with aliases, change log',
  sql: `
CREATE TABLE ledgers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  year INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL
) STRICT;

-- The plan fields of a row; progress fields live in row_progress, one value per period.
CREATE TABLE rows (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES rows(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('section', 'task', 'item')),
  code TEXT NOT NULL DEFAULT '',
  task TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL DEFAULT '',
  leader TEXT NOT NULL DEFAULT '',
  lead_dept TEXT NOT NULL DEFAULT '',
  units TEXT NOT NULL DEFAULT '',
  deadline TEXT NOT NULL DEFAULT '',
  target TEXT NOT NULL DEFAULT '',
  remarks TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX rows_by_parent ON rows(ledger_id, parent_id, position);
CREATE INDEX rows_parent ON rows(parent_id);

-- Monthly progress: achieved, progress_pct, progress, problems, status.
CREATE TABLE row_progress (
  row_id INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
  period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
  field TEXT NOT NULL CHECK (field IN ('achieved', 'progress_pct', 'progress', 'problems', 'status')),
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (row_id, period, field)
) STRICT, WITHOUT ROWID;
CREATE INDEX row_progress_by_period ON row_progress(period, row_id);

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('department', 'school', 'kindergarten', 'other')),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE unit_aliases (
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  alias TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX unit_aliases_unit ON unit_aliases(unit_id);

-- row_id has no foreign key: the log outlives deleted rows.
CREATE TABLE change_log (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  row_id INTEGER,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  field TEXT,
  period TEXT,
  old_value TEXT,
  new_value TEXT,
  source TEXT NOT NULL,
  batch_id INTEGER
) STRICT;
CREATE INDEX change_log_by_row ON change_log(row_id, id);
CREATE INDEX change_log_by_ledger ON change_log(ledger_id, id);
`,
};
