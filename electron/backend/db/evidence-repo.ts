// 佐证材料 records (migration 8): which file is attached to which row for which month. The bytes are in the
// evidence folder (evidence/evidence-folder.ts); every add, rename, removal and restore is in the change log.
import { writeTransaction } from './write-transaction.js';
import type { Evidence, EvidenceType } from '#shared/api/evidence-api.js';
import type { ChangeLog, WriteContext } from './change-log.js';
import type { Db } from './open-database.js';

export interface NewEvidence {
  ledgerId: number;
  rowId: number;
  period: string;
  name: string;
  size: number;
  sha256: string;
  type: EvidenceType;
  unit: string | null;
}

const COLUMNS = `id, ledger_id AS ledgerId, row_id AS rowId, period, name, size, sha256, type, unit,
  added_at AS addedAt, added_by AS addedBy, removed_at AS removedAt`;

export interface EvidenceFilter {
  ledgerId?: number;
  rowIds?: readonly number[];
  /** Inclusive month range. */
  from?: string;
  to?: string;
  includeRemoved?: boolean;
}

export class EvidenceRepo {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly log: ChangeLog,
  ) {
    this.stmt = {
      get: db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE id = ?`),
      insert: db.prepare(
        `INSERT INTO evidence (ledger_id, row_id, period, name, size, sha256, type, unit, added_at, added_by, source, batch_id)
         VALUES (@ledgerId, @rowId, @period, @name, @size, @sha256, @type, @unit, @at, @actor, @source, @batchId)`,
      ),
      same: db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE row_id = ? AND period = ? AND sha256 = ? AND removed_at IS NULL`),
      rename: db.prepare('UPDATE evidence SET name = ? WHERE id = ?'),
      remove: db.prepare('UPDATE evidence SET removed_at = ?, removed_by = ? WHERE id = ?'),
      restore: db.prepare('UPDATE evidence SET removed_at = NULL, removed_by = NULL WHERE id = ?'),
      counts: db.prepare(
        `SELECT row_id AS rowId, sum(period = @period) AS inPeriod, count(*) AS total
         FROM evidence WHERE ledger_id = @ledgerId AND removed_at IS NULL GROUP BY row_id`,
      ),
      ofBatch: db.prepare('SELECT id FROM evidence WHERE batch_id = ? AND removed_at IS NULL ORDER BY id'),
      thumb: db.prepare('SELECT png FROM evidence_thumbnails WHERE sha256 = ?'),
      putThumb: db.prepare('INSERT OR REPLACE INTO evidence_thumbnails (sha256, png) VALUES (?, ?)'),
    };
  }

  get(id: number): Evidence | undefined {
    return this.stmt.get.get(id) as Evidence | undefined;
  }

  /** The live record of this content on this row and month, if any (adding it again is a duplicate). */
  findSame(rowId: number, period: string, sha256: string): Evidence | undefined {
    return this.stmt.same.get(rowId, period, sha256) as Evidence | undefined;
  }

  /** Inserts records in one write transaction, each logged; returns them in order. */
  addAll(items: readonly NewEvidence[], ctx: WriteContext, at: string): Evidence[] {
    return writeTransaction(this.db, () =>
        items.map((e) => {
          const id = Number(this.stmt.insert.run({ ...e, at, actor: ctx.actor, source: ctx.source, batchId: ctx.batchId ?? null }).lastInsertRowid);
          this.log.record(ctx, { ledgerId: e.ledgerId, rowId: e.rowId, action: 'add_evidence', field: 'evidence', period: e.period, newValue: e.name }, at);
          return this.get(id)!;
        }),
      )();
  }

  rename(id: number, name: string, ctx: WriteContext, at: string): Evidence {
    return writeTransaction(this.db, () => {
        const before = this.get(id)!;
        this.stmt.rename.run(name, id);
        this.log.record(ctx, { ledgerId: before.ledgerId, rowId: before.rowId, action: 'rename_evidence', field: 'evidence', period: before.period, oldValue: before.name, newValue: name }, at);
        return this.get(id)!;
      })();
  }

  setRemoved(id: number, removed: boolean, ctx: WriteContext, at: string): Evidence {
    return writeTransaction(this.db, () => {
        const before = this.get(id)!;
        if (removed) this.stmt.remove.run(at, ctx.actor, id);
        else this.stmt.restore.run(id);
        this.log.record(
          ctx,
          removed
            ? { ledgerId: before.ledgerId, rowId: before.rowId, action: 'remove_evidence', field: 'evidence', period: before.period, oldValue: before.name }
            : { ledgerId: before.ledgerId, rowId: before.rowId, action: 'restore_evidence', field: 'evidence', period: before.period, newValue: before.name },
          at,
        );
        return this.get(id)!;
      })();
  }

  /** Live records a submission batch attached. */
  ofBatch(batchId: number): number[] {
    return (this.stmt.ofBatch.all(batchId) as { id: number }[]).map((r) => r.id);
  }

  list(filter: EvidenceFilter): Evidence[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.ledgerId != null) {
      where.push('ledger_id = @ledgerId');
      params.ledgerId = filter.ledgerId;
    }
    if (filter.rowIds) {
      // Bound as one JSON array: any number of rows, no SQL built from values.
      where.push('row_id IN (SELECT value FROM json_each(@rowIds))');
      params.rowIds = JSON.stringify(filter.rowIds);
    }
    if (filter.from) {
      where.push('period >= @from');
      params.from = filter.from;
    }
    if (filter.to) {
      where.push('period <= @to');
      params.to = filter.to;
    }
    if (!filter.includeRemoved) where.push('removed_at IS NULL');
    const sql = `SELECT ${COLUMNS} FROM evidence ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY period, row_id, id`;
    return this.db.prepare(sql).all(params) as Evidence[];
  }

  counts(ledgerId: number, period: string): { rowId: number; inPeriod: number; total: number }[] {
    return this.stmt.counts.all({ ledgerId, period }) as { rowId: number; inPeriod: number; total: number }[];
  }

  thumbnail(sha256: string): Buffer | undefined {
    return (this.stmt.thumb.get(sha256) as { png: Buffer } | undefined)?.png;
  }

  saveThumbnail(sha256: string, png: Uint8Array): void {
    this.stmt.putThumb.run(sha256, png);
  }
}
