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

/** One file of an import batch as the moves of its staged rows need it (StagedBatchFiles). */
export interface BatchFilePart {
  fileId: number;
  /** Its values' change-log source, the text before the cell and after it, up to the batch number. */
  beforeCell: string;
  afterCell: string;
}

/**
 * A batch's files by their place in it (`file_index`, the key its staged rows carry), written under the
 * write lock once the files have ids: the moves of staged change-log entries and value sources join it
 * (`JOIN ${files.table} f ON f.file_index = s.file_index`). A join by primary key: looking the file up
 * in a JSON array per row (`? ->> file_index`) cost ~7 ms of an import's hold on the lock.
 */
export class StagedBatchFiles {
  readonly table = 'temp.staged_batch_files';
  private readonly insert: Statement;

  constructor(private readonly db: Db) {
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS staged_batch_files (file_index INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, before_cell TEXT NOT NULL, after_cell TEXT NOT NULL)',
    );
    this.insert = db.prepare(`INSERT INTO ${this.table} (file_index, file_id, before_cell, after_cell) VALUES (?, ?, ?, ?)`);
  }

  /** The batch's files, in their order in the batch (a few hundred at most: one statement each). */
  fill(files: readonly BatchFilePart[]): this {
    this.clear();
    files.forEach((f, i) => this.insert.run(i, f.fileId, f.beforeCell, f.afterCell));
    return this;
  }

  clear(): void {
    this.db.exec(`DELETE FROM ${this.table}`);
  }
}
