// Migration 3: the bureau's Excel templates, stored with their bytes so the ledger database stands alone.
// Columns are spelled out so this migration never changes after it ships.
import type { Migration } from './migration.js';

export const templatesSchema: Migration = {
  version: 3,
  description: 'registered Excel templates (file bytes, header band, column mapping)',
  sql: `
CREATE TABLE templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  -- 'ledger': the meeting ledger layout; 'submission': the form sent to units.
  kind TEXT NOT NULL CHECK (kind IN ('ledger', 'submission')),
  file_name TEXT NOT NULL,
  bytes BLOB NOT NULL,
  sheet_name TEXT NOT NULL,
  -- The detected header band and placeholders, JSON (see electron/backend/export/template-analysis.ts).
  layout_json TEXT NOT NULL,
  -- One entry per header column: what ledger field (or other meaning) fills it, JSON.
  mapping_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`,
};
