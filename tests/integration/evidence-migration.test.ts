// Migration 8 (佐证材料) on a database of the previous version, and its constraints.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.js';
import { evidenceSchema } from '../../electron/backend/db/migrations/008-evidence.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('migration 8: evidence', () => {
  it('upgrades a version-7 database keeping its data; rows take their evidence records with them', () => {
    const at = MIGRATIONS.indexOf(evidenceSchema);
    expect(at).toBeGreaterThan(0);
    const file = tmp.file('v7.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, at) });
    old.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('旧台账', 'a', 'a', 'a')").run();
    old.prepare("INSERT INTO rows (ledger_id, position, level, created_at, updated_at) VALUES (1, 0, 'task', 'a', 'a')").run();
    old.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, at + 1) });
    expect(db.pragma('user_version', { simple: true })).toBe(evidenceSchema.version);
    expect(db.prepare('SELECT name FROM ledgers').get()).toEqual({ name: '旧台账' });
    const insert = db.prepare(
      `INSERT INTO evidence (ledger_id, row_id, period, name, size, sha256, type, added_at, added_by, source) VALUES (1, 1, ?, ?, 10, ?, 'jpeg', 'a', 'b', 'manual')`,
    );
    const sha = 'a'.repeat(64);
    expect(() => insert.run('2020-6', '照片.jpg', sha)).toThrow(/CHECK/);
    expect(() => insert.run('2020-06', '照片.jpg', 'short')).toThrow(/CHECK/);
    expect(() => insert.run('2020-06', '', sha)).toThrow(/CHECK/);
    insert.run('2020-06', '照片.jpg', sha);
    db.prepare('DELETE FROM rows WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 0 });
    db.close();
  });
});
