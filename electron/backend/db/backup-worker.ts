// Worker entry: the backup before an import or a merge (createBackupSync: VACUUM INTO, checked, synced,
// renamed) on a read-only connection of its own, so copying the database never holds the event loop of
// the thread that serves the clerk. db/backup-off-thread.ts starts it and waits for its answer.
import { parentPort } from 'node:worker_threads';
import { AppError, type ErrorCode } from '#shared/errors.js';
import { createBackupSync, type BackupCheck, type BackupResult } from './backups.js';
import { connect, useNativeBinding } from './connection.js';

export interface BackupJob {
  id: number;
  /** The live database file (in WAL mode: the copy is one read transaction of it). */
  source: string;
  dest: string;
  check: BackupCheck;
  /** The native build the thread that asks runs on (db/connection.ts). */
  nativeBinding?: string | undefined;
}

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

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: BackupJob) => port.postMessage(runBackupJob(job) satisfies BackupReply));
}
