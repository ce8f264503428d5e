// Migration 7: issued reports (月通报 / 季点评 / 年考核). Each issue is numbered in the series of its ledger and
// kind (第N期) and keeps what was issued — the figures, the text and the very bytes of the Word document and
// the Excel attachment — so that reopening it gives the same files however the ledger changed since.
import type { Migration } from './migration.js';

export const reportsSchema: Migration = {
  version: 7,
  description: 'issued reports: number in the series, figures, text, docx and xlsx bytes',
  sql: `
CREATE TABLE issued_reports (
  id INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('monthly', 'quarterly', 'annual')),
  period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]' OR period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' OR period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
  issue INTEGER NOT NULL CHECK (issue > 0),
  issued_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  issuer TEXT NOT NULL,
  -- JSON: shared/api/report-api.ts reportFiguresSchema and reportTextSchema.
  figures TEXT NOT NULL,
  text TEXT NOT NULL,
  docx_name TEXT NOT NULL,
  docx BLOB NOT NULL,
  xlsx_name TEXT NOT NULL,
  xlsx BLOB NOT NULL,
  UNIQUE (ledger_id, kind, issue)
) STRICT;
CREATE INDEX issued_reports_by_ledger ON issued_reports(ledger_id, id);
`,
};
