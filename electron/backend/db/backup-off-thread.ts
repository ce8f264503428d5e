// The backup before an import or a merge, written by a worker thread (db/backup-worker.ts) on its own
// read-only connection: VACUUM INTO a few MB takes tens of ms, a large ledger seconds, and on the app's
// thread that would freeze the window meanwhile. One worker, started on first use (or warmed by a
// preview) and never keeping the process alive while idle; the caller awaits the verified, renamed file
// before it writes anything.
import type { Worker } from 'node:worker_threads';
import { AppError } from '#shared/errors.js';
import { spawn } from '../excel/safe-load.js';
import { createBackupSync, type BackupCheck, type BackupResult } from './backups.js';
import type { BackupJob, BackupReply } from './backup-worker.js';
import { nativeBindingInUse, type Db } from './connection.js';

// VACUUM INTO streams pages; the worker holds little beyond SQLite's own cache.
const MAX_HEAP_MB = 256;

function defaultWorkerUrl(): URL {
  // From source (vitest, tsx) the worker is .ts; in the Electron and CLI bundles it is backup-worker.mjs beside the caller.
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.mjs';
  return new URL(new URL(`./backup-worker${ext}`, import.meta.url).href.replace('/app.asar/', '/app.asar.unpacked/'));
}

let workerUrl = defaultWorkerUrl;
let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (r: BackupResult) => void; reject: (e: Error) => void }>();

function failAll(err: Error): void {
  for (const [id, p] of pending) {
    pending.delete(id);
    p.reject(err);
  }
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = spawn(workerUrl(), MAX_HEAP_MB);
  w.unref();
  w.on('message', (reply: BackupReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (!pending.size) w.unref();
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new AppError(reply.code, reply.message));
  });
  // A worker that fails fails only the backups it was writing (no backup: no import); the next starts afresh.
  const drop = (why: string) => {
    if (worker === w) worker = null;
    failAll(new AppError('backup_failed', `备份进程意外退出（${why}），没有留下不完整的备份文件。请重试。`));
  };
  w.on('error', (err) => drop(err.message));
  w.on('exit', (code) => drop(`exit ${code}`));
  worker = w;
  return w;
}

/** Starts the worker ahead of the first backup (a preview is shown: an apply may follow). */
export function warmBackupWorker(): void {
  ensureWorker();
}

/**
 * createBackupSync of the live database `db` into `dest`, done by the worker; resolves once the backup is
 * complete, verified (`check`) and renamed into place. A database in memory has no file for another
 * connection to read: it is copied on this thread.
 */
export function createBackupOffThread(db: Db, dest: string, check: BackupCheck): Promise<BackupResult> {
  if (db.memory || !db.name) return Promise.resolve(createBackupSync(db, dest, check));
  const w = ensureWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Keep the process alive while a backup is being written.
    w.ref();
    w.postMessage({ id, source: db.name, dest, check, nativeBinding: nativeBindingInUse() } satisfies BackupJob);
  });
}

/** Runs backups in another worker build (the bundled .mjs: tests of the Electron bundle). */
export function useBackupWorker(url: URL): void {
  workerUrl = () => url;
  void stopBackupWorker();
}

/** Stops the worker (tests, shutdown); backups it was writing fail. */
export async function stopBackupWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
