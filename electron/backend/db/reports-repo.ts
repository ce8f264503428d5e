// What the report figures read beyond the rows: the history of the two fields the as-of facts stand on
// (status, 完成进度) and which rows had any value written for each month (by hand or by import).
import type { Db } from './open-database.js';

export interface FactHistoryRecord {
  rowId: number;
  field: 'status' | 'progressPct';
  period: string;
  value: string;
}

export class ReportsRepo {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      history: db.prepare(
        `SELECT p.row_id AS rowId, CASE p.field WHEN 'progress_pct' THEN 'progressPct' ELSE p.field END AS field, p.period, p.value
         FROM row_progress p JOIN rows r ON r.id = p.row_id
         WHERE r.ledger_id = ? AND p.field IN ('status', 'progress_pct') AND p.period <= ?
         ORDER BY p.period`,
      ),
      written: db.prepare(
        `SELECT DISTINCT row_id AS rowId, period FROM (
           SELECT p.row_id, p.period FROM row_progress p JOIN rows r ON r.id = p.row_id WHERE r.ledger_id = ?1 AND p.period BETWEEN ?2 AND ?3
           UNION ALL
           SELECT v.row_id, v.period FROM custom_values v JOIN custom_columns c ON c.id = v.column_id
           WHERE c.ledger_id = ?1 AND v.period != '' AND v.period BETWEEN ?2 AND ?3
         )`,
      ),
    };
  }

  /** Every status and 完成进度 value of a ledger up to a month, oldest month first. */
  factHistory(ledgerId: number, upTo: string): FactHistoryRecord[] {
    return this.stmt.history.all(ledgerId, upTo) as FactHistoryRecord[];
  }

  /** For each month in [from, to], the rows that had a value written for it. */
  writtenRows(ledgerId: number, from: string, to: string): Map<string, Set<number>> {
    const out = new Map<string, Set<number>>();
    for (const r of this.stmt.written.all({ 1: ledgerId, 2: from, 3: to }) as { rowId: number; period: string }[]) {
      let set = out.get(r.period);
      if (!set) out.set(r.period, (set = new Set()));
      set.add(r.rowId);
    }
    return out;
  }
}
