// Many rows into one table with few statements: rows are buffered and written CHUNK at a time by one
// prepared multi-row INSERT (one statement per chunk instead of one per row), for batches like an
// import's thousands of progress values, change-log entries and value sources bound into their staging
// tables (staged-rows.ts). Rows keep the order they were added in.
import type { Db } from './open-database.js';

// 500 rows a statement, not 100: applying the bench's 100 forms (~9,500 cells) fell from 152-159 ms to 130-139 ms;
// the widest table here (11 columns) binds 5,500 values, well under SQLite's 32,766.
const CHUNK = 500;

export class MultiRowInsert {
  private readonly statements = new Map<number, { run(...values: unknown[]): unknown }>();
  private pending: unknown[] = [];
  private count = 0;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  add(values: readonly unknown[]): void {
    this.pending.push(...values);
    if (++this.count === CHUNK) this.flush();
  }

  /** Writes what is buffered; call before anything that reads the table, and at the end of the batch. */
  flush(): void {
    if (this.count === 0) return;
    const values = this.pending;
    const rows = this.count;
    // Emptied first: a failed write (its transaction rolled back) leaves nothing for the next batch.
    this.pending = [];
    this.count = 0;
    this.statementFor(rows).run(...values);
  }

  /** Drops what is buffered, unwritten. */
  discard(): void {
    this.pending = [];
    this.count = 0;
  }

  private statementFor(rows: number) {
    let stmt = this.statements.get(rows);
    if (!stmt) {
      const tuple = `(${this.columns.map(() => '?').join(', ')})`;
      stmt = this.db.prepare(`INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}`);
      this.statements.set(rows, stmt);
    }
    return stmt;
  }
}
