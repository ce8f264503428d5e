// The change log ("全程留痕"): who changed what, when, and from which source. Every write goes through here.
import type { ChangeEntry } from '#shared/domain.js';
import { MultiRowInsert } from './multi-row-insert.js';
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

const BUFFERED_COLUMNS = ['ledger_id', 'row_id', 'at', 'actor', 'action', 'field', 'period', 'old_value', 'new_value', 'source', 'batch_id'];

export class ChangeLog {
  private readonly insert;
  private readonly byRow;
  private buffer: MultiRowInsert | null = null;

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

  /**
   * Runs `write` (inside a write transaction) with the entries it records buffered and written a
   * chunk at a time (an import batch's thousands of cells); they are all written when it returns.
   */
  buffered<R>(write: () => R): R {
    if (this.buffer) return write();
    this.buffer = new MultiRowInsert(this.db, 'change_log', BUFFERED_COLUMNS);
    try {
      const result = write();
      this.buffer.flush();
      return result;
    } finally {
      this.buffer = null;
    }
  }

  record(ctx: WriteContext, change: ChangeRecord, at: string): void {
    if (this.buffer) {
      this.buffer.add([
        change.ledgerId,
        change.rowId,
        at,
        ctx.actor,
        change.action,
        change.field ?? null,
        change.period ?? null,
        change.oldValue ?? null,
        change.newValue ?? null,
        ctx.source,
        ctx.batchId ?? null,
      ]);
      return;
    }
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
    this.buffer?.flush();
    return this.byRow.all(rowId) as ChangeEntry[];
  }
}
