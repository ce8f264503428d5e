// Writing a plan computed outside the write lock (an import's preview, a merge's comparison): the plan
// is built while others go on reading and writing, and under BEGIN IMMEDIATE only checked, cheaply,
// against what was written since. It is written as it is when nothing it read has changed, and built
// again under the lock otherwise, so the lock is held briefly and what is written is always what the
// current database implies — never half of an outdated plan.
import type { Db } from './open-database.js';
import { writeTransaction } from './write-transaction.js';

/** The state of the database a plan was built from. */
export interface PlanMark {
  /** Another connection's commit (`data_version`) or this connection's own write (`total_changes()`) moves it. */
  stamp: string;
  /** The last change-log entry then. */
  lastChange: number;
  /** What a plan reads besides the ledger's cells, which writes do not log cell by cell. */
  context: string;
}

export interface Planned<P> {
  value: P;
  mark: PlanMark;
  /** The rows whose values the plan read; null: every row of the ledger. */
  reads: ReadonlySet<number> | null;
}

/** Moves on any commit to the database, by another connection or this one. */
export function databaseStamp(db: Db): string {
  const others = db.pragma('data_version', { simple: true }) as number;
  return `${others}:${(db.prepare('SELECT total_changes() AS n').get() as { n: number }).n}`;
}

// Units and aliases (names resolve through them), the ledger's import batches (duplicates, older files),
// exports (the merge's base), custom columns, statuses and the ledger itself, and the templates (a
// merge reads a template's column mapping, which is edited in place: its stamp alone would not move).
const CONTEXT_SQL = `SELECT
  (SELECT group_concat(id || '=' || name || '/' || kind, '|') FROM units) AS units,
  (SELECT group_concat(unit_id || '=' || alias, '|') FROM unit_aliases) AS aliases,
  (SELECT coalesce(max(id), 0) || ':' || count(*) || ':' || coalesce(sum(status = 'applied'), 0) FROM import_batches WHERE ledger_id = @ledgerId) AS batches,
  (SELECT coalesce(max(id), 0) FROM ledger_exports WHERE ledger_id = @ledgerId) AS exports,
  (SELECT group_concat(id || '=' || key || '/' || label || '/' || type || '/' || per_period, '|') FROM custom_columns WHERE ledger_id = @ledgerId) AS columns,
  (SELECT group_concat(position || '=' || label || '/' || done, '|') FROM ledger_statuses WHERE ledger_id = @ledgerId) AS statuses,
  (SELECT name || '/' || coalesce(year, '') FROM ledgers WHERE id = @ledgerId) AS ledger,
  (SELECT group_concat(id || '=' || updated_at || '/' || mapping_json, '|') FROM templates) AS templates`;

function mark(db: Db, ledgerId: number): PlanMark {
  const lastChange = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM change_log').get() as { n: number }).n;
  return { stamp: databaseStamp(db), lastChange, context: JSON.stringify(db.prepare(CONTEXT_SQL).get({ ledgerId })) };
}

/** Builds a plan outside any transaction, remembering the state of the database it read. */
export function planOutsideLock<P>(db: Db, ledgerId: number, build: () => { value: P; reads: ReadonlySet<number> | null }): Planned<P> {
  const m = mark(db, ledgerId);
  return { ...build(), mark: m };
}

/**
 * Whether a plan still holds: nothing written since, or only cell edits (values of progress or custom
 * columns) of other rows than those it read. A plan field, a row added, moved or deleted, or anything
 * in the context (units, batches …) makes it stale.
 */
export function planHolds(db: Db, ledgerId: number, planned: Planned<unknown>): boolean {
  if (databaseStamp(db) === planned.mark.stamp) return true;
  const now = mark(db, ledgerId);
  if (now.context !== planned.mark.context) return false;
  const since = db
    .prepare('SELECT row_id AS rowId, action, field, period FROM change_log WHERE id > ? AND ledger_id = ?')
    .all(planned.mark.lastChange, ledgerId) as { rowId: number | null; action: string; field: string | null; period: string | null }[];
  const reads = planned.reads;
  // A cell edit of a progress field or a custom column carries its period (custom columns that describe
  // the task are '' → null too, so they count as structure: a plan may match on them).
  return since.every((c) => c.action === 'update_cell' && c.period !== null && c.rowId !== null && reads !== null && !reads.has(c.rowId));
}

/** A fresh plan when the one built earlier no longer holds (outside the lock: after an await, say). */
export function replanIfStale<P>(db: Db, ledgerId: number, planned: Planned<P>, build: () => { value: P; reads: ReadonlySet<number> | null }): Planned<P> {
  return planHolds(db, ledgerId, planned) ? planned : planOutsideLock(db, ledgerId, build);
}

/** Writes the plan in one BEGIN IMMEDIATE transaction, built again under the lock only when it no longer holds. */
export function writePlanned<P, R>(
  db: Db,
  ledgerId: number,
  planned: Planned<P>,
  build: () => { value: P; reads: ReadonlySet<number> | null },
  write: (plan: P) => R,
): () => R {
  return writeTransaction(db, () => write(planHolds(db, ledgerId, planned) ? planned.value : build().value));
}
