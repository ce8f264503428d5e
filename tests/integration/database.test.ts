// Opening the ledger database: creation, pragmas, migrations with backup, and refusal of files that
// are not ours, are corrupt, too new or not writable — each leaving the file untouched.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors.js';
import { initialSchema } from '../../electron/backend/db/migrations/001-initial.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/backend/db/migrations/index.js';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
afterEach(() => {
  for (const f of fs.readdirSync(tmp.dir)) fs.rmSync(path.join(tmp.dir, f), { recursive: true, force: true });
});

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function openError(file: string, ...rest: Parameters<typeof openDatabase> extends [string, ...infer R] ? R : never): AppError {
  try {
    openDatabase(file, ...rest).close();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected openDatabase to fail');
}

describe('openDatabase', () => {
  it('creates a new database with WAL, foreign keys, STRICT tables and the latest schema', () => {
    const db = openDatabase(tmp.file('new/sub/ledger.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['ledgers', 'rows', 'row_progress', 'units', 'unit_aliases', 'change_log']));
    for (const t of tables) expect(t.strict, `${t.name} is STRICT`).toBe(1);
    db.close();
  });

  it('reopens an up-to-date database without taking a backup', () => {
    const file = tmp.file('ledger.db');
    openDatabase(file).close();
    openDatabase(file).close();
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('backs up before migrating an older database, then migrates forward in order', () => {
    const file = tmp.file('old.db');
    const v1 = openDatabase(file, { migrations: [initialSchema] });
    v1.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('旧台账', 'a', 'a', 'a')").run();
    v1.close();

    const next = { version: 2, description: 'test: add a column', sql: 'ALTER TABLE ledgers ADD COLUMN note TEXT' };
    const db = openDatabase(file, { migrations: [initialSchema, next] });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT name, note FROM ledgers').get()).toEqual({ name: '旧台账', note: null });
    db.close();

    const backups = fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^old\.db\.v1-/);
    const backup = new Database(path.join(tmp.dir, backups[0]), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT name FROM ledgers').get()).toEqual({ name: '旧台账' });
    backup.close();
  });

  it('rolls back a failing migration and keeps the previous version', () => {
    const file = tmp.file('fail.db');
    openDatabase(file, { migrations: [initialSchema] }).close();
    const broken = { version: 2, description: 'test: broken', sql: 'CREATE TABLE extra (x INTEGER) STRICT; SELECT * FROM no_such_table;' };
    expect(() => openDatabase(file, { migrations: [initialSchema, broken] })).toThrow();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database written by a newer version and leaves it byte-identical', () => {
    const file = tmp.file('newer.db');
    const db = new Database(file);
    db.exec('CREATE TABLE future (x) ; PRAGMA user_version = 999;');
    db.close();
    const before = sha(file);
    const err = openError(file);
    expect(err.code).toBe('db_newer_version');
    expect(err.message).toMatch(/更新版本.*请升级软件/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a file that is not a SQLite database and leaves it untouched', () => {
    const file = tmp.file('notes.db');
    fs.writeFileSync(file, '这不是数据库，而是一段文字。\n'.repeat(100));
    const before = sha(file);
    const err = openError(file);
    expect(err.code).toBe('db_not_sqlite');
    expect(err.message).toContain('不是台账数据库文件');
    expect(sha(file)).toBe(before);
  });

  it('refuses a corrupt SQLite file with a message about restoring from backup', () => {
    const file = tmp.file('corrupt.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('x', 'a', 'a', 'a')").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Keep the 100-byte header, overwrite the schema page with garbage.
    const bytes = fs.readFileSync(file);
    crypto.randomFillSync(bytes, 100, Math.min(bytes.length - 100, 4000));
    fs.writeFileSync(file, bytes);
    for (const extra of ['-wal', '-shm']) fs.rmSync(file + extra, { force: true });
    const before = sha(file);
    const err = openError(file);
    expect(['db_corrupt', 'db_not_sqlite']).toContain(err.code);
    expect(err.message).toMatch(/损坏|不是台账数据库/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a location where the database cannot be written', () => {
    // A path below a regular file can never be created, whoever runs the test (root included).
    const blocker = tmp.file('a-file');
    fs.writeFileSync(blocker, 'x');
    const err = openError(path.join(blocker, 'ledger.db'));
    expect(err.code).toBe('db_readonly');
    expect(err.message).toContain('有写入权限的文件夹');
  });

  it.runIf(process.getuid?.() !== 0)('refuses a read-only folder (non-root only: root ignores permissions)', () => {
    const dir = tmp.file('ro');
    fs.mkdirSync(dir, { mode: 0o555 });
    expect(openError(path.join(dir, 'ledger.db')).code).toBe('db_readonly');
  });

  it('lists migrations with strictly increasing versions starting at 1', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i === 0 ? 1 : MIGRATIONS[i - 1].version + 1));
  });
});
