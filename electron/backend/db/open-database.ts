// Opening the ledger database: refuse what is not ours or is too new, back up, migrate.
import { writeTransaction } from './write-transaction.js';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index.js';

export type Db = Database.Database;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenOptions {
  /** Path to a native binding built for the running runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  /** Migrations to apply; tests pass extra ones to exercise the upgrade path. */
  migrations?: readonly Migration[];
}

export function openDatabase(dbPath: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1].version : LATEST_SCHEMA_VERSION;
  const resolved = path.resolve(dbPath);
  checkLocation(resolved);

  let db: Db;
  try {
    db = new Database(resolved, { nativeBinding: options.nativeBinding });
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
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
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

function checkLocation(file: string): void {
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
    } catch {
      throw readonlyError(file);
    }
    return;
  }
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw readonlyError(file);
  }
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
  const backup = `${file}.v${version}-${stamp}.bak`;
  // VACUUM INTO writes a consistent, compact copy synchronously.
  db.prepare('VACUUM INTO ?').run(backup);
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
      `数据库文件“${file}”已损坏，无法打开。请从自动备份（同一文件夹中以 .bak 结尾的文件）恢复，或联系技术人员；该文件未做任何修改。`,
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
