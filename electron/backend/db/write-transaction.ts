// The one way to write in a transaction. The desktop app, `serve` and the CLI share one database file:
// a deferred BEGIN takes the write lock only at the first write, and a lock upgrade that fails is not
// retried (busy_timeout does not apply), so a second writer fails at once with SQLITE_BUSY. BEGIN
// IMMEDIATE takes the write lock up front, where SQLite waits up to busy_timeout for the other writer.
// A read-only database refuses here, before any work, with the clerk's message.
// tests/unit/write-lock-guard.test.ts fails when a write path calls db.transaction() itself; reads that must
// see one snapshot use readTransaction.
import type Database from 'better-sqlite3';
import { readOnlyWriteError } from '#shared/errors.js';

type Db = Database.Database;

/** Like `db.transaction(fn)` (nested calls become savepoints), but BEGIN IMMEDIATE. */
export function writeTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args: A) => {
    if (db.readonly) throw readOnlyWriteError();
    return tx.immediate(...args);
  };
}

/**
 * Runs `fn`, which only reads, in one read transaction: every read sees the same committed state (WAL: one
 * snapshot), however many statements it takes. A write inside it fails (the connection may be read-only).
 */
export function readTransaction<R>(db: Db, fn: () => R): R {
  return db.transaction(fn).deferred();
}
