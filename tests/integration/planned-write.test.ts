// A plan built outside the write lock (db/planned-write.ts) on a real SQLite file shared by two
// connections: it still holds after edits of cells it did not read, and is stale after an edit of a row
// it read, a plan field, a row added, a unit added, or a write of its own connection.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planHolds, planOutsideLock, writePlanned } from '../../electron/backend/db/planned-write.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { TestBackend } from './ledger-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let n = 0;
let app: TestBackend;
let other: TestBackend;
let ledgerId: number;
let rowIds: number[];

beforeEach(async () => {
  const file = tmp.file(`planned-${++n}.db`);
  app = new TestBackend(file);
  ledgerId = (await app.ok<{ id: number }>('ledger.create', { name: '2020台账', year: 2020 })).id;
  rowIds = [];
  for (const task of ['新建幼儿园', '课后服务']) rowIds.push((await app.ok<{ id: number }>('rows.add', { ledgerId, level: 'task', values: { task } })).id);
  other = new TestBackend(file);
});
afterEach(() => {
  other.close();
  app.close();
});

/** A plan that read the first row only. */
const plan = () => planOutsideLock(app.backend.store.db, ledgerId, () => ({ value: 'plan', reads: new Set([rowIds[0]!]) }));
const holds = (p: ReturnType<typeof plan>) => planHolds(app.backend.store.db, ledgerId, p);
const edit = (b: TestBackend, rowId: number, field: string, value: string) => b.ok('rows.updateCell', { rowId, field, value, period: '2020-06' });

describe('a plan built outside the write lock', () => {
  it('holds when nothing was written, or only progress cells of rows it did not read (another process)', async () => {
    const p = plan();
    expect(holds(p)).toBe(true);
    await edit(other, rowIds[1]!, 'progress', '已开设托管班');
    expect(holds(p)).toBe(true);
  });

  it('is stale after another process edits a row it read, a plan field, adds a row or a unit', async () => {
    const p1 = plan();
    await edit(other, rowIds[0]!, 'progress', '已选址');
    expect(holds(p1)).toBe(false);
    const p2 = plan();
    await edit(other, rowIds[1]!, 'units', '和平小学');
    expect(holds(p2)).toBe(false);
    const p3 = plan();
    await other.ok('rows.add', { ledgerId, level: 'task', values: { task: '新增任务' } });
    expect(holds(p3)).toBe(false);
    const p4 = plan();
    await other.ok('units.add', { name: '和平小学', kind: 'school', aliases: [] });
    expect(holds(p4)).toBe(false);
  });

  it('is stale after another process edits a template mapping in place (a merge reads it)', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'templates', '报送模板-学校.xlsx')));
    const added = await other.ok<{ id: number; columns: { col: number }[] }>('templates.add', { bytes, fileName: '报送模板-学校.xlsx' });
    const p = plan();
    expect(holds(p)).toBe(true);
    await other.ok('templates.updateMapping', { templateId: added.id, columns: [{ col: added.columns[0]!.col, target: { kind: 'none' } }] });
    expect(holds(p)).toBe(false);
  });

  it("is stale after a write on its own connection (an edit handled while an import awaited its backup)", async () => {
    const p = plan();
    await edit(app, rowIds[0]!, 'progress', '已选址');
    expect(holds(p)).toBe(false);
  });

  it('writePlanned writes the plan it was given while it holds, and builds it again under the lock when it does not', async () => {
    const p = plan();
    const rebuilt = () => ({ value: 'rebuilt', reads: null });
    expect(writePlanned(app.backend.store.db, ledgerId, p, rebuilt, (v) => v)()).toBe('plan');
    await edit(other, rowIds[0]!, 'progress', '已选址');
    expect(writePlanned(app.backend.store.db, ledgerId, p, rebuilt, (v) => v)()).toBe('rebuilt');
  });
});
