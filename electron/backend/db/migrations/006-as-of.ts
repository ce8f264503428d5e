// Migration 6: progress as of a month — the category of each status (done / inProgress / notStarted /
// lagging, which the counts and lights use) and per-ledger settings such as the light thresholds.
import type { Migration } from './migration.js';

export const asOfSchema: Migration = {
  version: 6,
  description: 'status categories, per-ledger settings (light thresholds)',
  sql: `
-- NULL: not chosen by the clerk; the category follows from the label and the done flag (shared/as-of.ts).
ALTER TABLE ledger_statuses ADD COLUMN category TEXT CHECK (category IS NULL OR category IN ('done', 'inProgress', 'notStarted', 'lagging'));

-- JSON, see shared/api/workbench-api.ts (ledgerSettingsSchema); absent keys take their defaults.
CREATE TABLE ledger_settings (
  ledger_id INTEGER PRIMARY KEY REFERENCES ledgers(id) ON DELETE CASCADE,
  settings TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`,
};
