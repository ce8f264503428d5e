// The desktop app runs on Electron's ABI and loads its own better-sqlite3 build (dist/native). Every
// connection the backend opens — the ledger, a backup's check, the backup before an import (in a worker),
// a restore's staging copy — must load that build: one opened without it fails to load in the app.
// A build path that does not exist makes any connection that honours it fail, and one that ignores it pass.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { backupPath, createBackup, restoreBackup } from '../../electron/backend/db/backups.js';
import { createBackupOffThread, stopBackupWorker } from '../../electron/backend/db/backup-off-thread.js';
import { useNativeBinding } from '../../electron/backend/db/connection.js';
import { LATEST_SCHEMA_VERSION } from '../../electron/backend/db/migrations/index.js';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const MISSING_BUILD = '/nonexistent/taizhang/better_sqlite3.node';

afterEach(async () => {
  useNativeBinding(undefined);
  await stopBackupWorker();
});

describe('the native build chosen for the process', () => {
  it('is loaded by every connection the backend opens', async () => {
    const dbPath = tmp.file('taizhang.db');
    const db = openDatabase(dbPath);
    try {
      const good = await createBackup(db, tmp.file('good.db'));
      expect(fs.existsSync(good.file)).toBe(true);

      useNativeBinding(MISSING_BUILD);
      expect(() => openDatabase(tmp.file('other.db'))).toThrow();
      // The backup's own checking connections: written through `db` (already open), checked through new ones.
      await expect(createBackup(db, backupPath(dbPath, 'manual', new Date().toISOString()))).rejects.toThrow();
      await expect(createBackupOffThread(db, tmp.file('before-import.db'), 'opens')).rejects.toThrow();
      await expect(restoreBackup(db, dbPath, good.file, new Date().toISOString(), LATEST_SCHEMA_VERSION)).rejects.toThrow();

      useNativeBinding(undefined);
      const again = await createBackupOffThread(db, tmp.file('before-import-2.db'), 'opens');
      expect(again.ledgers).toBe(0);
    } finally {
      db.close();
    }
  });
});
