// Inserts a whole tree of rows (plan fields and one period's progress) in one transaction with
// prepared statements. For seeding large ledgers (npm run bench, tests), where going through
// RowsRepo.insert row by row would re-read every row it writes. Writes no change-log entries:
// callers use it for generated data, never for what a clerk did.
import { writeTransaction } from './write-transaction.js';
import { FIELD_KEYS, isPeriodField, PLAN_FIELD_KEYS, type FieldKey, type RowLevel } from '#shared/fields.js';
import { deadlineDate } from '../workbench/deadline-date.js';
import { fieldColumn, PLAN_COLUMNS } from './columns.js';
import type { Db } from './open-database.js';

export interface RowTreeSpec {
  level: RowLevel;
  values: Partial<Record<FieldKey, string>>;
  children?: RowTreeSpec[];
}

/** Inserts `rows` (with their children) at the end of the ledger's top level; returns how many rows were written. */
export function insertRowTree(db: Db, ledgerId: number, rows: RowTreeSpec[], period: string, at: string): number {
  const insert = db.prepare(
    `INSERT INTO rows (ledger_id, parent_id, position, level, ${PLAN_COLUMNS.join(', ')}, deadline_date, created_at, updated_at)
     VALUES (?, ?, ?, ?, ${PLAN_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?)`,
  );
  const progress = db.prepare('INSERT INTO row_progress (row_id, period, field, value, updated_at) VALUES (?, ?, ?, ?, ?)');
  const lastTop = db.prepare('SELECT coalesce(max(position), -1) AS p FROM rows WHERE ledger_id = ? AND parent_id IS NULL');
  const yearOf = db.prepare('SELECT year FROM ledgers WHERE id = ?');
  const periodFields = FIELD_KEYS.filter(isPeriodField);

  return writeTransaction(db, () => {
    const year = (yearOf.get(ledgerId) as { year: number | null } | undefined)?.year ?? null;
    let count = 0;
    const write = (spec: RowTreeSpec, parentId: number | null, position: number): void => {
      const plan = PLAN_FIELD_KEYS.map((k) => spec.values[k] ?? '');
      const deadline = deadlineDate(spec.values.deadline ?? '', year);
      const id = Number(insert.run(ledgerId, parentId, position, spec.level, ...plan, deadline, at, at).lastInsertRowid);
      count++;
      for (const key of periodFields) {
        const value = spec.values[key];
        if (value) progress.run(id, period, fieldColumn(key), value, at);
      }
      spec.children?.forEach((child, i) => write(child, id, i));
    };
    const start = (lastTop.get(ledgerId) as { p: number }).p + 1;
    rows.forEach((spec, i) => write(spec, null, start + i));
    return count;
  })();
}
