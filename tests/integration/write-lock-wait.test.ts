// Waiting for the write lock (db/write-transaction.ts): while another process holds it, a write
// transaction tries again every millisecond (SQLite's busy handler, whose sleeps grow to 100 ms, is off
// meanwhile) and succeeds once the lock is free; statements inside it wait as before; what its body
// throws is not retried; and the connection's busy_timeout is back afterwards, whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/backend/db/open-database.js';
import { BUSY_TIMEOUT_MS, writeTransaction } from '../../electron/backend/db/write-transaction.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let n = 0;
let dbPath: string;
let db: Db;
beforeEach(() => {
  dbPath = tmp.file(`lock-${++n}.db`);
  db = openDatabase(dbPath);
  db.exec('CREATE TABLE IF NOT EXISTS t (who TEXT)');
});
afterEach(() => db.close());

/** Another process that takes the write lock, writes a row, and commits `holdMs` later. */
function holder(holdMs: number): Promise<{ child: ChildProcess; done: Promise<number | null> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(dbPath)});
    db.exec('BEGIN IMMEDIATE'); db.prepare("INSERT INTO t VALUES ('holder')").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve({ child, done })));
}

const busyTimeout = () => db.pragma('busy_timeout', { simple: true });

describe('a write transaction waiting for another process', () => {
  it('takes the lock once it is free, runs its body once, with statements inside waiting as before', async () => {
    const { done } = await holder(300);
    let calls = 0;
    let inside: unknown;
    writeTransaction(db, () => {
      calls++;
      inside = busyTimeout();
      db.prepare("INSERT INTO t VALUES ('me')").run();
    })();
    expect(calls).toBe(1);
    expect(inside).toBe(BUSY_TIMEOUT_MS);
    expect(db.prepare('SELECT who FROM t ORDER BY rowid').pluck().all()).toEqual(['holder', 'me']);
    expect(busyTimeout()).toBe(BUSY_TIMEOUT_MS);
    expect(await done).toBe(0);
  });

  it('does not run again a body that threw, even a busy error, and restores busy_timeout', () => {
    let calls = 0;
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(() =>
      writeTransaction(db, () => {
        calls++;
        throw busy;
      })(),
    ).toThrow('database is locked');
    expect(calls).toBe(1);
    expect(busyTimeout()).toBe(BUSY_TIMEOUT_MS);
  });

  it('nested inside another write transaction, is a savepoint: no lock to wait for', () => {
    writeTransaction(db, () => {
      db.prepare("INSERT INTO t VALUES ('outer')").run();
      expect(() => writeTransaction(db, () => {
        db.prepare("INSERT INTO t VALUES ('inner')").run();
        throw new Error('inner fails');
      })()).toThrow('inner fails');
    })();
    expect(db.prepare('SELECT who FROM t').pluck().all()).toEqual(['outer']);
    expect(busyTimeout()).toBe(BUSY_TIMEOUT_MS);
  });
});
