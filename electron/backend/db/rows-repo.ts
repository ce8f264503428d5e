// Ledger rows: a tree (section → task → item) ordered by position among siblings.
// Plan fields are columns of `rows`; progress fields are kept per period in `row_progress`.
import { writeTransaction } from './write-transaction.js';
import { FIELD_KEYS, isPeriodField, PLAN_FIELD_KEYS, type FieldKey, type RowLevel } from '#shared/fields.js';
import type { Row, RowValues } from '#shared/domain.js';
import type { FigureRow } from '#shared/report-figures.js';
import { deadlineDate } from '../workbench/deadline-date.js';
import type { ChangeLog, WriteContext } from './change-log.js';
import { fieldColumn, PERIOD_FIELD_BY_COLUMN, PLAN_COLUMNS } from './columns.js';
import { StagedRows } from './staged-rows.js';
import type { Db } from './open-database.js';

/** A `rows` record as SELECT_COLUMNS lists it, read with `.raw()`: no per-row object with named keys. */
type RowRecord = unknown[];
const ID = 0;
const LEDGER_ID = 1;
const PARENT_ID = 2;
const POSITION = 3;
const LEVEL = 4;
const UPDATED_AT = 5;
const DEADLINE_DATE = 6;

/** A `row_progress` record, raw: row id, field column, value, period. */
type ProgressRecord = [rowId: number, field: string, value: string, period: string];

/**
 * How per-period fields are read for a month: `asOf` carries each field's value forward from the
 * latest month ≤ the period (what every view and export shows); `exact` reads only values written for
 * that month (what an import compares with, so a value re-sent unchanged is still recorded for it);
 * `plan` reads no per-period field at all (the reports read their history themselves).
 */
export type PeriodMode = 'asOf' | 'exact' | 'plan';

// Later than any month: "as of the end of time" is each field's latest value.
const END_OF_TIME = '9999-12';

const SELECT_COLUMN_NAMES = ['id', 'ledger_id', 'parent_id', 'position', 'level', 'updated_at', 'deadline_date', ...PLAN_COLUMNS];
const SELECT_COLUMNS = SELECT_COLUMN_NAMES.join(', ');

// Where each field is in a record (-1 for period fields), computed once: toRow runs for every row of a ledger.
const FIELD_INDEX: readonly (readonly [FieldKey, number])[] = FIELD_KEYS.map((k) => [k, isPeriodField(k) ? -1 : SELECT_COLUMN_NAMES.indexOf(fieldColumn(k))]);
const DEADLINE = SELECT_COLUMN_NAMES.indexOf(fieldColumn('deadline'));

// Rows written before migration 2 (or by code that does not set deadline_date) have NULL there: their
// date is read from the text when the row is read, never written back, so reading stays read-only.
const deadlineCache = new Map<string, string>();
function storedOrParsedDeadline(r: RowRecord, year: number | null): string | null {
  return deadlineOf(r[DEADLINE_DATE] as string | null, r[DEADLINE] as string, year);
}
function deadlineOf(stored: string | null, text: string, year: number | null): string | null {
  if (stored !== null) return stored || null;
  if (!text) return null;
  const key = `${year ?? ''}|${text}`;
  let date = deadlineCache.get(key);
  if (date === undefined) {
    if (deadlineCache.size > 10_000) deadlineCache.clear();
    deadlineCache.set(key, (date = deadlineDate(text, year)));
  }
  return date || null;
}

/**
 * A record as a Row; `progress` holds the row's per-period values (with `asOf`, possibly several months
 * of one field: the latest month wins).
 */
function toRow(r: RowRecord, period: string | null, progress: ProgressRecord[] | undefined, year: number | null): Row {
  const values = {} as RowValues;
  const periods: Record<string, string> = {};
  for (const [key, i] of FIELD_INDEX) values[key] = i >= 0 ? (r[i] as string) : '';
  if (progress) {
    for (const [, field, value, month] of progress) {
      const key = PERIOD_FIELD_BY_COLUMN.get(field);
      if (key && !(periods[key]! > month)) {
        values[key] = value;
        periods[key] = month;
      }
    }
  }
  return {
    id: r[ID] as number,
    ledgerId: r[LEDGER_ID] as number,
    parentId: r[PARENT_ID] as number | null,
    position: r[POSITION] as number,
    level: r[LEVEL] as RowLevel,
    period,
    values,
    updatedAt: r[UPDATED_AT] as string,
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

/** What the report figures read of a row: the plan fields they count by, and its deadline. */
export interface FigureSourceRow extends FigureRow {
  deadlineDate: string | null;
  /** The 完成时限 cell is blank: the row takes its parent's deadline. */
  inheritsDeadline: boolean;
}

// The columns of a FigureSourceRow, read raw (as arrays): 50,050 rows read ~3× faster than every plan column as objects.
const FIGURE_COLUMNS = 'id, parent_id, level, deadline_date, deadline, code, task, measures, lead_dept, units';
type FigureRecord = [number, number | null, RowLevel, string | null, string, string, string, string, string, string];

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

// Carried forward: every value of the months <= ?; toRow keeps each field's value of the latest
// month. Cheaper than a GROUP BY, which sorts every value of the ledger in a temporary B-tree.
const PROGRESS_UP_TO = 'SELECT p.row_id, p.field, p.value, p.period FROM row_progress p';

const PROGRESS_COLUMNS = ['row_id', 'period', 'field', 'value', 'updated_at'];
const PROGRESS_UPSERT = 'ON CONFLICT (row_id, period, field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at';

/** An import batch's progress values, bound outside the write lock (db/staged-rows.ts): see stageCells. */
export interface StagedCells {
  readonly rows: StagedRows;
  readonly at: string;
}

export class RowsRepo {
  private readonly stmt;
  private staging: StagedRows | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: ChangeLog,
  ) {
    this.stmt = {
      get: db.prepare(`SELECT ${SELECT_COLUMNS} FROM rows WHERE id = ?`).raw(),
      byLedger: db.prepare(`SELECT ${SELECT_COLUMNS} FROM rows WHERE ledger_id = ?`).raw(),
      figureRows: db.prepare(`SELECT ${FIGURE_COLUMNS} FROM rows WHERE ledger_id = ?`).raw(),
      // From the index rows_by_parent alone, in its order (ledger, parent, position): no sort, no table read;
      // as one text `id,parent,id,parent,…` (0: none), a fifth of the cost of 50,000 little arrays.
      treeOfLedger: db
        .prepare(`SELECT group_concat(id || ',' || coalesce(parent_id, 0), ',' ORDER BY ledger_id, parent_id, position, id) FROM rows WHERE ledger_id = ?`)
        .pluck(),
      rowCount: db.prepare('SELECT count(*) FROM rows WHERE ledger_id = ?').pluck(),
      rootsOfLedger: db.prepare('SELECT id FROM rows WHERE ledger_id = ? AND parent_id IS NULL ORDER BY position, id').pluck(),
      // One top-level subtree as treeOfLedger gives the whole ledger, walked down rows_by_parent from its root
      // (CROSS JOIN: the rows found so far drive the index search; left to itself SQLite scans the ledger).
      treeOfSubtree: db
        .prepare(
          `WITH RECURSIVE t(id) AS (SELECT ? UNION ALL SELECT r.id FROM t CROSS JOIN rows r ON r.ledger_id = ? AND r.parent_id = t.id)
           SELECT group_concat(r.id || ',' || coalesce(r.parent_id, 0), ',' ORDER BY r.parent_id, r.position, r.id) FROM t CROSS JOIN rows r ON r.id = t.id`,
        )
        .pluck(),
      progressOfRow: db.prepare('SELECT row_id, field, value, period FROM row_progress WHERE row_id = ? AND period = ?').raw(),
      progressOfRows: db
        .prepare('SELECT p.row_id, p.field, p.value, p.period FROM json_each(?) j CROSS JOIN row_progress p ON p.row_id = j.value AND p.period = ?')
        .raw(),
      progressOfRowAsOf: db.prepare(`${PROGRESS_UP_TO} WHERE p.row_id = ? AND p.period <= ?`).raw(),
      // CROSS JOIN keeps the ledger's rows the outer loop (each row's month by primary key); left to
      // itself SQLite walks the month's values of every ledger (row_progress_by_period), 3× slower with three.
      progressOfLedger: db
        .prepare('SELECT p.row_id, p.field, p.value, p.period FROM rows r CROSS JOIN row_progress p ON p.row_id = r.id WHERE r.ledger_id = ? AND p.period = ?')
        .raw(),
      progressOfLedgerAsOf: db.prepare(`${PROGRESS_UP_TO} JOIN rows r ON r.id = p.row_id WHERE r.ledger_id = ? AND p.period <= ?`).raw(),
      lastPosition: db.prepare('SELECT coalesce(max(position), -1) AS p FROM rows WHERE ledger_id = ? AND parent_id IS ?'),
      shift: db.prepare('UPDATE rows SET position = position + 1 WHERE ledger_id = ? AND parent_id IS ? AND position > ?'),
      insert: db.prepare(
        `INSERT INTO rows (ledger_id, parent_id, position, level, ${PLAN_COLUMNS.join(', ')}, created_at, updated_at)
         VALUES (?, ?, ?, ?, ${PLAN_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
      ),
      upsertProgress: db.prepare(`INSERT INTO row_progress (${PROGRESS_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?) ${PROGRESS_UPSERT}`),
      deleteProgress: db.prepare('DELETE FROM row_progress WHERE row_id = ? AND period = ? AND field = ?'),
      touchRow: db.prepare('UPDATE rows SET updated_at = ? WHERE id = ?'),
      subtree: db.prepare(
        `WITH RECURSIVE sub(id) AS (SELECT id FROM rows WHERE id = ? UNION ALL SELECT r.id FROM rows r JOIN sub ON r.parent_id = sub.id)
         SELECT id FROM rows WHERE id IN (SELECT id FROM sub)`,
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
    const r = this.stmt.get.get(id) as RowRecord | undefined;
    if (!r) return undefined;
    const progress = (
      mode === 'plan'
        ? []
        : mode === 'exact' && period
          ? this.stmt.progressOfRow.all(id, period)
          : this.stmt.progressOfRowAsOf.all(id, period ?? END_OF_TIME)
    ) as ProgressRecord[];
    return toRow(r, period, progress, r[DEADLINE_DATE] === null ? this.yearOf(r[LEDGER_ID] as number) : null);
  }

  private yearOf(ledgerId: number): number | null {
    return (this.stmt.ledgerYear.get(ledgerId) as { year: number | null } | undefined)?.year ?? null;
  }

  /** All rows of a ledger in display order (depth-first, siblings by position), per-period fields as `get` reads them. */
  listInOrder(ledgerId: number, period: string | null = null, mode: PeriodMode = 'asOf'): Row[] {
    return this.listSubtrees(ledgerId, 0, Infinity, period, mode).rows;
  }

  /**
   * The rows of display order [offset, offset + limit) with the whole top-level subtrees they belong to
   * (a row's facts depend on its subtree and its ancestors, nothing else): `rows` in display order,
   * starting at display index `from`; `total` counts the ledger's rows. The first screenful of a big
   * ledger reads its first sections only, not every row's values.
   */
  listSubtrees(
    ledgerId: number,
    offset: number,
    limit: number,
    period: string | null = null,
    mode: PeriodMode = 'asOf',
  ): { total: number; from: number; rows: Row[] } {
    const year = this.yearOf(ledgerId);
    const { ids, from, total } = this.subtreesCovering(ledgerId, offset, limit);
    // A large share of the ledger: one query for all its rows (and values) is cheaper than one per row.
    const wide = ids.length * 4 >= total;
    const records = wide
      ? new Map((this.stmt.byLedger.all(ledgerId) as RowRecord[]).map((r) => [r[ID] as number, r]))
      : new Map(ids.map((id) => [id, this.stmt.get.get(id) as RowRecord]));
    const progress = this.progressOf(ledgerId, ids, wide, period, mode);
    const rows = ids.map((id) => toRow(records.get(id)!, period, progress.get(id), year));
    return { total, from, rows };
  }

  /** The rows of a ledger in display order as the report figures read them (plan fields only, narrow). */
  figureRowsInOrder(ledgerId: number): FigureSourceRow[] {
    const year = this.yearOf(ledgerId);
    const records = new Map((this.stmt.figureRows.all(ledgerId) as FigureRecord[]).map((r) => [r[0], r]));
    return this.displayOrder(ledgerId).order.map((rowId) => {
      const [id, parentId, level, stored, deadline, code, task, measures, leadDept, units] = records.get(rowId)!;
      return {
        id,
        parentId,
        level,
        deadlineDate: deadlineOf(stored, deadline, year),
        inheritsDeadline: !deadline.trim(),
        values: { code, task, measures, leadDept, units },
      };
    });
  }

  /** The per-period values written for exactly `period` of these rows, none carried forward (what an import compares with). */
  valuesOfMonth(rowIds: readonly number[], period: string): Map<number, Partial<Record<FieldKey, string>>> {
    const out = new Map<number, Partial<Record<FieldKey, string>>>();
    // One query for a few thousand rows: ~10 µs a statement run would cost more than the read itself.
    for (const [rowId, field, value] of this.stmt.progressOfRows.all(JSON.stringify(rowIds), period) as ProgressRecord[]) {
      const key = PERIOD_FIELD_BY_COLUMN.get(field);
      if (!key) continue;
      const values = out.get(rowId);
      if (values) values[key] = value;
      else out.set(rowId, { [key]: value });
    }
    return out;
  }

  /**
   * The ids, in display order, of the whole top-level subtrees holding display rows [offset, offset + limit),
   * the display index of the first, and the ledger's row count.
   */
  private subtreesCovering(ledgerId: number, offset: number, limit: number): { ids: number[]; from: number; total: number } {
    const count = this.stmt.rowCount.get(ledgerId) as number;
    const first = Math.min(offset, count);
    const last = Math.min(offset + limit, count);
    if (first >= last) return { ids: [], from: first, total: count };
    if (last * 4 > count) {
      // A large share of the ledger: order all of it at once.
      const { order, roots } = this.displayOrder(ledgerId);
      let from = 0;
      let to = order.length;
      for (const start of roots) {
        if (start <= first) from = start;
        if (start >= last && start > first) {
          to = start;
          break;
        }
      }
      return { ids: order.slice(from, to), from, total: order.length };
    }
    // Near the top (the first screenful of a big ledger): its first subtrees only, each read down the index
    // from its root, not the whole ledger's tree.
    const ids: number[] = [];
    let from = 0;
    let start = 0;
    for (const root of this.stmt.rootsOfLedger.all(ledgerId) as number[]) {
      if (start >= last) break;
      const subtree = treeOrder(this.stmt.treeOfSubtree.get(root, ledgerId) as string).order;
      if (start + subtree.length <= first) from = start + subtree.length;
      else for (const id of subtree) ids.push(id);
      start += subtree.length;
    }
    return { ids, from, total: count };
  }

  /** A ledger's row ids in display order (depth-first, siblings by position), and where each top-level subtree starts. */
  private displayOrder(ledgerId: number): { order: number[]; roots: number[] } {
    return treeOrder(this.stmt.treeOfLedger.get(ledgerId) as string | null);
  }

  /** Per-period values of the rows `ids` (`all`: those of every row of the ledger, in one query). */
  private progressOf(ledgerId: number, ids: number[], all: boolean, period: string | null, mode: PeriodMode): Map<number, ProgressRecord[]> {
    if (mode === 'plan' || !ids.length) return new Map();
    const exact = mode === 'exact' && period;
    if (all) {
      return groupByRow(
        (exact ? this.stmt.progressOfLedger.all(ledgerId, period) : this.stmt.progressOfLedgerAsOf.all(ledgerId, period ?? END_OF_TIME)) as ProgressRecord[],
      );
    }
    const map = new Map<number, ProgressRecord[]>();
    for (const id of ids) {
      const list = (exact ? this.stmt.progressOfRow.all(id, period) : this.stmt.progressOfRowAsOf.all(id, period ?? END_OF_TIME)) as ProgressRecord[];
      if (list.length) map.set(id, list);
    }
    return map;
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
   * Binds an import batch's progress values before the write lock is taken (db/staged-rows.ts); the
   * last value given for a cell is the one written, '' clears it. writeStagedCells writes them.
   */
  stageCells(cells: Iterable<{ rowId: number; period: string; field: FieldKey; value: string }>, at: string): StagedCells {
    const rows = (this.staging ??= new StagedRows(this.db, 'staged_progress', { row_id: 'INTEGER', period: 'TEXT', field: 'TEXT', value: 'TEXT' }));
    rows.clear();
    // Last value of each cell only (a cleared cell is one DELETE); the change log keeps the order, not these.
    const last = new Map<string, [number, string, string, string]>();
    for (const c of cells) {
      if (!isPeriodField(c.field)) throw new Error(`stageCells: ${c.field} is not a progress field`);
      const column = fieldColumn(c.field);
      last.set(`${c.rowId}|${c.period}|${column}`, [c.rowId, c.period, column, c.value]);
    }
    // In the table's key order (row, month, field): the move under the lock then appends to its b-trees
    // rather than inserting all over them (~1.5 ms of ~15 for a 100-form batch).
    const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const sorted = [...last.values()].sort((a, b) => a[0] - b[0] || byKey(a[1], b[1]) || byKey(a[2], b[2]));
    for (const values of sorted) rows.add(values);
    rows.finish();
    return { rows, at };
  }

  /**
   * Under the write lock: the staged values written (a cleared cell deleted), each row touched once.
   * The change log is the caller's (ChangeLog.writeStaged): the staged cells carry no old values.
   */
  writeStagedCells(staged: StagedCells): void {
    const { table } = staged.rows;
    staged.rows
      .statement(
        `INSERT INTO row_progress (${PROGRESS_COLUMNS.join(', ')}) SELECT row_id, period, field, value, ? FROM ${table}
         WHERE value <> '' ${PROGRESS_UPSERT}`,
      )
      .run(staged.at);
    staged.rows
      .statement(`DELETE FROM row_progress WHERE (row_id, period, field) IN (SELECT row_id, period, field FROM ${table} WHERE value = '')`)
      .run();
    staged.rows.statement(`UPDATE rows SET updated_at = ? WHERE id IN (SELECT row_id FROM ${table})`).run(staged.at);
    staged.rows.clear();
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
    else {
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
      const subtree = (this.stmt.subtree.all(id) as { id: number }[]).map((r) => this.get(r.id)!);
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

/**
 * Display order (depth-first, siblings by position) of a tree given as `id,parent,id,parent,…` (parent 0: a
 * top-level row), each parent's children one run in position order, and where each top-level subtree starts.
 */
function treeOrder(text: string | null): { order: number[]; roots: number[] } {
  // The tree from the index alone: ids and their parents (0: none), each parent's children one run in position order.
  const pairs = text ? text.split(',') : [];
  const n = pairs.length / 2;
  const treeIds = new Array<number>(n);
  const treeParents = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    treeIds[i] = Number(pairs[2 * i]);
    treeParents[i] = Number(pairs[2 * i + 1]) || null;
  }
  const children = new Map<number | null, { from: number; to: number }>();
  for (let i = 0; i < n; ) {
    const parent = treeParents[i]!;
    let j = i + 1;
    while (j < n && treeParents[j] === parent) j++;
    children.set(parent, { from: i, to: j });
    i = j;
  }
  // Display order (ids) and where each top-level subtree starts in it.
  const order: number[] = [];
  const roots: number[] = [];
  const stack: number[] = [];
  const pushChildren = (parent: number | null) => {
    const run = children.get(parent);
    if (run) for (let k = run.to - 1; k >= run.from; k--) stack.push(k);
  };
  pushChildren(null);
  while (stack.length) {
    const k = stack.pop()!;
    const id = treeIds[k]!;
    if (treeParents[k] === null) roots.push(order.length);
    order.push(id);
    pushChildren(id);
  }
  return { order, roots };
}
