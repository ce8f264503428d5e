// The one way to write in a transaction. The desktop app, `serve` and the CLI share one database file:
// a deferred BEGIN takes the write lock only at the first write, and a lock upgrade that fails is not
// retried (busy_timeout does not apply), so a second writer fails at once with SQLITE_BUSY. BEGIN
// IMMEDIATE takes the write lock up front, where SQLite waits up to busy_timeout for the other writer.
// A read-only database refuses here, before any work, with the clerk's message.
// tests/unit/write-lock-guard.test.ts fails when a write path calls db.transaction() itself; reads that must
// see one snapshot use readTransaction.
import type Database from 'better-sqlite3';
import { readOnlyWriteError } from '#shared/errors.js';
import { performance } from 'node:perf_hooks';

type Db = Database.Database;

/** How long a statement, and a write transaction's BEGIN, waits for another connection's lock (open-database.ts). */
export const BUSY_TIMEOUT_MS = 15_000;

// Waiting for the write lock: SQLite's busy handler sleeps 1, 2, 5 … 25, 50, 100 ms between tries, so an
// edit that finds an import batch writing (~40-60 ms) tried again only at 53 or 78 ms. A try every
// millisecond takes the lock as soon as it is free. Atomics.wait blocks the thread as SQLite's sleep did.
const POLL_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const busyTimeouts = new WeakMap<Db, { off: Database.Statement; on: Database.Statement }>();

function isBusy(err: unknown): boolean {
  return String((err as { code?: unknown })?.code ?? '').startsWith('SQLITE_BUSY');
}

/** Like `db.transaction(fn)` (nested calls become savepoints), but BEGIN IMMEDIATE, tried until the lock is free. */
export function writeTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  let started = false;
  const tx = db.transaction((...args: A) => {
    if (!started) {
      started = true;
      // Statements inside wait as they always did (a checkpoint, say).
      busyTimeouts.get(db)?.on.get();
    }
    return fn(...args);
  });
  return (...args: A) => {
    if (db.readonly) throw readOnlyWriteError();
    if (db.inTransaction) return tx.immediate(...args);
    let pragmas = busyTimeouts.get(db);
    if (!pragmas) {
      pragmas = { off: db.prepare('PRAGMA busy_timeout = 0'), on: db.prepare(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`) };
      busyTimeouts.set(db, pragmas);
    }
    const deadline = performance.now() + BUSY_TIMEOUT_MS;
    pragmas.off.get();
    try {
      for (;;) {
        started = false;
        try {
          return tx.immediate(...args);
        } catch (err) {
          // Only a BEGIN that found the lock taken is tried again; what fn threw is the caller's.
          if (started || !isBusy(err) || performance.now() > deadline) throw err;
          Atomics.wait(sleeper, 0, 0, POLL_MS);
        }
      }
    } finally {
      if (!started) pragmas.on.get();
    }
  };
}

/**
 * Runs `fn`, which writes only this connection's TEMP tables (db/staged-rows.ts), in one transaction: one
 * commit for all its statements instead of one each. Deferred, it takes no lock on the database file.
 */
export function tempTransaction<R>(db: Db, fn: () => R): R {
  return db.transaction(fn).deferred();
}

/**
 * Runs `fn`, which only reads, in one read transaction: every read sees the same committed state (WAL: one
 * snapshot), however many statements it takes. A write inside it fails (the connection may be read-only).
 */
export function readTransaction<R>(db: Db, fn: () => R): R {
  return db.transaction(fn).deferred();
}
