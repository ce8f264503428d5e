// Migration 2: the workbench — clerk-defined columns and their values, per-ledger layout, status
// vocabulary with colours, saved views, and the parsed date beside each deadline's text.
import type { Migration } from './migration.js';

export const workbenchSchema: Migration = {
  version: 2,
  description: 'custom columns and values, ledger layout, status vocabulary, saved views, parsed deadline date',
  sql: `
-- The deadline as a date (YYYY-MM-DD), parsed from the text the clerk wrote (6月底前 → 2020-06-30).
-- NULL: not stored (rows from before this migration): read from the text when the row is read;
-- '': no date (长期坚持, 每月28日前, unreadable text).
ALTER TABLE rows ADD COLUMN deadline_date TEXT;

-- Columns a clerk adds to one ledger. key is stable ('x1', 'x2' …) and used in the API, CLI and change log.
CREATE TABLE custom_columns (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  label TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('text', 'longText', 'number', 'percent', 'date', 'status', 'unit')),
  -- 1: reported every month like progress fields (values kept per period); 0: describes the task.
  per_period INTEGER NOT NULL DEFAULT 0 CHECK (per_period IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (ledger_id, key)
) STRICT;

-- One value per row, column and period ('' for columns that are not per period).
CREATE TABLE custom_values (
  row_id INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
  column_id INTEGER NOT NULL REFERENCES custom_columns(id) ON DELETE CASCADE,
  period TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (row_id, column_id, period)
) STRICT, WITHOUT ROWID;
CREATE INDEX custom_values_by_column ON custom_values(column_id);

-- Column order, widths, hidden columns and renamed headers of a ledger's grid (JSON, see workbench-api.ts).
CREATE TABLE ledger_layouts (
  ledger_id INTEGER PRIMARY KEY REFERENCES ledgers(id) ON DELETE CASCADE,
  layout TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- The status vocabulary of a ledger in display order; none stored means the default four.
CREATE TABLE ledger_statuses (
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  color TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  PRIMARY KEY (ledger_id, position),
  UNIQUE (ledger_id, label)
) STRICT;

-- Named filters (search text, unit, leader, status, overdue) of a ledger (JSON state).
CREATE TABLE saved_views (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (ledger_id, name)
) STRICT;
`,
};
