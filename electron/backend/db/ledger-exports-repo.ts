// Snapshots of ledger exports (migration 5): the rows and values each export wrote, deflated (migration 9).
import { z } from 'zod';
import { rowLevelSchema } from '#shared/domain.js';
import type { Db } from './open-database.js';
import { deflatedJson, parseStoredJson } from './stored-json.js';

const exportSnapshotRowSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: rowLevelSchema,
  values: z.record(z.string(), z.string()),
  /** Custom column values by the column's label. */
  custom: z.record(z.string(), z.string()),
});
const snapshotSchema = z.array(exportSnapshotRowSchema);

export type ExportSnapshotRow = z.infer<typeof exportSnapshotRowSchema>;

export interface LedgerExportRecord {
  id: number;
  ledgerId: number;
  exportedAt: string;
  period: string;
  templateId: number | null;
  fileName: string;
  rows: ExportSnapshotRow[];
}

/** Exports kept per ledger; older snapshots are removed. */
export const KEEP_EXPORTS = 5;

export class LedgerExportsRepo {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      insert: db.prepare(
        'INSERT INTO ledger_exports (ledger_id, exported_at, period, template_id, file_name, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      prune: db.prepare(
        'DELETE FROM ledger_exports WHERE ledger_id = ? AND id NOT IN (SELECT id FROM ledger_exports WHERE ledger_id = ? ORDER BY id DESC LIMIT ?)',
      ),
      latest: db.prepare(
        `SELECT id, ledger_id AS ledgerId, exported_at AS exportedAt, period, template_id AS templateId, file_name AS fileName, snapshot
         FROM ledger_exports WHERE ledger_id = ? ORDER BY id DESC LIMIT 1`,
      ),
      ledgersWithExports: db.prepare('SELECT DISTINCT ledger_id AS ledgerId FROM ledger_exports ORDER BY ledger_id'),
    };
  }

  record(e: Omit<LedgerExportRecord, 'id'>): number {
    const id = Number(
      this.stmt.insert.run(e.ledgerId, e.exportedAt, e.period, e.templateId, e.fileName, deflatedJson(e.rows)).lastInsertRowid,
    );
    this.stmt.prune.run(e.ledgerId, e.ledgerId, KEEP_EXPORTS);
    return id;
  }

  latest(ledgerId: number): LedgerExportRecord | undefined {
    const r = this.stmt.latest.get(ledgerId) as (Omit<LedgerExportRecord, 'rows'> & { snapshot: Uint8Array | string }) | undefined;
    if (!r) return undefined;
    const { snapshot, ...rest } = r;
    return { ...rest, rows: parseStoredJson(snapshotSchema, snapshot, `台账最近一次导出（${rest.fileName}）的记录`) };
  }

  ledgerIds(): number[] {
    return (this.stmt.ledgersWithExports.all() as { ledgerId: number }[]).map((r) => r.ledgerId);
  }
}
