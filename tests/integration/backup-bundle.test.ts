// The Electron bundle's database workers, with better-sqlite3 kept external as the packaged app runs them:
// the backup worker (dist/electron/backup-worker.mjs) really writes the backup before an import, and the
// figures worker (figures-worker.mjs) counts the 统计 page's figures ahead.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackupOffThread, stopBackupWorker, useBackupWorker } from '../../electron/backend/db/backup-off-thread.js';
import { listBackups } from '../../electron/backend/db/backups.js';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { countFiguresAhead, stopFiguresWorker, useFiguresWorker } from '../../electron/backend/reports/figures-ahead.js';
import { dashboardFirst, hasFigures } from '../../electron/backend/reports/report-data.js';
import { openStore } from '../../electron/backend/store.js';
// @ts-expect-error plain .mjs build script without types
import { buildElectron } from '../../scripts/build-electron.mjs';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// Inside the repository, as dist/electron is: the worker finds node_modules/better-sqlite3 the way the packaged app does.
const outDir = path.join(REPO_ROOT, 'dist', `backup-bundle-test-${process.pid}`);
const tmp = makeTempDir();
let out: string;
beforeAll(async () => {
  out = await buildElectron(REPO_ROOT, outDir);
}, 120_000);
afterAll(async () => {
  await stopBackupWorker();
  await stopFiguresWorker();
  fs.rmSync(outDir, { recursive: true, force: true });
  tmp.cleanup();
});

describe('the bundled database workers', () => {
  it('writes a verified backup of a live database', async () => {
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

  it('counts the 统计 figures ahead', async () => {
    useFiguresWorker(pathToFileURL(`${out}/figures-worker.mjs`));
    const store = openStore(tmp.file('figures.db'));
    try {
      const { id } = store.db.prepare("INSERT INTO ledgers (name, year, created_at, updated_at, last_used_at) VALUES ('台账', 2020, '2020-06-30', '2020-06-30', '2020-06-30') RETURNING id").get() as { id: number };
      await countFiguresAhead(store, id);
      const { kind, period } = dashboardFirst(store, id);
      expect(hasFigures(store, id, kind, period)).toBe(true);
    } finally {
      store.close();
    }
  });
});
