// A database file's bytes after folding its WAL back in: equal hashes mean nothing was written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../../electron/backend/db/connection.js';

/**
 * The checkpoint is retried while another connection's checkpoint holds it (the backup worker checkpoints
 * after an import batch, db/backup-off-thread.ts): one that returned busy would leave frames that the other
 * copies into the file after the hash was taken.
 */
export function foldedDbHash(db: Db, file: string): string {
  const until = Date.now() + 10_000;
  for (;;) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (!result?.busy) break;
    if (Date.now() > until) throw new Error(`${file}: the WAL could not be folded back in (busy for 10 s)`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
