// The change log ("全程留痕"): who changed what, when, and from which source. Every write goes through here.
import type { ChangeEntry } from '#shared/domain.js';
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

export class ChangeLog {
  private readonly insert;
  private readonly byRow;

  constructor(db: Db) {
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
