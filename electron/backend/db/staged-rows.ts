// Rows bound outside the write lock and moved into their table under it. For an import batch's thousands
// of values, binding each one (JS → SQLite) costs about as much as SQLite writing it, and every
// millisecond under the lock is one the desktop app's next edit waits. A TEMP table belongs to this
// connection alone: filling it takes no lock, and no other connection sees it. So a batch's rows are
// bound into one before BEGIN IMMEDIATE, and one INSERT … SELECT (`… FROM ${staged.table} ORDER BY seq`)
// moves them in under the lock.
import { MultiRowInsert } from './multi-row-insert.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database.js';

export class StagedRows {
  /** The staging table, to select from in the statement that moves the rows; `seq` is their order. */
  readonly table: string;
  private readonly insert: MultiRowInsert;
  private readonly statements = new Map<string, Statement>();
  private rows = 0;

  /**
   * `columns` are name and type, as the target table has them: bound JS numbers are REAL to SQLite, and
   * an INTEGER column makes them integers again (a REAL 3.0 is no array index for `->>`, say).
   */
  constructor(
    private readonly db: Db,
    name: string,
    columns: Readonly<Record<string, 'INTEGER' | 'TEXT'>>,
  ) {
    this.table = `temp.${name}`;
    const defs = Object.entries(columns).map(([column, type]) => `${column} ${type}`);
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${name} (seq INTEGER PRIMARY KEY, ${defs.join(', ')})`);
    this.insert = new MultiRowInsert(db, this.table, Object.keys(columns));
    this.clear();
  }

  add(values: readonly unknown[]): void {
    this.insert.add(values);
    this.rows++;
  }

  get size(): number {
    return this.rows;
  }

  /** Binds what is still buffered: call before moving the rows. */
  finish(): void {
    this.insert.flush();
  }

  /** A statement over the staged rows (the one that moves them in), prepared once, not under each batch's lock. */
  statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  /** Empties the staging table, for the next batch (and so no batch's rows linger in memory). */
  clear(): void {
    this.insert.discard();
    this.db.exec(`DELETE FROM ${this.table}`);
    this.rows = 0;
  }
}
