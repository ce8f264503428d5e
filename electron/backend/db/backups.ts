// Backups of the ledger database: the one safe way to write one, list them, and restore one.
//
// A backup is written under a temp name (`.NAME.partial`, never listed), made self-contained (rollback
// journal, no -wal beside it), verified (opened read-only: quick_check, the ledgers counted), synced and
// only then renamed to its real name, so a kill or a full disk midway never leaves a 0-byte or half file
// that looks like a backup. The online backup API reads through the live connection, so edits still in
// the -wal file are included (a file copy misses them).
import fs from 'node:fs';
import path from 'node:path';
import { connect } from './connection.js';
import { AppError, storageError } from '#shared/errors.js';
import { copyEvidenceFiles, evidenceFolder } from '../evidence/evidence-folder.js';

import type { Db } from './connection.js';

export const BACKUP_DIR_NAME = 'backups';
/** Automatic daily backups kept (older ones removed); TAIZHANG_DAILY_BACKUPS overrides it. */
export const DAILY_BACKUPS_KEPT = 7;
/** Automatic backups before an import or a merge. */
export const IMPORT_BACKUPS_KEPT = 30;

export type BackupKind = 'manual' | 'daily' | 'before-import' | 'before-restore' | 'migration';

export interface BackupInfo {
  /** Absolute path. */
  file: string;
  name: string;
  kind: BackupKind;
  /** ISO time the backup was taken (from its name; else the file's mtime). */
  createdAt: string;
  size: number;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const PARTIAL = '.partial';
// In backups/: KIND-YYYYMMDD-HHMMSS-mmm.db (UTC). Beside the database: NAME.vN-<iso stamp>.bak (before a migration).
const IN_DIR = /^(backup|daily|before-import|before-restore)-(\d{8})-(\d{6})-(\d{3})\.db$/;
const KIND_OF: Record<string, BackupKind> = { backup: 'manual', daily: 'daily', 'before-import': 'before-import', 'before-restore': 'before-restore' };
const PREFIX_OF: Record<Exclude<BackupKind, 'migration'>, string> = { manual: 'backup', daily: 'daily', 'before-import': 'before-import', 'before-restore': 'before-restore' };

export function backupDir(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), BACKUP_DIR_NAME);
}

/** `2026-12-01T23:32:09.123Z` → `20261201-233209-123`. */
export function backupStamp(at: string): string {
  return at.replace(/[-:]/g, '').replace('T', '-').replace(/\.(\d+)Z$/, '-$1');
}

/** Where a backup of this kind taken at `at` goes (backups/ beside the database). */
export function backupPath(dbPath: string, kind: Exclude<BackupKind, 'migration'>, at: string): string {
  return path.join(backupDir(dbPath), `${PREFIX_OF[kind]}-${backupStamp(at)}.db`);
}

/** The first `length` bytes of a file's header, or null when it is shorter or cannot be read. */
function headerBytes(file: string, length: number): Buffer | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(length);
    return fs.readSync(fd, head, 0, length, 0) === length ? head : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function hasSqliteHeader(file: string): boolean {
  return headerBytes(file, SQLITE_HEADER.length)?.equals(SQLITE_HEADER) ?? false;
}

/** The backups that really exist, newest first: complete files only (temp names never match). */
export function listBackups(dbPath: string): BackupInfo[] {
  const resolved = path.resolve(dbPath);
  const found: BackupInfo[] = [];
  const add = (file: string, kind: BackupKind, createdAt: string | undefined) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (!stat.isFile() || stat.size === 0 || !hasSqliteHeader(file)) return;
    found.push({ file, name: path.basename(file), kind, createdAt: createdAt ?? stat.mtime.toISOString(), size: stat.size });
  };
  const dir = backupDir(resolved);
  for (const name of safeReaddir(dir)) {
    const m = IN_DIR.exec(name);
    if (!m) continue;
    const [, prefix, d, t, ms] = m;
    add(path.join(dir, name), KIND_OF[prefix!]!, `${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6)}T${t!.slice(0, 2)}:${t!.slice(2, 4)}:${t!.slice(4)}.${ms}Z`);
  }
  const base = path.basename(resolved);
  for (const name of safeReaddir(path.dirname(resolved))) {
    if (name.startsWith(`${base}.v`) && name.endsWith('.bak')) add(path.join(path.dirname(resolved), name), 'migration', undefined);
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function partialName(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}${PARTIAL}`);
}

function removePartial(tmp: string): void {
  for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // Best effort: a temp name is never listed as a backup anyway.
    }
  }
}

/** Temp files a killed backup left behind (older than an hour, so another process's running backup is spared). */
export function removeStalePartials(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const name of safeReaddir(dir)) {
    if (!name.startsWith('.') || !/\.partial(-journal|-wal|-shm)?$/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs < 3_600_000) continue;
      fs.rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile.
    }
  }
  return removed;
}

export interface VerifiedDatabase {
  ledgers: number;
  schemaVersion: number;
}

/**
 * How a backup just written is checked: `quick_check` reads every page back (SQLite's quick_check) and
 * opens the file; `opens` only opens it read-only and counts the ledgers. `opens` is for a file SQLite
 * has just built itself from the live database (VACUUM INTO re-inserts every row and rebuilds every
 * index, so a damaged source fails there): reading it back at once reads the OS cache, not the disk,
 * so quick_check would only re-check SQLite's own fresh b-trees.
 */
export type BackupCheck = 'quick_check' | 'opens';

/**
 * Opens a database file read-only and checks it is a whole Taizhang database: SQLite's quick_check
 * (unless `check` is 'opens') and the ledgers table. The file must be in rollback-journal mode (as our
 * backups are), so nothing is written beside it.
 */
export function verifyDatabaseFile(file: string, check: BackupCheck = 'quick_check'): VerifiedDatabase {
  const db = connect(file, { readonly: true, fileMustExist: true });
  try {
    if (check === 'quick_check') {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new Error(`quick_check: ${String(result)}`);
    }
    const ledgers = (db.prepare('SELECT count(*) AS n FROM ledgers').get() as { n: number }).n;
    return { ledgers, schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } finally {
    db.close();
  }
}

/** Bytes 18 and 19 of the header, the file format's write and read versions: 1 rollback journal, 2 WAL. */
function inRollbackMode(file: string): boolean {
  const head = headerBytes(file, 20);
  return head !== null && head[18] === 1 && head[19] === 1;
}

/**
 * Rollback journal instead of WAL, so the file stands alone and opens read-only without side files. A
 * VACUUM INTO file already is (opening it read-write only to be told so took a millisecond of ~12).
 */
function makeSelfContained(file: string): void {
  if (inRollbackMode(file)) return;
  const db = connect(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    syncFile(dir);
  } catch {
    // Not every platform can fsync a directory (Windows); the rename itself is atomic.
  }
}

function finish(tmp: string, dest: string, check: BackupCheck): VerifiedDatabase {
  makeSelfContained(tmp);
  const verified = verifyDatabaseFile(tmp, check);
  syncFile(tmp);
  fs.renameSync(tmp, dest);
  syncDir(path.dirname(dest));
  return verified;
}

function backupError(err: unknown, dest: string): AppError {
  const storage = storageError(err);
  if (storage?.code === 'disk_full') return new AppError('disk_full', `磁盘空间不足，无法写入备份“${dest}”（没有留下不完整的备份文件）。请清理磁盘空间后重试。`);
  const code = (err as NodeJS.ErrnoException).code;
  return new AppError(
    'backup_failed',
    `无法备份数据库到“${dest}”（${code ?? (err as Error).message}），没有留下不完整的备份文件。请检查该文件夹是否可写、磁盘空间是否充足。`,
  );
}

export interface BackupResult extends VerifiedDatabase {
  file: string;
  size: number;
}

export interface BackupOptions {
  /** Pages copied per step of the online backup (default 256); between steps others may read and write. */
  pagesPerStep?: number;
}

/** The live database's evidence files, linked or copied beside the backup `dest` (evidence-folder.ts). */
function withEvidence(db: Db, dest: string): void {
  if (db.memory || !db.name) return;
  copyEvidenceFiles(db.name, dest);
}

/** Online backup of a live database into `dest`, through a verified temp file renamed when complete. */
export async function createBackup(db: Db, dest: string, options: BackupOptions = {}): Promise<BackupResult> {
  const target = path.resolve(dest);
  const tmp = partialName(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    removePartial(tmp);
    const rate = options.pagesPerStep ?? 256;
    // 佐证材料 first: a backup that is listed (renamed into place below) always has its evidence beside it.
    withEvidence(db, target);
    await db.backup(tmp, { progress: () => rate });
    const verified = finish(tmp, target, 'quick_check');
    return { ...verified, file: target, size: fs.statSync(target).size };
  } catch (err) {
    removePartial(tmp);
    throw err instanceof AppError ? err : backupError(err, target);
  }
}

/**
 * The same, synchronously (VACUUM INTO): for the backup before a migration, while the database is opened,
 * and, on a connection of its own in a worker thread (db/backup-off-thread.ts), the one before an import
 * (checked with 'opens': see BackupCheck). VACUUM INTO writes a compact rollback-journal file in one pass
 * from one read transaction (others go on writing), without syncing it: finish() syncs it once.
 */
export function createBackupSync(db: Db, dest: string, check: BackupCheck = 'quick_check'): BackupResult {
  const target = path.resolve(dest);
  const tmp = partialName(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    removePartial(tmp);
    withEvidence(db, target);
    db.prepare('VACUUM INTO ?').run(tmp);
    const verified = finish(tmp, target, check);
    return { ...verified, file: target, size: fs.statSync(target).size };
  } catch (err) {
    removePartial(tmp);
    throw err instanceof AppError ? err : backupError(err, target);
  }
}

/** Removes all but the newest `keep` backups of one kind (names sort by time). */
export function pruneBackups(dir: string, kind: Exclude<BackupKind, 'migration'>, keep: number): string[] {
  const mine = safeReaddir(dir)
    .filter((f) => IN_DIR.exec(f)?.[1] === PREFIX_OF[kind])
    .sort();
  const remove = mine.slice(0, Math.max(0, mine.length - keep));
  for (const f of remove) {
    fs.rmSync(path.join(dir, f), { force: true });
    fs.rmSync(evidenceFolder(path.join(dir, f)), { recursive: true, force: true });
  }
  return remove;
}

export function dailyBackupsKept(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.TAIZHANG_DAILY_BACKUPS);
  return Number.isInteger(n) && n >= 1 && n <= 365 ? n : DAILY_BACKUPS_KEPT;
}

const localDay = (d: Date) => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;

/**
 * The automatic daily backup: one per calendar day (local time), the newest `keep` kept. Returns the new
 * backup, or undefined when today's exists or the database is read-only and its folder unwritable.
 */
export async function ensureDailyBackup(db: Db, dbPath: string, now = new Date(), keep = dailyBackupsKept()): Promise<BackupResult | undefined> {
  const today = localDay(now);
  if (listBackups(dbPath).some((b) => b.kind === 'daily' && localDay(new Date(b.createdAt)) === today)) return undefined;
  removeStalePartials(backupDir(dbPath), now.getTime());
  const result = await createBackup(db, backupPath(dbPath, 'daily', now.toISOString()));
  pruneBackups(backupDir(dbPath), 'daily', keep);
  return result;
}

export interface RestoreResult {
  /** The backup restored from. */
  restored: string;
  /** The copy of the database as it was before the restore (undefined when it could not be read). */
  safetyCopy?: string;
  /** Where the unreadable database was moved (offline restore only). */
  damagedCopy?: string;
  ledgers: number;
  schemaVersion: number;
}

/** Copies a chosen backup into a verified temp file in backups/ (the chosen file is never modified). */
function stageBackup(file: string, dbPath: string, latestVersion: number): { tmp: string; verified: VerifiedDatabase } {
  const source = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new AppError('not_found', `备份文件“${source}”不存在，请检查路径（taizhang backup --json 列出现有备份）。`);
  }
  if (!stat.isFile() || !hasSqliteHeader(source)) {
    throw new AppError('db_not_sqlite', `“${source}”不是台账数据库备份，请选择 backups 文件夹中的 .db 文件或 .bak 文件。`);
  }
  if (path.resolve(dbPath) === source) throw new AppError('invalid_input', '不能用正在使用的数据库文件恢复它自己，请选择一个备份文件。');
  fs.mkdirSync(backupDir(dbPath), { recursive: true });
  const tmp = partialName(path.join(backupDir(dbPath), `restore-${path.basename(source)}`));
  removePartial(tmp);
  try {
    fs.copyFileSync(source, tmp);
    // A copy of a live database may keep its last edits in -wal: bring them along.
    if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${tmp}-wal`);
    makeSelfContained(tmp);
    const verified = verifyDatabaseFile(tmp);
    if (verified.schemaVersion > latestVersion) {
      throw new AppError('db_newer_version', `备份“${source}”由更新版本的台账软件创建（数据版本 ${verified.schemaVersion}），请升级软件后再恢复。`);
    }
    return { tmp, verified };
  } catch (err) {
    removePartial(tmp);
    if (err instanceof AppError) throw err;
    const storage = storageError(err);
    if (storage?.code === 'disk_full') throw storage;
    throw new AppError('restore_failed', `“${source}”不是完整的台账数据库备份（${(err as Error).message}），请选择另一个备份；当前数据库没有改动。`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Restores a backup into the live database: a verified copy of the backup is written into the database
 * through SQLite's backup API, one transaction on the database file (other processes that have it open see
 * either the old or the restored ledger, never a mix), after a copy of the current database is kept in
 * backups/ (before-restore-…). The caller reopens its connection afterwards (migrations, caches).
 */
export async function restoreBackup(db: Db, dbPath: string, file: string, at: string, latestVersion: number): Promise<RestoreResult> {
  if (db.readonly) throw new AppError('read_only', '数据库是只读打开的，不能从备份恢复。请把数据库文件复制到有写入权限的文件夹后再打开。');
  const { tmp, verified } = stageBackup(file, dbPath, latestVersion);
  try {
    const safety = await createBackup(db, backupPath(dbPath, 'before-restore', at));
    const src = connect(tmp, { readonly: true, fileMustExist: true });
    try {
      // The backup takes the database's write lock; another process writing meanwhile makes it retry.
      for (let attempt = 0; ; attempt++) {
        try {
          await src.backup(path.resolve(dbPath), { progress: () => 0x7fffffff });
          break;
        } catch (err) {
          const code = String((err as { code?: unknown }).code ?? '');
          if (!code.startsWith('SQLITE_BUSY') || attempt >= 50) throw err;
          await sleep(100);
        }
      }
    } finally {
      src.close();
    }
    // The restored ledger's 佐证材料: files it names that the live folder lacks come back from the backup.
    copyEvidenceFiles(file, dbPath);
    return { restored: path.resolve(file), safetyCopy: safety.file, ...verified };
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The database is writable (checked above): SQLITE_READONLY here means the backup cannot go into it
    // (e.g. another page size), not a read-only database.
    const storage = storageError(err);
    if (storage && storage.code !== 'read_only') throw storage;
    throw new AppError('restore_failed', `从备份恢复失败（${(err as Error).message}），当前数据库没有改动。请重试，或选择另一个备份。`);
  } finally {
    removePartial(tmp);
  }
}

/**
 * Restore when the database cannot be opened at all (damaged): the damaged file (and its -wal/-shm) is
 * moved aside to NAME.damaged-STAMP, then the verified copy of the backup is renamed into place.
 */
export function restoreOffline(dbPath: string, file: string, at: string, latestVersion: number): RestoreResult {
  const target = path.resolve(dbPath);
  const { tmp, verified } = stageBackup(file, target, latestVersion);
  const damaged = `${target}.damaged-${backupStamp(at)}`;
  try {
    if (fs.existsSync(target)) fs.renameSync(target, damaged);
    for (const side of ['-wal', '-shm', '-journal']) if (fs.existsSync(target + side)) fs.renameSync(target + side, damaged + side);
    fs.renameSync(tmp, target);
    syncDir(path.dirname(target));
  } catch (err) {
    removePartial(tmp);
    throw storageError(err) ?? new AppError('restore_failed', `从备份恢复失败（${(err as Error).message}）。原数据库文件在“${damaged}”或原处，请联系技术人员。`);
  }
  copyEvidenceFiles(file, target);
  return { restored: path.resolve(file), damagedCopy: fs.existsSync(damaged) ? damaged : undefined, ...verified };
}

/** The backups named in a message: the newest few that exist, or how to make one. */
export function describeBackups(dbPath: string, max = 3): string {
  const list = listBackups(dbPath).slice(0, max);
  if (!list.length) return '没有找到该数据库的备份';
  return `现有备份（最新的在前）：${list.map((b) => `“${b.file}”`).join('、')}；恢复：taizhang restore 备份文件`;
}

/**
 * The daily backup for long-running hosts (the desktop app, `serve`): checked shortly after start and then
 * every hour, so a window left open overnight still gets its backup. Not for one-shot CLI commands.
 * Returns the function that stops it.
 */
export function scheduleDailyBackups(
  store: { db: Db; path: string; readOnly: boolean },
  onError: (err: unknown) => void = () => {},
): () => void {
  let running = false;
  const tick = () => {
    if (running || store.readOnly) return;
    running = true;
    ensureDailyBackup(store.db, store.path)
      .catch(onError)
      .finally(() => (running = false));
  };
  // Not at once: start-up work (and the clerk's first look) comes first.
  const first = setTimeout(tick, 30_000);
  const hourly = setInterval(tick, 3_600_000);
  first.unref();
  hourly.unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}
