// Issue 13, finding 5: real backups. The online backup API (edits still in -wal included), written under a
// temp name and renamed once complete and verified, so a kill midway never leaves a file listed as a backup;
// restore keeps a copy of the current database and the running store (and other connections) see the restore.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { backupDir, backupPath, createBackup, ensureDailyBackup, listBackups, pruneBackups, removeStalePartials } from '../../electron/backend/db/backups.js';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import type { ApiResult } from '#shared/errors.js';
import { runCliCaptured } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { makePng } from '../helpers/evidence-files.js';
import { evidenceFolder, listEvidenceFiles } from '../../electron/backend/evidence/evidence-folder.js';
import { backupDatabase } from '../../electron/backend/import/import-apply.js';

let tmp = makeTempDir();
const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
  tmp.cleanup();
  tmp = makeTempDir();
});

function backend(file = tmp.file('taizhang.db')): Backend {
  const b = createBackend(file, { actor: '测试员' });
  open.push(b);
  return b;
}

function value<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const ledgerNames = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT name FROM ledgers ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

/** Header bytes 18 and 19 (file format write/read version): [1, 1] a rollback-journal file, [2, 2] WAL. */
const formatVersions = (file: string) => [...fs.readFileSync(file).subarray(18, 20)];

describe('backup.create', () => {
  it('includes edits still in the -wal file (a copy of the file misses them), self-contained and listed', async () => {
    backend().close(); // the schema checkpointed into the main file
    open.length = 0;
    const b = backend();
    b.store.db.pragma('wal_autocheckpoint = 0');
    value(await b.dispatch('ledger.create', { name: '仅在WAL中的台账' }));
    expect(fs.statSync(`${b.store.path}-wal`).size).toBeGreaterThan(0);
    // What a file copy gets: the main file without the edit.
    fs.copyFileSync(b.store.path, tmp.file('copy.db'));
    expect(ledgerNames(tmp.file('copy.db'))).toEqual([]);

    const made = value<{ file: string; kind: string; ledgers: number; size: number }>(await b.dispatch('backup.create', {}));
    expect(made).toMatchObject({ kind: 'manual', ledgers: 1 });
    expect(path.dirname(made.file)).toBe(backupDir(b.store.path));
    expect(ledgerNames(made.file)).toEqual(['仅在WAL中的台账']);
    // A rollback-journal file (the live one is WAL): no -wal/-shm beside it, and nothing else left in the folder.
    expect(formatVersions(b.store.path)).toEqual([2, 2]);
    expect(formatVersions(made.file)).toEqual([1, 1]);
    expect(fs.readdirSync(backupDir(b.store.path))).toEqual([path.basename(made.file)]);
    const list = value<{ backups: { file: string; kind: string }[] }>(await b.dispatch('backup.list', {}));
    expect(list.backups.map((x) => [x.file, x.kind])).toEqual([[made.file, 'manual']]);
  });
});

describe('the backup before an import or a merge', () => {
  it('is written by a worker: the event loop keeps turning while it copies; edits still in -wal are in it', async () => {
    const b = backend();
    b.store.db.pragma('wal_autocheckpoint = 0');
    value(await b.dispatch('ledger.create', { name: '导入前的台账' }));
    // Some MB, so that the copy takes a while.
    b.store.db.exec(`CREATE TABLE filler (x TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO filler SELECT hex(randomblob(1000)) FROM n`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const file = await backupDatabase(b.store, '2020-06-30T08:00:00.000Z');
      // On this thread (VACUUM INTO here) no timer could fire before the backup was done.
      expect(ticks).toBeGreaterThan(0);
      expect(file).toBe(backupPath(b.store.path, 'before-import', '2020-06-30T08:00:00.000Z'));
      expect(ledgerNames(file)).toEqual(['导入前的台账']);
      expect(formatVersions(file)).toEqual([1, 1]);
      expect(listBackups(b.store.path).map((x) => [x.file, x.kind])).toEqual([[file, 'before-import']]);
      expect(fs.readdirSync(backupDir(b.store.path))).toEqual([path.basename(file)]);
    } finally {
      clearInterval(timer);
    }
  });
});

describe('restore', () => {
  it('round trip: the running store and another process’s connection see the backup; the current database is kept first', async () => {
    const b = backend();
    const a = value<{ id: number }>(await b.dispatch('ledger.create', { name: '甲' }));
    const made = value<{ name: string; file: string }>(await b.dispatch('backup.create', {}));
    value(await b.dispatch('ledger.rename', { ledgerId: a.id, name: '甲（改）' }));
    value(await b.dispatch('ledger.create', { name: '乙' }));
    // Another process (the CLI, serve) with the same file open.
    const other = new Database(b.store.path);
    expect((other.prepare('SELECT count(*) AS n FROM ledgers').get() as { n: number }).n).toBe(2);

    const restored = value<{ restored: string; safetyCopy: string; ledgers: number }>(await b.dispatch('backup.restore', { name: made.name }));
    expect(restored).toMatchObject({ restored: made.file, ledgers: 1 });
    expect(value<{ name: string }[]>(await b.dispatch('ledger.list', {})).map((l) => l.name)).toEqual(['甲']);
    expect((other.prepare('SELECT name FROM ledgers').all() as { name: string }[]).map((r) => r.name)).toEqual(['甲']);
    other.close();
    // The database as it was before the restore.
    expect(path.basename(restored.safetyCopy)).toMatch(/^before-restore-\d{8}-\d{6}-\d{3}\.db$/);
    expect(ledgerNames(restored.safetyCopy)).toEqual(['甲（改）', '乙']);
    // The store keeps working (writes included) and the file is whole.
    value(await b.dispatch('ledger.create', { name: '丙' }));
    expect(b.store.db.pragma('quick_check', { simple: true })).toBe('ok');
    const kinds = value<{ backups: { kind: string }[] }>(await b.dispatch('backup.list', {})).backups.map((x) => x.kind);
    expect(kinds.sort()).toEqual(['before-restore', 'manual']);
  });

  it('carries the 佐证材料 along: a backup has the evidence beside it, a restore brings back files the live folder lost', async () => {
    const b = backend();
    const ledger = value<{ id: number }>(await b.dispatch('ledger.create', { name: '甲' }));
    const row = value<{ id: number }>(await b.dispatch('rows.add', { ledgerId: ledger.id, values: { task: '校舍改造' }, period: '2020-06' }));
    const photo = makePng(40, 30, '#2060c0');
    const added = value<{ added: { id: number; sha256: string }[] }>(
      await b.dispatch('evidence.add', { rowId: row.id, period: '2020-06', files: [{ name: '竣工照片.png', bytes: photo }] }),
    );
    const made = value<{ name: string; file: string }>(await b.dispatch('backup.create', {}));
    expect(listEvidenceFiles(made.file).map((f) => f.sha256)).toEqual([added.added[0]!.sha256]);

    // The live folder loses the file (deleted by hand, a bad copy): a restore brings it back.
    fs.rmSync(evidenceFolder(b.store.path), { recursive: true, force: true });
    value(await b.dispatch('backup.restore', { name: made.name }));
    const opened = value<{ bytes: Uint8Array }>(await b.dispatch('evidence.open', { id: added.added[0]!.id }));
    expect(Buffer.from(opened.bytes).equals(Buffer.from(photo))).toBe(true);

    // A pruned backup takes its evidence with it.
    expect(pruneBackups(backupDir(b.store.path), 'manual', 0)).toEqual([made.name]);
    expect(fs.existsSync(evidenceFolder(made.file))).toBe(false);
  });

  it('refuses a file that is not a backup, or a name that is not listed, and changes nothing', async () => {
    const b = backend();
    value(await b.dispatch('ledger.create', { name: '甲' }));
    const notListed = await b.dispatch('backup.restore', { name: '../taizhang.db' });
    expect(notListed).toMatchObject({ ok: false, error: { code: 'not_found' } });
    fs.writeFileSync(tmp.file('notes.db'), '这不是数据库');
    const { code, err } = await runCliCaptured(['restore', tmp.file('notes.db'), '--db', b.store.path]);
    expect(code).toBe(1);
    expect(err).toMatch(/不是台账数据库备份/);
    expect(value<{ name: string }[]>(await b.dispatch('ledger.list', {})).map((l) => l.name)).toEqual(['甲']);
  });

  it('CLI: taizhang backup -o FILE --json, taizhang restore FILE --json', async () => {
    const db = tmp.file('taizhang.db');
    const b = createBackend(db);
    value(await b.dispatch('ledger.create', { name: '甲' }));
    b.close();
    const out = tmp.file('我的备份.db');
    const backed = await runCliCaptured(['backup', '-o', out, '--db', db, '--json']);
    expect(backed.code).toBe(0);
    expect(JSON.parse(backed.out)).toEqual({ file: out, size: fs.statSync(out).size, ledgers: 1 });
    const again = await runCliCaptured(['backup', '--db', db]);
    expect(again.out).toMatch(/^已备份到 .*backups.*backup-\d{8}-\d{6}-\d{3}\.db（1 个台账/);

    const b2 = createBackend(db);
    value(await b2.dispatch('ledger.create', { name: '乙' }));
    b2.close();
    const restored = await runCliCaptured(['restore', out, '--db', db, '--json']);
    expect(restored.code).toBe(0);
    const json = JSON.parse(restored.out);
    expect(json).toMatchObject({ restored: out, ledgers: 1, damagedCopy: null });
    expect(ledgerNames(json.safetyCopy)).toEqual(['甲', '乙']);
    expect(ledgerNames(db)).toEqual(['甲']);
  });

  it('a damaged database names the backups that exist, and taizhang restore replaces it (kept aside)', async () => {
    const db = tmp.file('taizhang.db');
    const b = createBackend(db);
    value(await b.dispatch('ledger.create', { name: '甲' }));
    const made = value<{ file: string }>(await b.dispatch('backup.create', {}));
    b.store.db.pragma('wal_checkpoint(TRUNCATE)');
    b.close();
    const bytes = fs.readFileSync(db);
    bytes.fill(0x5a, 100, Math.min(bytes.length, 8000));
    fs.writeFileSync(db, bytes);
    let message = '';
    try {
      openDatabase(db).close();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('已损坏');
    expect(message).toContain(made.file);
    expect(message).toContain('taizhang restore');

    const restored = await runCliCaptured(['restore', made.file, '--db', db, '--json']);
    expect(restored.err).toBe('');
    const json = JSON.parse(restored.out);
    expect(json.damagedCopy).toMatch(/taizhang\.db\.damaged-/);
    expect(fs.existsSync(json.damagedCopy)).toBe(true);
    expect(ledgerNames(db)).toEqual(['甲']);
  });

  it('without any backup the damaged-database message says so', () => {
    const db = tmp.file('taizhang.db');
    openDatabase(db).close();
    const bytes = fs.readFileSync(db);
    bytes.fill(0x5a, 100, Math.min(bytes.length, 8000));
    fs.writeFileSync(db, bytes);
    expect(() => openDatabase(db)).toThrow(/没有找到该数据库的备份/);
  });
});

describe('a backup killed midway', () => {
  it('never leaves a file that is listed as a backup (SIGKILL at different moments, 5 trials)', async () => {
    const db = tmp.file('taizhang.db');
    const b = createBackend(db);
    value(await b.dispatch('ledger.create', { name: '大台账' }));
    // ~24 MB, so the backup takes many steps.
    b.store.db.exec('CREATE TABLE filler (x BLOB)');
    const fill = b.store.db.prepare('INSERT INTO filler VALUES (randomblob(65536))');
    for (let i = 0; i < 380; i++) fill.run();
    b.close();

    const dest = backupPath(db, 'manual', '2026-12-01T10:00:00.000Z');
    let killedMidway = 0;
    for (let trial = 0; trial < 5; trial++) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests', 'helpers', 'backup-child.ts'), db, dest], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const partial = path.join(path.dirname(dest), `.${path.basename(dest)}.${child.pid}.partial`);
      // Wait until the temp file has data, then a little longer each trial, then kill.
      const t0 = Date.now();
      while (!(fs.existsSync(partial) && fs.statSync(partial).size > 0) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, trial * 15));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      if (fs.existsSync(partial)) killedMidway++;
      expect(fs.existsSync(dest)).toBe(false);
      expect(listBackups(db)).toEqual([]);
    }
    // The kills did land midway: half files were left, under temp names only.
    expect(killedMidway).toBeGreaterThan(0);
    const leftovers = fs.readdirSync(backupDir(db));
    expect(leftovers.length).toBeGreaterThan(0);
    for (const f of leftovers) expect(f).toMatch(/^\..*\.partial(-journal|-wal|-shm)?$/);

    // The next backup is whole and the only one listed; stale temp files are cleaned away later.
    const b2 = createBackend(db);
    open.push(b2);
    const done = await createBackup(b2.store.db, dest);
    expect(done.ledgers).toBe(1);
    expect(listBackups(db).map((x) => x.file)).toEqual([dest]);
    removeStalePartials(backupDir(db), Date.now() + 2 * 3_600_000);
    expect(fs.readdirSync(backupDir(db))).toEqual([path.basename(dest)]);
  }, 120_000);
});

describe('daily backup', () => {
  it('takes one backup per day and keeps the newest N', async () => {
    const b = backend();
    value(await b.dispatch('ledger.create', { name: '甲' }));
    const day = (d: number) => new Date(2026, 11, d, 9, 30);
    expect(await ensureDailyBackup(b.store.db, b.store.path, day(1), 3)).toBeDefined();
    expect(await ensureDailyBackup(b.store.db, b.store.path, new Date(2026, 11, 1, 17, 0), 3)).toBeUndefined();
    for (let d = 2; d <= 6; d++) await ensureDailyBackup(b.store.db, b.store.path, day(d), 3);
    const daily = listBackups(b.store.path).filter((x) => x.kind === 'daily');
    expect(daily.map((x) => new Date(x.createdAt).getDate())).toEqual([6, 5, 4]);
  });
});
