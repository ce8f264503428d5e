// The Electron bundle's backup worker (dist/electron/backup-worker.mjs) really writes the backup before an
// import, with better-sqlite3 kept external as the packaged app runs it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackupOffThread, stopBackupWorker, useBackupWorker } from '../../electron/backend/db/backup-off-thread.js';
import { listBackups } from '../../electron/backend/db/backups.js';
import { openDatabase } from '../../electron/backend/db/open-database.js';
// @ts-expect-error plain .mjs build script without types
import { buildElectron } from '../../scripts/build-electron.mjs';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// Inside the repository, as dist/electron is: the worker finds node_modules/better-sqlite3 the way the packaged app does.
const outDir = path.join(REPO_ROOT, 'dist', `backup-bundle-test-${process.pid}`);
const tmp = makeTempDir();
afterAll(async () => {
  await stopBackupWorker();
  fs.rmSync(outDir, { recursive: true, force: true });
  tmp.cleanup();
});

describe('the bundled backup worker', () => {
  it('writes a verified backup of a live database', async () => {
    const out: string = await buildElectron(REPO_ROOT, outDir);
    useBackupWorker(pathToFileURL(`${out}/backup-worker.mjs`));
    const db = openDatabase(tmp.file('live.db'));
    try {
      db.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('台账', '2020-06-30', '2020-06-30', '2020-06-30')").run();
      const dest = path.join(tmp.dir, 'backups', 'before-import-20200630-080000-000.db');
      const made = await createBackupOffThread(db, dest, 'opens');
      expect(made).toMatchObject({ file: dest, ledgers: 1, schemaVersion: db.pragma('user_version', { simple: true }) });
      expect(listBackups(tmp.file('live.db')).map((b) => b.file)).toEqual([dest]);
    } finally {
      db.close();
    }
  });
});
