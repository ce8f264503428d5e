// The reads taking back an export needs (Signal Desktop's ReadableDB idea): a narrow, read-only view of
// the store, so the comparison (export-merge.ts buildMerge) is a pure step, unit-tested with a plain
// object instead of SQLite (tests/unit/export-merge.test.ts).
import type { CustomColumn } from '#shared/api/workbench-api.js';
import type { TemplateColumn } from '#shared/api/template-api.js';
import type { Row } from '#shared/domain.js';
import { ledgerPeriod } from '../as-of/ledger-as-of.js';
import type { LedgerExportRecord } from '../db/ledger-exports-repo.js';
import type { Store } from '../store.js';

export interface MergeReads {
  ledgers(): readonly { id: number; name: string }[];
  ledger(ledgerId: number): { name: string } | undefined;
  /** The ledger's last export (what it wrote), if any. */
  latestExport(ledgerId: number): LedgerExportRecord | undefined;
  /** The month the ledger is read as of when its export recorded none. */
  defaultPeriod(ledgerId: number): string;
  columns(ledgerId: number): readonly Pick<CustomColumn, 'key' | 'label' | 'type'>[];
  statuses(ledgerId: number): readonly string[];
  /** Rows in display order as of the month (null: each value's latest), with custom values by column key. */
  rows(ledgerId: number, period: string | null): readonly Row[];
  /** A registered template's column mapping. */
  templateColumns(templateId: number): readonly TemplateColumn[] | undefined;
}

/**
 * The store as MergeReads for one comparison: the export snapshot (thousands of rows of JSON) is parsed
 * once, however often it is asked for. Make a new one for each comparison, never keep one across writes.
 */
export function storeMergeReads(store: Store): MergeReads {
  const snapshots = new Map<number, LedgerExportRecord | undefined>();
  return {
    ledgers: () => store.ledgers.list(),
    ledger: (id) => store.ledgers.get(id),
    latestExport: (id) => {
      if (!snapshots.has(id)) snapshots.set(id, store.ledgerExports.latest(id));
      return snapshots.get(id);
    },
    defaultPeriod: (id) => ledgerPeriod(store, id),
    columns: (id) => store.workbench.columns(id),
    statuses: (id) => store.workbench.statuses(id).map((s) => s.label),
    rows: (id, period) => store.workbench.attachCustom(id, store.rows.listInOrder(id, period), period),
    templateColumns: (templateId) => {
      return store.templates.get(templateId)?.columns;
    },
  };
}
