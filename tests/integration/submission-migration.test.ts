// Migration 4 (submission imports) on a database of the previous version, and its constraints.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.js';
import { submissionsSchema } from '../../electron/backend/db/migrations/004-submissions.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('migration 4: submission imports', () => {
  it('is listed in order after 3 and upgrades a version-3 database, keeping its data', () => {
    expect(MIGRATIONS.map((m) => m.version).slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(MIGRATIONS[3]).toBe(submissionsSchema);
    const file = tmp.file('v3.db');
    const v3 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 3) });
    v3.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('旧台账', 'a', 'a', 'a')").run();
    v3.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 4) });
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(db.prepare('SELECT name FROM ledgers').get()).toEqual({ name: '旧台账' });
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name IN ('import_batches', 'import_files', 'value_sources')").all();
    expect(tables).toEqual(
      expect.arrayContaining([
        { name: 'import_batches', strict: 1 },
        { name: 'import_files', strict: 1 },
        { name: 'value_sources', strict: 1 },
      ]),
    );

    // Constraints: status values, hash length, period format, foreign keys.
    const batch = () => db.prepare("INSERT INTO import_batches (ledger_id, created_at, actor, status, backup_path, cells, new_rows) VALUES (1, 'a', 'b', ?, 'x', 0, 0)");
    expect(() => batch().run('maybe')).toThrow(/CHECK/);
    const batchId = Number(batch().run('applied').lastInsertRowid);
    const insertFile = db.prepare(
      `INSERT INTO import_files (batch_id, ledger_id, file_name, file_hash, sheet, unit_id, unit_name, period, report_date, status, rows_applied, created_at)
       VALUES (?, 1, 'f.xlsx', ?, '报送表', NULL, '和平小学', ?, NULL, 'applied', 0, 'a')`,
    );
    expect(() => insertFile.run(batchId, 'short', '2020-06')).toThrow(/CHECK/);
    expect(() => insertFile.run(batchId, 'a'.repeat(64), '2020-6')).toThrow(/CHECK/);
    expect(() => insertFile.run(999, 'a'.repeat(64), '2020-06')).toThrow(/FOREIGN KEY/);
    insertFile.run(batchId, 'a'.repeat(64), '2020-06');
    // Deleting the ledger takes its batches and files with it.
    db.prepare('DELETE FROM ledgers').run();
    expect(db.prepare('SELECT count(*) AS n FROM import_files').get()).toEqual({ n: 0 });
    db.close();
  });
});
