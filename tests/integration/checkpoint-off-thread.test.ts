// Issue 16 (apply the batch): a write as large as an import batch commits without the autocheckpoint
// copying its pages into the database file (and fsyncing) on the thread that serves the clerk; the backup
// worker checkpoints right after instead, and the connection's autocheckpoint is as it was.
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkpointAfterOffThread, stopBackupWorker } from '../../electron/backend/db/backup-off-thread.js';
import { openDatabase, WAL_AUTOCHECKPOINT_PAGES, type Db } from '../../electron/backend/db/open-database.js';
import { writeTransaction } from '../../electron/backend/db/write-transaction.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const PAGES = WAL_AUTOCHECKPOINT_PAGES + 500; // over the autocheckpoint, as a large import batch

let tmp = makeTempDir();
const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  tmp.cleanup();
  tmp = makeTempDir();
});
afterAll(() => stopBackupWorker());

function database(): { db: Db; file: string } {
  const file = tmp.file('big-write.db');
  const db = openDatabase(file);
  opened.push(db);
  db.exec('CREATE TABLE blobs (b BLOB NOT NULL)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, file };
}

// About one page each.
const bigWrite = (db: Db) => writeTransaction(db, () => db.prepare('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO blobs (b) SELECT randomblob(3900) FROM n').run(PAGES));

describe('checkpointAfterOffThread', () => {
  it('commits a large write without checkpointing it on this thread; the worker checkpoints it', async () => {
    const control = database();
    const before = fs.statSync(control.file).size;
    bigWrite(control.db)();
    // The premise: a plain commit this large folds the WAL into the file before it returns.
    expect(fs.statSync(control.file).size - before).toBeGreaterThan(PAGES * 3900);
    control.db.close();
    opened.length = 0;
    tmp.cleanup();
    tmp = makeTempDir();

    const { db, file } = database();
    const size = fs.statSync(file).size;
    const { result, checkpointed } = checkpointAfterOffThread(db, bigWrite(db));
    expect(result.changes).toBe(PAGES);
    expect(fs.statSync(file).size).toBe(size); // still in the WAL only
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    await checkpointed;
    expect(fs.statSync(file).size - size).toBeGreaterThan(PAGES * 3900);
    expect((db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(PAGES);
  });

  it("an import-sized write (1,500 pages) is not checkpointed by another connection's next small commit", () => {
    const { db: batch, file } = database();
    const edit = openDatabase(file);
    opened.push(edit);
    const size = fs.statSync(file).size;
    writeTransaction(batch, () => batch.prepare('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) INSERT INTO blobs (b) SELECT randomblob(3900) FROM n').run())();
    // The edit that waited for the batch commits at once: the batch's pages stay in the WAL (the batch's
    // own worker checkpoints them); at SQLite's default 1,000 pages this commit copied them first.
    writeTransaction(edit, () => edit.prepare('INSERT INTO blobs (b) VALUES (x\'00\')').run())();
    expect(fs.statSync(file).size).toBe(size);
    expect((edit.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(1501);
  });

  it('restores the autocheckpoint when the write fails, and writes nothing', () => {
    const { db } = database();
    const failing = writeTransaction(db, () => {
      bigWrite(db)();
      throw new Error('midway');
    });
    expect(() => checkpointAfterOffThread(db, failing)).toThrow('midway');
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect((db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(0);
  });
});
