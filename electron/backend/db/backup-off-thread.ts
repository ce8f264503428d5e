// The backup before an import or a merge, written by a worker thread (db/backup-worker.ts) on its own
// read-only connection: VACUUM INTO a few MB takes tens of ms, a large ledger seconds, and on the app's
// thread that would freeze the window meanwhile. One worker, started on first use (or warmed by a
// preview) and never keeping the process alive while idle; the caller awaits the verified, renamed file
// before it writes anything. The same worker checkpoints after a large write (checkpointAfterOffThread).
import { AppError } from '#shared/errors.js';
import { oneWorker } from '../workers/one-worker.js';
import { createBackupSync, type BackupCheck, type BackupResult } from './backups.js';
import type { BackupJob, BackupReply, CheckpointJob, CheckpointReply } from './backup-worker.js';
import { nativeBindingInUse, type Db } from './connection.js';
import { workerBeside } from '../workers/worker-url.js';

// VACUUM INTO streams pages; the worker holds little beyond SQLite's own cache.
const MAX_HEAP_MB = 256;

function defaultWorkerUrl(): URL {
  return workerBeside(import.meta.url, 'backup-worker');
}

const jobs = oneWorker<BackupJob | CheckpointJob, BackupReply | CheckpointReply>(defaultWorkerUrl, MAX_HEAP_MB);

/** Starts the worker ahead of the first backup (a preview is shown: an apply may follow). */
export function warmBackupWorker(): void {
  jobs.warm();
}

/**
 * createBackupSync of the live database `db` into `dest`, done by the worker; resolves once the backup is
 * complete, verified (`check`) and renamed into place. A database in memory has no file for another
 * connection to read: it is copied on this thread.
 */
export function createBackupOffThread(db: Db, dest: string, check: BackupCheck): Promise<BackupResult> {
  if (db.memory || !db.name) return Promise.resolve(createBackupSync(db, dest, check));
  return new Promise((resolve, reject) => {
    jobs.post(
      { kind: 'backup', source: db.name, dest, check, nativeBinding: nativeBindingInUse() },
      {
        answered: (reply) => {
          const r = reply as BackupReply;
          if (r.ok) resolve(r.result);
          else reject(new AppError(r.code, r.message));
        },
        // A worker that fails fails only the backups it was writing (no backup: no import); the next starts afresh.
        lost: (why) => reject(new AppError('backup_failed', `备份进程意外退出（${why}），没有留下不完整的备份文件。请重试。`)),
      },
    );
  });
}

/**
 * Runs `write` (one large write transaction: an import batch) with this connection's autocheckpoint off
 * and has the worker checkpoint once it is committed. A commit that leaves the WAL over its limit (1,000
 * pages; an import batch writes ~1,400) otherwise copies every page into the database file and fsyncs
 * both, on this thread, before the clerk sees the result. Durability is that of any commit under
 * synchronous=NORMAL; the checkpoint follows at once, and a later commit's own checkpoint stands in when
 * it fails. Resolves `checkpointed` when the worker is done (never rejects).
 */
export function checkpointAfterOffThread<R>(db: Db, write: () => R): { result: R; checkpointed: Promise<void> } {
  if (db.memory || !db.name || db.readonly) return { result: write(), checkpointed: Promise.resolve() };
  const limit = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  let result: R;
  try {
    result = write();
  } finally {
    db.pragma(`wal_autocheckpoint = ${limit}`);
  }
  if (limit <= 0) return { result, checkpointed: Promise.resolve() };
  const checkpointed = new Promise<void>((resolve) => {
    jobs.post({ kind: 'checkpoint', source: db.name, nativeBinding: nativeBindingInUse() }, { answered: () => resolve(), lost: () => resolve() });
  });
  return { result, checkpointed };
}

/** Runs backups in another worker build (the bundled .mjs: tests of the Electron bundle). */
export function useBackupWorker(url: URL): void {
  jobs.use(url);
}

/** Stops the worker (tests, shutdown); backups it was writing fail. */
export function stopBackupWorker(): Promise<void> {
  return jobs.stop();
}
