// The change log ("全程留痕"): who changed what, when, and from which source. Every write goes through here.
import type { ChangeEntry } from '#shared/domain.js';
import { StagedRows, type StagedBatchFiles } from './staged-rows.js';
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
export interface StagedChange extends Omit<ChangeRecord, 'ledgerId'> {
  /** The submitted file's place in the batch, and the cell the value came from. */
  fileIndex: number;
  cell: string;
}

// Only what differs from entry to entry: the ledger, actor and time are the batch's, the source mostly its file's.
const STAGED_COLUMNS = {
  row_id: 'INTEGER',
  action: 'TEXT',
  field: 'TEXT',
  period: 'TEXT',
  old_value: 'TEXT',
  new_value: 'TEXT',
  file_index: 'INTEGER',
  cell: 'TEXT',
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
      rows.add([c.rowId, c.action, c.field ?? null, c.period ?? null, c.oldValue ?? null, c.newValue ?? null, c.fileIndex, c.cell]);
    }
    rows.finish();
    return rows;
  }

  /**
   * Under the write lock: the staged entries written, in the order staged, as batch `batchId` of `ledgerId`
   * by `actor` at `at`; each one's source is its file's text before the cell, the cell, the text after it, the batch number.
   */
  writeStaged(staged: StagedRows, batch: { ledgerId: number; actor: string; at: string; batchId: number }, files: StagedBatchFiles): void {
    staged
      .statement(
        `INSERT INTO change_log (ledger_id, row_id, at, actor, action, field, period, old_value, new_value, source, batch_id)
         SELECT ?, s.row_id, ?, ?, s.action, s.field, s.period, s.old_value, s.new_value, f.before_cell || s.cell || f.after_cell || ?, ?
         FROM ${staged.table} s JOIN ${files.table} f ON f.file_index = s.file_index ORDER BY s.seq`,
      )
      .run(batch.ledgerId, batch.at, batch.actor, String(batch.batchId), batch.batchId);
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
