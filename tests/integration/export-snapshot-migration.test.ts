// Migration 9 (export snapshots stored deflated) on a database of the previous version.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { LedgerExportsRepo, type ExportSnapshotRow } from '../../electron/backend/db/ledger-exports-repo.js';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.js';
import { deflatedExportSnapshotsSchema } from '../../electron/backend/db/migrations/009-deflated-export-snapshots.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const rows: ExportSnapshotRow[] = [
  { id: 1, parentId: null, level: 'task' as const, values: { code: '1', task: '建学校' }, custom: { 佐证材料: '照片' } },
  { id: 2, parentId: 1, level: 'item' as const, values: { measures: '新建幼儿园3所' }, custom: {} },
];

describe('migration 9: deflated export snapshots', () => {
  it('upgrades a version-8 database: its JSON text snapshots still read; new ones are stored deflated, much smaller', () => {
    const at = MIGRATIONS.indexOf(deflatedExportSnapshotsSchema);
    expect(at).toBeGreaterThan(0);
    const file = tmp.file('v8.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, at) });
    old.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('旧台账', 'a', 'a', 'a')").run();
    old
      .prepare("INSERT INTO ledger_exports (ledger_id, exported_at, period, template_id, file_name, snapshot) VALUES (1, 'at', '2020-06', NULL, '旧.xlsx', ?)")
      .run(JSON.stringify(rows));
    old.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, at + 1) });
    expect(db.pragma('user_version', { simple: true })).toBe(deflatedExportSnapshotsSchema.version);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE schema = 'main' AND name = 'ledger_exports'").get()).toEqual({ strict: 1 });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_exports'").pluck().all()).toEqual(['ledger_exports_by_ledger']);
    const repo = new LedgerExportsRepo(db);
    expect(repo.latest(1)).toEqual({ id: 1, ledgerId: 1, exportedAt: 'at', period: '2020-06', templateId: null, fileName: '旧.xlsx', rows });

    const many = Array.from({ length: 500 }, (_, i) => ({ ...rows[1]!, id: 10 + i, values: { measures: `措施${i}：完善工作机制，组织开展专项检查` } }));
    const id = repo.record({ ledgerId: 1, exportedAt: 'now', period: '2020-07', templateId: null, fileName: '新.xlsx', rows: many });
    expect(repo.latest(1)).toMatchObject({ id, fileName: '新.xlsx', rows: many });
    const stored = db.prepare('SELECT typeof(snapshot) AS type, length(snapshot) AS bytes FROM ledger_exports WHERE id = ?').get(id) as { type: string; bytes: number };
    expect(stored.type).toBe('blob');
    expect(stored.bytes).toBeLessThan(Buffer.byteLength(JSON.stringify(many)) / 4);
    // Nothing but JSON text or bytes is a snapshot; a ledger's removal still takes its exports.
    expect(() => db.prepare("UPDATE ledger_exports SET snapshot = 5 WHERE id = ?").run(id)).toThrow(/CHECK/);
    db.prepare('DELETE FROM ledgers WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM ledger_exports').pluck().get()).toBe(0);
    db.close();
  });
});
