// Worker entry: the backup before an import or a merge (createBackupSync: VACUUM INTO, checked, synced,
// renamed) on a read-only connection of its own, so copying the database never holds the event loop of
// the thread that serves the clerk; and the checkpoint after such a large write (its copying and fsyncs).
// db/backup-off-thread.ts starts it and waits for its answer.
import { parentPort } from 'node:worker_threads';
import { AppError, type ErrorCode } from '#shared/errors.js';
import { createBackupSync, type BackupCheck, type BackupResult } from './backups.js';
import { connect, useNativeBinding } from './connection.js';

export interface BackupJob {
  id: number;
  kind: 'backup';
  /** The live database file (in WAL mode: the copy is one read transaction of it). */
  source: string;
  dest: string;
  check: BackupCheck;
  /** The native build the thread that asks runs on (db/connection.ts). */
  nativeBinding?: string | undefined;
}

/** A PASSIVE checkpoint of the live database (WAL frames copied into the file, both synced): never waits for, nor blocks, a writer. */
export interface CheckpointJob {
  id: number;
  kind: 'checkpoint';
  source: string;
  nativeBinding?: string | undefined;
}

export type CheckpointReply = { id: number; ok: true } | { id: number; ok: false; message: string };

export type BackupReply =
  | { id: number; ok: true; result: BackupResult }
  /** An AppError's code and message (backups.ts already turned the failure into the clerk's words). */
  | { id: number; ok: false; code: ErrorCode; message: string };

export function runBackupJob(job: BackupJob): BackupReply {
  try {
    useNativeBinding(job.nativeBinding);
    const db = connect(job.source, { readonly: true, fileMustExist: true });
    try {
      // Only a WAL recovery or a checkpoint restart can keep a reader waiting; as long as the app's writers wait.
      db.pragma('busy_timeout = 15000');
      return { id: job.id, ok: true, result: createBackupSync(db, job.dest, job.check) };
    } finally {
      db.close();
    }
  } catch (err) {
    // createBackupSync answers with an AppError; anything else failed opening the live database.
    if (err instanceof AppError) return { id: job.id, ok: false, code: err.code, message: err.message };
    return { id: job.id, ok: false, code: 'backup_failed', message: `无法读取数据库“${job.source}”（${(err as Error).message}）。` };
  }
}

export function runCheckpointJob(job: CheckpointJob): CheckpointReply {
  try {
    useNativeBinding(job.nativeBinding);
    // Read-write: a read-only connection cannot checkpoint. Its close folds and removes the WAL only when it
    // is the last connection (the app closed its own meanwhile), as the app's close would have.
    const db = connect(job.source, { fileMustExist: true });
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      return { id: job.id, ok: true };
    } finally {
      db.close();
    }
  } catch (err) {
    return { id: job.id, ok: false, message: (err as Error).message };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: BackupJob | CheckpointJob) =>
    port.postMessage(job.kind === 'checkpoint' ? runCheckpointJob(job) : runBackupJob(job)),
  );
}
