// Ledger rows: a tree (section → task → item) ordered by position among siblings.
// Plan fields are columns of `rows`; progress fields are kept per period in `row_progress`.
import { writeTransaction } from './write-transaction.js';
import { FIELD_KEYS, isPeriodField, PLAN_FIELD_KEYS, type FieldKey, type RowLevel } from '#shared/fields.js';
import type { Row, RowValues } from '#shared/domain.js';
import { deadlineDate } from '../workbench/deadline-date.js';
import type { ChangeLog, WriteContext } from './change-log.js';
import { fieldColumn, PERIOD_FIELD_BY_COLUMN, PLAN_COLUMNS } from './columns.js';
import { MultiRowInsert } from './multi-row-insert.js';
import type { Db } from './open-database.js';

interface RowRecord {
  id: number;
  ledger_id: number;
  parent_id: number | null;
  position: number;
  level: RowLevel;
  updated_at: string;
  deadline_date: string | null;
  [column: string]: unknown;
}

/** A row_progress value as the progress queries return it: raw arrays (a ledger has tens of thousands). */
type ProgressRecord = readonly [rowId: number, field: string, value: string, period: string];

/**
 * How per-period fields are read for a month: `asOf` carries each field's value forward from the
 * latest month ≤ the period (what every view and export shows); `exact` reads only values written for
 * that month (what an import compares with, so a value re-sent unchanged is still recorded for it);
 * `plan` reads no per-period field at all (the reports read their history themselves).
 */
export type PeriodMode = 'asOf' | 'exact' | 'plan';

// Later than any month: "as of the end of time" is each field's latest value.
const END_OF_TIME = '9999-12';

const SELECT_COLUMNS = ['id', 'ledger_id', 'parent_id', 'position', 'level', 'updated_at', 'deadline_date', ...PLAN_COLUMNS].join(', ');

// Column of each field ('' for period fields), computed once: toRow runs for every row of a ledger.
const FIELD_COLUMNS: readonly (readonly [FieldKey, string])[] = FIELD_KEYS.map((k) => [k, isPeriodField(k) ? '' : fieldColumn(k)]);

// Rows written before migration 2 (or by code that does not set deadline_date) have NULL there: their
// date is read from the text when the row is read, never written back, so reading stays read-only.
const deadlineCache = new Map<string, string>();
function storedOrParsedDeadline(r: RowRecord, year: number | null): string | null {
  if (r.deadline_date !== null) return r.deadline_date || null;
  const text = r.deadline as string;
  if (!text) return null;
  const key = `${year ?? ''}|${text}`;
  let date = deadlineCache.get(key);
  if (date === undefined) {
    if (deadlineCache.size > 10_000) deadlineCache.clear();
    deadlineCache.set(key, (date = deadlineDate(text, year)));
  }
  return date || null;
}

function toRow(r: RowRecord, period: string | null, progress: ProgressRecord[] | undefined, year: number | null): Row {
  const values = {} as RowValues;
  const periods: Record<string, string> = {};
  for (const [key, column] of FIELD_COLUMNS) values[key] = column ? (r[column] as string) : '';
  for (const [, field, value, month] of progress ?? []) {
    const key = PERIOD_FIELD_BY_COLUMN.get(field);
    if (key) {
      values[key] = value;
      periods[key] = month;
    }
  }
  return {
    id: r.id,
    ledgerId: r.ledger_id,
    parentId: r.parent_id,
    position: r.position,
    level: r.level,
    period,
    values,
    updatedAt: r.updated_at,
    deadlineDate: storedOrParsedDeadline(r, year),
    periods,
  };
}

function groupByRow(records: ProgressRecord[]): Map<number, ProgressRecord[]> {
  const map = new Map<number, ProgressRecord[]>();
  for (const p of records) {
    const list = map.get(p[0]);
    if (list) list.push(p);
    else map.set(p[0], [p]);
  }
  return map;
}

export interface NewRow {
  ledgerId: number;
  parentId: number | null;
  /** Insert right after this sibling; null/undefined appends at the end. */
  afterId?: number | null;
  level: RowLevel;
  values: Partial<Record<FieldKey, string>>;
  /** The period that progress values in `values` belong to. */
  period: string;
}

// Carried forward: for each row and field, the value of the latest month <= ? (SQLite takes the bare
// columns of an aggregate query from the row that holds the max).
const PROGRESS_AS_OF = 'SELECT p.row_id, p.field, p.value, max(p.period) AS period FROM row_progress p';

const PROGRESS_COLUMNS = ['row_id', 'period', 'field', 'value', 'updated_at'];
const PROGRESS_UPSERT = 'ON CONFLICT (row_id, period, field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at';

/** What `buffered` writes holds back: progress values (multi-row upserts) and the rows to touch, by time. */
interface PendingCells {
  progress: MultiRowInsert;
  touched: Map<string, Set<number>>;
}

export class RowsRepo {
  private readonly stmt;
  private pending: PendingCells | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: ChangeLog,
  ) {
    this.stmt = {
      get: db.prepare(`SELECT ${SELECT_COLUMNS} FROM rows WHERE id = ?`),
      byLedger: db.prepare(`SELECT ${SELECT_COLUMNS} FROM rows WHERE ledger_id = ? ORDER BY position, id`),
      progressOfRow: db.prepare('SELECT row_id, field, value, period FROM row_progress WHERE row_id = ? AND period = ?').raw(true),
      progressOfRowAsOf: db.prepare(`${PROGRESS_AS_OF} WHERE p.row_id = ? AND p.period <= ? GROUP BY p.field`).raw(true),
      // CROSS JOIN keeps the ledger's rows the outer loop (each row's month by primary key); left to
      // itself SQLite walks the month's values of every ledger (row_progress_by_period), 3× slower with three.
      progressOfLedger: db.prepare(
        'SELECT p.row_id, p.field, p.value, p.period FROM rows r CROSS JOIN row_progress p ON p.row_id = r.id WHERE r.ledger_id = ? AND p.period = ?',
      ).raw(true),
      progressOfLedgerAsOf: db.prepare(
        `${PROGRESS_AS_OF} JOIN rows r ON r.id = p.row_id WHERE r.ledger_id = ? AND p.period <= ? GROUP BY p.row_id, p.field`,
      ).raw(true),
      lastPosition: db.prepare('SELECT coalesce(max(position), -1) AS p FROM rows WHERE ledger_id = ? AND parent_id IS ?'),
      shift: db.prepare('UPDATE rows SET position = position + 1 WHERE ledger_id = ? AND parent_id IS ? AND position > ?'),
      insert: db.prepare(
        `INSERT INTO rows (ledger_id, parent_id, position, level, ${PLAN_COLUMNS.join(', ')}, created_at, updated_at)
         VALUES (?, ?, ?, ?, ${PLAN_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
      ),
      upsertProgress: db.prepare(`INSERT INTO row_progress (${PROGRESS_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?) ${PROGRESS_UPSERT}`),
      deleteProgress: db.prepare('DELETE FROM row_progress WHERE row_id = ? AND period = ? AND field = ?'),
      touchRow: db.prepare('UPDATE rows SET updated_at = ? WHERE id = ?'),
      touchRows: db.prepare('UPDATE rows SET updated_at = ? WHERE id IN (SELECT value FROM json_each(?))'),
      subtree: db.prepare(
        `WITH RECURSIVE sub(id) AS (SELECT id FROM rows WHERE id = ? UNION ALL SELECT r.id FROM rows r JOIN sub ON r.parent_id = sub.id)
         SELECT ${SELECT_COLUMNS} FROM rows WHERE id IN (SELECT id FROM sub)`,
      ),
      delete: db.prepare('DELETE FROM rows WHERE id = ?'),
      touchLedger: db.prepare('UPDATE ledgers SET updated_at = ?, last_used_at = ? WHERE id = ?'),
      ledgerYear: db.prepare('SELECT year FROM ledgers WHERE id = ?'),
      setDeadlineDate: db.prepare('UPDATE rows SET deadline_date = ? WHERE id = ?'),
      move: db.prepare('UPDATE rows SET parent_id = ?, position = ?, updated_at = ? WHERE id = ?'),
      shiftFrom: db.prepare('UPDATE rows SET position = position + 1 WHERE ledger_id = ? AND parent_id IS ? AND position >= ? AND id != ?'),
    };
  }

  private readonly updatePlanField = new Map<FieldKey, { run(value: string, at: string, id: number): unknown }>();

  private planFieldUpdate(field: FieldKey) {
    let stmt = this.updatePlanField.get(field);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE rows SET ${fieldColumn(field)} = ?, updated_at = ? WHERE id = ?`) as unknown as {
        run(value: string, at: string, id: number): unknown;
      };
      this.updatePlanField.set(field, stmt);
    }
    return stmt;
  }

  /** One row with its per-period fields as of `period` (null: each field's latest), or of exactly that month. */
  get(id: number, period: string | null = null, mode: PeriodMode = 'asOf'): Row | undefined {
    this.flushPending();
    const r = this.stmt.get.get(id) as RowRecord | undefined;
    if (!r) return undefined;
    const progress = (
      mode === 'plan'
        ? []
        : mode === 'exact' && period
          ? this.stmt.progressOfRow.all(id, period)
          : this.stmt.progressOfRowAsOf.all(id, period ?? END_OF_TIME)
    ) as ProgressRecord[];
    return toRow(r, period, progress, r.deadline_date === null ? this.yearOf(r.ledger_id) : null);
  }

  private yearOf(ledgerId: number): number | null {
    return (this.stmt.ledgerYear.get(ledgerId) as { year: number | null } | undefined)?.year ?? null;
  }

  /** All rows of a ledger in display order (depth-first, siblings by position), per-period fields as `get` reads them. */
  listInOrder(ledgerId: number, period: string | null = null, mode: PeriodMode = 'asOf'): Row[] {
    this.flushPending();
    const year = this.yearOf(ledgerId);
    const records = this.stmt.byLedger.all(ledgerId) as RowRecord[];
    const progress = groupByRow(
      (mode === 'plan'
        ? []
        : mode === 'exact' && period
          ? this.stmt.progressOfLedger.all(ledgerId, period)
          : this.stmt.progressOfLedgerAsOf.all(ledgerId, period ?? END_OF_TIME)) as ProgressRecord[],
    );
    const children = new Map<number | null, RowRecord[]>();
    for (const r of records) {
      const list = children.get(r.parent_id);
      if (list) list.push(r);
      else children.set(r.parent_id, [r]);
    }
    const out: Row[] = [];
    const stack: RowRecord[] = [...(children.get(null) ?? [])].reverse();
    while (stack.length) {
      const r = stack.pop()!;
      out.push(toRow(r, period, progress.get(r.id), year));
      const kids = children.get(r.id);
      if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return out;
  }

  insert(ctx: WriteContext, row: NewRow, at: string): Row {
    return writeTransaction(this.db, () => {
      let position: number;
      const after = row.afterId != null ? this.get(row.afterId) : undefined;
      if (after && after.parentId === row.parentId && after.ledgerId === row.ledgerId) {
        this.stmt.shift.run(row.ledgerId, row.parentId, after.position);
        position = after.position + 1;
      } else {
        position = (this.stmt.lastPosition.get(row.ledgerId, row.parentId) as { p: number }).p + 1;
      }
      const planValues = PLAN_FIELD_KEYS.map((k) => row.values[k] ?? '');
      const id = Number(this.stmt.insert.run(row.ledgerId, row.parentId, position, row.level, ...planValues, at, at).lastInsertRowid);
      this.stmt.setDeadlineDate.run(deadlineDate(row.values.deadline ?? '', this.yearOf(row.ledgerId)), id);
      for (const key of FIELD_KEYS) {
        const value = row.values[key];
        if (isPeriodField(key) && value) this.stmt.upsertProgress.run(id, row.period, fieldColumn(key), value, at);
      }
      this.log.record(ctx, { ledgerId: row.ledgerId, rowId: id, action: 'insert_row', period: row.period, newValue: JSON.stringify(row.values) }, at);
      this.stmt.touchLedger.run(at, at, row.ledgerId);
      return this.get(id, row.period)!;
    })();
  }

  /**
   * Sets one cell; progress fields are written to `period`. Records the change only when the value
   * really changes. Returns the row as seen in that period.
   */
  updateCell(ctx: WriteContext, id: number, field: FieldKey, value: string, period: string, at: string): Row | undefined {
    return writeTransaction(this.db, () => {
      const perPeriod = isPeriodField(field);
      const before = this.get(id, perPeriod ? period : null, 'exact');
      if (!before) return undefined;
      // A per-period field is compared with what was written for this very month, not the carried value:
      // confirming last month's status for this month is a report of its own.
      const old = before.values[field];
      if (old === value) return before;
      this.writeKnownCell(ctx, { ledgerId: before.ledgerId, rowId: id, field, oldValue: old, value, period }, at);
      this.touchLedger(before.ledgerId, at);
      return this.get(id, perPeriod ? period : null);
    })();
  }

  /**
   * Runs `write` (inside a write transaction) with what writeKnownCell writes — progress values, row
   * touches, change-log entries — buffered and written as multi-row statements (an import batch's
   * thousands of cells: fewer statements, a shorter hold of the write lock). All is written when it
   * returns; a read of rows in between writes what is buffered first.
   */
  buffered<R>(write: () => R): R {
    if (this.pending) return write();
    this.pending = { progress: new MultiRowInsert(this.db, 'row_progress', PROGRESS_COLUMNS, PROGRESS_UPSERT), touched: new Map() };
    try {
      const result = this.log.buffered(write);
      this.flushPending();
      return result;
    } finally {
      this.pending = null;
    }
  }

  private flushPending(): void {
    if (!this.pending) return;
    this.pending.progress.flush();
    for (const [at, ids] of this.pending.touched) this.stmt.touchRows.run(at, JSON.stringify([...ids]));
    this.pending.touched.clear();
  }

  /**
   * Writes one cell whose current value the caller already knows (an import batch, inside its own
   * transaction): no reads, and the ledger is touched once by the caller rather than per cell.
   */
  writeKnownCell(
    ctx: WriteContext,
    cell: { ledgerId: number; rowId: number; field: FieldKey; oldValue: string; value: string; period: string },
    at: string,
  ): void {
    const { ledgerId, rowId: id, field, value, period } = cell;
    const perPeriod = isPeriodField(field);
    if (field === 'deadline') this.stmt.setDeadlineDate.run(deadlineDate(value, this.yearOf(ledgerId)), id);
    if (!perPeriod) this.planFieldUpdate(field).run(value, at, id);
    else if (this.pending) {
      // Buffered (an import batch): written in order, a row touched once however many of its cells change.
      if (value === '') {
        this.pending.progress.flush();
        this.stmt.deleteProgress.run(id, period, fieldColumn(field));
      } else this.pending.progress.add([id, period, fieldColumn(field), value, at]);
      let ids = this.pending.touched.get(at);
      if (!ids) this.pending.touched.set(at, (ids = new Set()));
      ids.add(id);
    } else {
      if (value === '') this.stmt.deleteProgress.run(id, period, fieldColumn(field));
      else this.stmt.upsertProgress.run(id, period, fieldColumn(field), value, at);
      this.stmt.touchRow.run(at, id);
    }
    this.log.record(
      ctx,
      { ledgerId, rowId: id, action: 'update_cell', field, period: perPeriod ? period : null, oldValue: cell.oldValue, newValue: value },
      at,
    );
  }

  touchLedger(ledgerId: number, at: string): void {
    this.stmt.touchLedger.run(at, at, ledgerId);
  }

  /**
   * Moves a row (and its subtree) under `parentId`, right after the sibling `afterId` (null: first).
   * The caller checks that the parent is valid (same ledger, not inside the moved subtree).
   */
  move(ctx: WriteContext, id: number, parentId: number | null, afterId: number | null, at: string): boolean {
    return writeTransaction(this.db, () => {
      const before = this.get(id);
      if (!before) return false;
      const after = afterId != null ? this.get(afterId) : undefined;
      const position = after && after.parentId === parentId && after.id !== id ? after.position + 1 : 0;
      this.stmt.shiftFrom.run(before.ledgerId, parentId, position, id);
      this.stmt.move.run(parentId, position, at, id);
      this.log.record(
        ctx,
        {
          ledgerId: before.ledgerId,
          rowId: id,
          action: 'move_row',
          oldValue: JSON.stringify({ parentId: before.parentId, position: before.position }),
          newValue: JSON.stringify({ parentId, afterId }),
        },
        at,
      );
      this.stmt.touchLedger.run(at, at, before.ledgerId);
      return true;
    })();
  }

  /** Deletes a row with its children; each removed row's values are kept in the change log. */
  delete(ctx: WriteContext, id: number, at: string): number {
    return writeTransaction(this.db, () => {
      const subtree = (this.stmt.subtree.all(id) as RowRecord[]).map((r) => this.get(r.id)!);
      const top = subtree[0];
      if (!top) return 0;
      for (const r of subtree) {
        this.log.record(ctx, { ledgerId: r.ledgerId, rowId: r.id, action: 'delete_row', oldValue: JSON.stringify(r.values) }, at);
      }
      this.stmt.delete.run(id);
      this.stmt.touchLedger.run(at, at, top.ledgerId);
      return subtree.length;
    })();
  }
}
