// Migration 1: ledgers, hierarchical rows, units with aliases, change log.
import { FIELD_KEYS } from '../../../../shared/fields.js';
import { fieldColumn } from '../columns.js';
import type { Migration } from './migration.js';

// The standard columns as they were when this migration shipped (later fields need their own migration).
const fieldColumns = FIELD_KEYS.map((k) => `  ${fieldColumn(k)} TEXT NOT NULL DEFAULT ''`).join(',\n');

export const initialSchema: Migration = {
  version: 1,
  description: 'ledgers, hierarchical rows, units with aliases, change log',
  sql: `
CREATE TABLE ledgers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  year INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL
) STRICT;

CREATE TABLE rows (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES rows(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('section', 'task', 'item')),
${fieldColumns},
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX rows_by_parent ON rows(ledger_id, parent_id, position);
CREATE INDEX rows_parent ON rows(parent_id);

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
  old_value TEXT,
  new_value TEXT,
  source TEXT NOT NULL,
  batch_id INTEGER
) STRICT;
CREATE INDEX change_log_by_row ON change_log(row_id, id);
CREATE INDEX change_log_by_ledger ON change_log(ledger_id, id);
`,
};
