// Called by the ledger export: remembers which rows it wrote and their values, so that the workbook,
// edited in Excel/WPS and brought back (ledgerimport.mergePreview), shows what changed since then.
import type { Row } from '#shared/domain.js';
import type { ExportSnapshotRow } from '../db/ledger-exports-repo.js';
import type { Store } from '../store.js';

export function recordLedgerExport(
  store: Store,
  e: { ledgerId: number; rows: readonly Row[]; period: string | undefined; templateId: number | null | undefined; fileName: string; at: string },
): void {
  const labels = new Map(store.workbench.columns(e.ledgerId).map((c) => [c.key, c.label]));
  const rows: ExportSnapshotRow[] = e.rows.map((r) => {
    const custom: Record<string, string> = {};
    for (const [key, value] of Object.entries(r.custom ?? {})) {
      const label = labels.get(key);
      if (label && value !== '') custom[label] = value;
    }
    // Only values that are there: blanks read back as '' and keep the snapshot small.
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.values)) if (v !== '') values[k] = v;
    return { id: r.id, parentId: r.parentId, level: r.level, values, custom };
  });
  try {
    store.ledgerExports.record({
      ledgerId: e.ledgerId,
      exportedAt: e.at,
      period: e.period ?? '',
      templateId: e.templateId ?? null,
      fileName: e.fileName,
      rows,
    });
  } catch {
    // A database opened read-only (or locked) still exports; taking the file back then compares
    // with the ledger's values at that time instead of the export's.
  }
}
