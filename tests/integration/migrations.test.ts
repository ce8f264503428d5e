// Shipped migrations never change, and each one upgrades a database of the version before it.
// The snapshot (tests/fixtures/schema/migrations.json) holds each migration's SQL hash: editing a shipped
// migration fails here; a new migration is added to the snapshot in the same commit that adds it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { REPO_ROOT } from '../helpers/serve.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const SNAPSHOT = path.join(REPO_ROOT, 'tests/fixtures/schema/migrations.json');
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('shipped migrations', () => {
  it('match their snapshot: a shipped migration is never edited, a new one is recorded', () => {
    const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as Record<string, { description: string; sha256: string }>;
    const now = Object.fromEntries(MIGRATIONS.map((m) => [String(m.version), { description: m.description, sha256: sha256(m.sql) }]));
    for (const [version, shipped] of Object.entries(snapshot)) {
      expect(now[version], `migration ${version} was removed`).toBeDefined();
      expect(now[version]!.sha256, `migration ${version} (${shipped.description}) was edited after it shipped — add a new migration instead`).toBe(
        shipped.sha256,
      );
    }
    const unrecorded = Object.keys(now).filter((v) => !(v in snapshot));
    expect(unrecorded, 'record new migrations in tests/fixtures/schema/migrations.json').toEqual([]);
  });
});

describe('migration 3: templates', () => {
  it('upgrades a version-2 database, keeping its data, and stores template bytes', () => {
    const file = tmp.file('v2.db');
    const v2 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 2) });
    v2.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('旧台账', 'a', 'a', 'a')").run();
    v2.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 3) });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT name FROM ledgers').get()).toEqual({ name: '旧台账' });
    const bytes = Buffer.from([0x50, 0x4b, 3, 4, 0, 0xff]);
    db.prepare(
      "INSERT INTO templates (name, kind, file_name, bytes, sheet_name, layout_json, mapping_json, created_at, updated_at) VALUES ('会议台账', 'ledger', 'a.xlsx', ?, '台账', '{}', '[]', 'a', 'a')",
    ).run(bytes);
    expect((db.prepare('SELECT bytes FROM templates').get() as { bytes: Buffer }).bytes.equals(bytes)).toBe(true);
    expect(() =>
      db
        .prepare("INSERT INTO templates (name, kind, file_name, bytes, sheet_name, layout_json, mapping_json, created_at, updated_at) VALUES ('x', 'other', 'a', ?, 's', '{}', '[]', 'a', 'a')")
        .run(bytes),
    ).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 6: status categories and ledger settings', () => {
  it('upgrades a version-5 database: existing statuses keep their labels with no category chosen', () => {
    const file = tmp.file('v5.db');
    const v5 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 5) });
    const ledger = v5.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('旧台账', 'a', 'a', 'a')").run().lastInsertRowid;
    v5.prepare("INSERT INTO ledger_statuses (ledger_id, position, label, color, done) VALUES (?, 0, '已办结', '#0a0', 1)").run(ledger);
    v5.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 6) });
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(db.prepare('SELECT label, done, category FROM ledger_statuses').get()).toEqual({ label: '已办结', done: 1, category: null });
    expect(() => db.prepare("UPDATE ledger_statuses SET category = 'finished'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE ledger_statuses SET category = 'done'").run();
    db.prepare("INSERT INTO ledger_settings (ledger_id, settings, updated_at) VALUES (?, '{}', 'a')").run(ledger);
    db.prepare('DELETE FROM ledgers').run();
    expect(db.prepare('SELECT count(*) AS n FROM ledger_settings').get()).toEqual({ n: 0 });
    db.close();
  });
});
