// The change log ("全程留痕"): who changed what, when, and from which source. Every write goes through here.
import type { ChangeEntry } from '#shared/domain.js';
import { StagedRows } from './staged-rows.js';
import type { Db } from './open-database.js';

export interface WriteContext {
  actor: string;
  /** 'manual', 'plan-import', or the submission file a value came from. */
  source: string;
  batchId?: number | null;
}

export type ChangeAction = ChangeEntry['action'];

export interface ChangeRecord {
  ledgerId: number;
  rowId: number | null;
  action: ChangeAction;
  field?: string | null;
  period?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
}

/** An entry of an import batch, staged before the batch has its number (ChangeLog.stage). */
export interface StagedChange extends ChangeRecord {
  actor: string;
  /** The source up to the batch number, which writeStaged appends. */
  sourceBeforeBatch: string;
}

const STAGED_COLUMNS = {
  ledger_id: 'INTEGER',
  row_id: 'INTEGER',
  actor: 'TEXT',
  action: 'TEXT',
  field: 'TEXT',
  period: 'TEXT',
  old_value: 'TEXT',
  new_value: 'TEXT',
  source: 'TEXT',
} as const;

export class ChangeLog {
  private readonly insert;
  private readonly byRow;
  private staging: StagedRows | undefined;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO change_log (ledger_id, row_id, at, actor, action, field, period, old_value, new_value, source, batch_id)
       VALUES (@ledgerId, @rowId, @at, @actor, @action, @field, @period, @oldValue, @newValue, @source, @batchId)`,
    );
    this.byRow = db.prepare(
      `SELECT id, ledger_id AS ledgerId, row_id AS rowId, at, actor, action, field, period,
              old_value AS oldValue, new_value AS newValue, source
       FROM change_log WHERE row_id = ? ORDER BY id DESC`,
    );
  }

  /** Binds an import batch's entries before the write lock is taken (db/staged-rows.ts); writeStaged writes them. */
  stage(changes: Iterable<StagedChange>): StagedRows {
    const rows = (this.staging ??= new StagedRows(this.db, 'staged_change_log', STAGED_COLUMNS));
    rows.clear();
    for (const c of changes) {
      rows.add([c.ledgerId, c.rowId, c.actor, c.action, c.field ?? null, c.period ?? null, c.oldValue ?? null, c.newValue ?? null, c.sourceBeforeBatch]);
    }
    rows.finish();
    return rows;
  }

  /** Under the write lock: the staged entries written, in the order staged, as of `at` and of batch `batchId`. */
  writeStaged(staged: StagedRows, at: string, batchId: number): void {
    this.db
      .prepare(
        `INSERT INTO change_log (ledger_id, row_id, at, actor, action, field, period, old_value, new_value, source, batch_id)
         SELECT ledger_id, row_id, ?, actor, action, field, period, old_value, new_value, source || ?, ? FROM ${staged.table} ORDER BY seq`,
      )
      .run(at, String(batchId), batchId);
    staged.clear();
  }

  record(ctx: WriteContext, change: ChangeRecord, at: string): void {
    this.insert.run({
      ledgerId: change.ledgerId,
      rowId: change.rowId,
      at,
      actor: ctx.actor,
      action: change.action,
      field: change.field ?? null,
      period: change.period ?? null,
      oldValue: change.oldValue ?? null,
      newValue: change.newValue ?? null,
      source: ctx.source,
      batchId: ctx.batchId ?? null,
    });
  }

  forRow(rowId: number): ChangeEntry[] {
    return this.byRow.all(rowId) as ChangeEntry[];
  }
}
