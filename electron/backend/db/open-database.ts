// Opening the ledger database: refuse what is not ours or is too new, back up, migrate.
import { BUSY_TIMEOUT_MS, writeTransaction } from './write-transaction.js';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '#shared/errors.js';
import { createBackupSync, describeBackups } from './backups.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index.js';

export type { Db } from './connection.js';
import { connect, type Db } from './connection.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * WAL pages after which a commit checkpoints them itself (SQLite's default is 1,000). An import batch
 * (~1,400 pages) or a merge has the backup worker checkpoint them after it commits (checkpointAfterOffThread);
 * at 1,000, the next small commit of any connection (the desktop app's edit that waited for the batch,
 * in another process) copied them first, ~15 ms more for that edit. Small edits checkpoint as before,
 * a quarter as often; a checkpoint copies each changed page once, so it grows little with them.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

export interface OpenOptions {
  /** Migrations to apply; tests pass extra ones to exercise the upgrade path. */
  migrations?: readonly Migration[];
  /**
   * Open for reading only. Without it, a file (or its folder) that cannot be written is opened read-only
   * by itself: reading, searching and exporting work, writes are refused (code `read_only`).
   */
  readonly?: boolean;
}

export function openDatabase(dbPath: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? LATEST_SCHEMA_VERSION;
  const resolved = path.resolve(dbPath);
  const readonly = checkLocation(resolved) === 'read-only' || options.readonly === true;
  if (readonly && !fs.existsSync(resolved)) {
    throw new AppError('not_found', `数据库文件“${resolved}”不存在，只读方式只能打开已有的数据库，请检查路径。`);
  }

  let db: Db;
  try {
    db = readonly ? openReadOnly(resolved) : connect(resolved);
  } catch (err) {
    throw mapOpenError(err, resolved);
  }
  try {
    // Read the version before anything writes to the file, so a refused file stays byte-identical.
    const version = readUserVersion(db, resolved);
    if (version > latest) {
      throw new AppError(
        'db_newer_version',
        `数据库文件“${resolved}”由更新版本的台账软件创建（数据版本 ${version}，本软件支持到 ${latest}），请升级软件后再打开；文件未做任何修改。`,
      );
    }
    db.pragma('foreign_keys = ON');
    // Writers wait for each other (write transactions take the lock up front: db/write-transaction.ts).
    // 15 s covers the longest write window (applying a large import) with room to spare.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (readonly) {
      if (version < latest) {
        throw new AppError(
          'db_readonly',
          `数据库文件“${resolved}”是旧版本（数据版本 ${version}），需要升级后才能打开，但它是只读的（没有写入权限或在只读介质上）。请把它复制到有写入权限的文件夹（例如“文档”）后再打开；该文件未做任何修改。`,
        );
      }
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    // An import batch is staged in TEMP tables before its write (db/staged-rows.ts): in memory, not a temp file.
    db.pragma('temp_store = MEMORY');
    if (version < latest) {
      if (version > 0) backupBeforeMigration(db, resolved, version);
      migrate(db, migrations, version);
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    throw mapOpenError(err, resolved);
  }
}

/** Opens the file read-only; on read-only media a WAL file cannot get its -shm, so it is read into memory. */
function openReadOnly(file: string): Db {
  try {
    return connect(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code !== 'SQLITE_CANTOPEN' && !code.startsWith('SQLITE_READONLY')) throw err;
    return openReadOnlyCopy(file);
  }
}

/** The database read into memory, read-only: for media where SQLite cannot keep its -shm beside the file. */
export function openReadOnlyCopy(file: string): Db {
  const image = fs.readFileSync(file);
  // An image marked WAL (bytes 18–19 = 2) cannot be deserialized: mark it rollback-journal in the copy.
  if (image.length > 19 && image[18] === 2) image[18] = image[19] = 1;
  return connect(image, { readonly: true });
}

/** 'read-only' when the database exists but it (or its folder, where -wal/-shm live) cannot be written. */
function checkLocation(file: string): 'writable' | 'read-only' {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    stat = undefined;
  }
  if (stat) {
    if (!stat.isFile()) {
      throw new AppError('db_not_sqlite', `“${file}”不是文件，请选择一个台账数据库文件（.db）。`);
    }
    if (stat.size > 0) {
      const head = Buffer.alloc(SQLITE_HEADER.length);
      const fd = fs.openSync(file, 'r');
      try {
        fs.readSync(fd, head, 0, head.length, 0);
      } finally {
        fs.closeSync(fd);
      }
      if (!head.equals(SQLITE_HEADER)) {
        throw new AppError(
          'db_not_sqlite',
          `“${file}”不是台账数据库文件（可能选错了文件，或文件已被其他程序改写），请选择正确的 .db 文件；该文件未做任何修改。`,
        );
      }
    }
    try {
      fs.accessSync(file, fs.constants.W_OK);
      fs.accessSync(path.dirname(file), fs.constants.W_OK);
      return 'writable';
    } catch {
      return 'read-only';
    }
  }
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw readonlyError(file);
  }
  return 'writable';
}

function readonlyError(file: string): AppError {
  return new AppError(
    'db_readonly',
    `无法写入数据库文件“${file}”（所在位置只读或没有权限），请把数据库放在有写入权限的文件夹（例如“文档”）后重试。`,
  );
}

function readUserVersion(db: Db, file: string): number {
  try {
    // Touching sqlite_master makes SQLite read and validate the schema pages.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    throw mapOpenError(err, file);
  }
}

function backupBeforeMigration(db: Db, file: string, version: number): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  // Through a verified temp file, so a kill midway never leaves a half .bak that looks real.
  createBackupSync(db, `${file}.v${version}-${stamp}.bak`);
}

function migrate(db: Db, migrations: readonly Migration[], from: number): void {
  for (const m of migrations) {
    if (m.version <= from) continue;
    writeTransaction(db, () => {
      db.exec(m.sql);
      db.pragma(`user_version = ${Number(m.version)}`);
    })();
  }
}

function mapOpenError(err: unknown, file: string): AppError {
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB') {
    return new AppError('db_not_sqlite', `“${file}”不是台账数据库文件，请选择正确的 .db 文件；该文件未做任何修改。`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'db_corrupt',
      `数据库文件“${file}”已损坏，无法打开；该文件未做任何修改。${describeBackups(file)}。也可以联系技术人员。`,
    );
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || /directory does not exist|readonly/i.test(message)) {
    return readonlyError(file);
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError('db_locked', `数据库文件“${file}”正被其他程序占用，请关闭其他打开它的台账窗口后重试。`);
  }
  return new AppError('db_open_failed', `无法打开数据库文件“${file}”：${message}`);
}
