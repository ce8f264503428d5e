// The workbench backend through the dispatcher on a real SQLite file: custom columns, typed cells,
// deadline dates, moves, statuses, views, layout, and the change log of it all.
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { createClient } from '#shared/client.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const backend = createBackend(tmp.file('wb.db'), { actor: '测试' });
const client = createClient((m, i) => backend.dispatch(m, i));
afterAll(() => {
  backend.close();
  tmp.cleanup();
});

describe('workbench backend', () => {
  it('keeps custom columns, typed values, deadline dates, moves and history', async () => {
    const ledger = await client.call('ledger.create', { name: '测试台账', year: 2020 });
    const section = await client.call('rows.add', { ledgerId: ledger.id, level: 'section', values: { code: '一', task: '教育布局' } });
    const task = await client.call('rows.add', { ledgerId: ledger.id, parentId: section.id, values: { code: '1', task: '新建学校', deadline: '6月底前' } });
    expect(task.deadlineDate).toBe('2020-06-30');
    const item = await client.call('rows.add', { ledgerId: ledger.id, parentId: task.id, values: { task: '小学', deadline: '长期坚持' } });
    expect(item.deadlineDate).toBeNull();

    const col = await client.call('columns.add', { ledgerId: ledger.id, label: '经费（万元）', type: 'number' });
    expect(col.key).toBe('x1');
    const set = await client.call('cells.set', { rowId: task.id, column: 'x1', value: '１２００' });
    expect(set.value).toBe('1200');
    expect(set.row.custom).toEqual({ x1: '1200' });
    await expect(client.call('cells.set', { rowId: task.id, column: 'x1', value: '很多' })).rejects.toThrow(/不是数字/);

    expect((await client.call('cells.set', { rowId: task.id, column: 'progressPct', value: '８０％', period: '2020-06' })).value).toBe('80%');
    expect((await client.call('cells.set', { rowId: task.id, column: 'status', value: '序时推进', period: '2020-06' })).value).toBe('推进中');
    const dl = await client.call('cells.set', { rowId: item.id, column: 'deadline', value: '年底前' });
    expect(dl.row.deadlineDate).toBe('2020-12-31');

    const rows = await client.call('rows.list', { ledgerId: ledger.id, period: '2020-06' });
    expect(rows.map((r) => r.id)).toEqual([section.id, task.id, item.id]);
    expect(rows[1].custom).toEqual({ x1: '1200' });
    expect(rows[1].values.progressPct).toBe('80%');

    const t2 = await client.call('rows.add', { ledgerId: ledger.id, parentId: section.id, values: { code: '2', task: '第二项' } });
    await client.call('rows.move', { rowId: t2.id, parentId: section.id, afterId: null });
    expect((await client.call('rows.list', { ledgerId: ledger.id })).map((r) => r.values.code)).toEqual(['一', '2', '1', '']);
    await expect(client.call('rows.move', { rowId: section.id, parentId: task.id, afterId: null })).rejects.toThrow(/自己的下级/);

    const history = await client.call('rows.history', { rowId: task.id });
    expect(history.find((h) => h.field === 'x1')).toMatchObject({ oldValue: '', newValue: '1200', actor: '测试' });

    const statuses = await client.call('statuses.set', {
      ledgerId: ledger.id,
      statuses: [{ label: '已办结', color: 'green', done: true }, { label: '推进中', color: 'blue' }],
    });
    expect(statuses).toHaveLength(2);
    await client.call('views.save', { ledgerId: ledger.id, name: '逾期', state: { overdue: true } });
    await client.call('layout.save', { ledgerId: ledger.id, layout: { columns: [{ id: 'task', width: 300 }, { id: 'remarks', hidden: true }] } });
    const config = await client.call('workbench.config', { ledgerId: ledger.id });
    expect(config.columns.map((c) => c.label)).toEqual(['经费（万元）']);
    expect(config.views[0].state).toEqual({ search: '', unit: '', leader: '', status: '', overdue: true });
    expect(config.layout?.columns[0]).toEqual({ id: 'task', width: 300 });
    expect(config.periods[0]).toBe('2020-06');

    await client.call('columns.delete', { columnId: col.id });
    expect((await client.call('rows.list', { ledgerId: ledger.id })).find((r) => r.id === task.id)?.custom).toEqual({});
  });
});

describe('plan fields through rows.updateCell', () => {
  it('writes plan fields to the row and progress fields to the period', async () => {
    const ledger = await client.call('ledger.create', { name: '另一个台账' });
    const row = await client.call('rows.add', { ledgerId: ledger.id });
    expect((await client.call('rows.updateCell', { rowId: row.id, field: 'task', value: '任务' })).values.task).toBe('任务');
    expect((await client.call('rows.updateCell', { rowId: row.id, field: 'status', value: '推进中', period: '2020-06' })).values.status).toBe('推进中');
    const dl = await client.call('rows.updateCell', { rowId: row.id, field: 'deadline', value: '2020年10月31日前' });
    expect(dl.deadlineDate).toBe('2020-10-31');
    expect(dl.values.deadline).toBe('2020年10月31日前');
  });

  it('checks and normalises a value as cells.set does: the same stored text, the same refusal', async () => {
    const ledger = await client.call('ledger.create', { name: '校验台账', year: 2020 });
    const row = await client.call('rows.add', { ledgerId: ledger.id });
    const refusal = async (method: string, input: unknown) => {
      const r = await backend.dispatch(method, input);
      if (r.ok) throw new Error(`${method} took the value`);
      return r.error;
    };
    for (const [field, bad] of [['progressPct', '大约一半'], ['progressPct', '120%'], ['status', '差不多了'], ['target', '八十']] as const) {
      const viaCells = await refusal('cells.set', { rowId: row.id, column: field, value: bad, period: '2020-06' });
      const viaRows = await refusal('rows.updateCell', { rowId: row.id, field, value: bad, period: '2020-06' });
      expect(viaCells.code).toBe('invalid_value');
      expect(viaRows).toEqual(viaCells);
    }
    const normalised = await client.call('rows.updateCell', { rowId: row.id, field: 'progressPct', value: '８０％', period: '2020-06' });
    expect(normalised.values.progressPct).toBe('80%');
    expect((await client.call('rows.updateCell', { rowId: row.id, field: 'status', value: '序时推进', period: '2020-06' })).values.status).toBe('推进中');
    const [entry] = await client.call('rows.history', { rowId: row.id });
    expect(entry).toMatchObject({ field: 'status', newValue: '推进中' });
  });
});

describe('migration 2', () => {
  it('upgrades a version-1 database: deadlines written before it get their dates when the ledger is read', async () => {
    const { initialSchema } = await import('../../electron/backend/db/migrations/001-initial.js');
    const { openDatabase } = await import('../../electron/backend/db/open-database.js');
    const file = tmp.file('v1.db');
    const old = openDatabase(file, { migrations: [initialSchema] });
    const ledgerId = Number(
      old.prepare("INSERT INTO ledgers (name, year, created_at, updated_at, last_used_at) VALUES ('旧台账', 2021, 'x', 'x', 'x')").run().lastInsertRowid,
    );
    old
      .prepare("INSERT INTO rows (ledger_id, parent_id, position, level, deadline, created_at, updated_at) VALUES (?, NULL, 0, 'task', '三季度末', 'x', 'x')")
      .run(ledgerId);
    old.close();

    const upgraded = createBackend(file);
    try {
      const c = createClient((m, i) => upgraded.dispatch(m, i));
      expect((await c.call('app.info', {})).schemaVersion).toBeGreaterThanOrEqual(2);
      const [row] = await c.call('rows.list', { ledgerId });
      expect(row.deadlineDate).toBe('2021-09-30');
      expect(row.custom).toEqual({});
      expect((await c.call('workbench.config', { ledgerId })).statuses.map((s) => s.label)).toEqual(['已完成', '推进中', '未启动', '滞后']);
    } finally {
      upgraded.close();
    }
  });
});

describe('units directory', () => {
  it('edits names, kinds and aliases, refuses a name another unit has, and deletes', async () => {
    const a = await client.call('units.add', { name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['三幼'] });
    const b = await client.call('units.add', { name: '和平小学', kind: 'school', aliases: [] });
    const edited = await client.call('units.update', { unitId: a.id, aliases: ['汉都三幼', '三幼'] });
    expect(edited.aliases.sort()).toEqual(['三幼', '汉都三幼']);
    await expect(client.call('units.update', { unitId: b.id, aliases: ['汉都三幼'] })).rejects.toThrow(/已属于其他单位/);
    expect((await client.call('units.update', { unitId: b.id, name: '和平路小学' })).name).toBe('和平路小学');
    // A unit cell keeps what the clerk typed; the directory's names are derived when it is read.
    const ledger = await client.call('ledger.create', { name: '单位测试' });
    const row = await client.call('rows.add', { ledgerId: ledger.id });
    expect((await client.call('cells.set', { rowId: row.id, column: 'units', value: '汉都三幼、和平路小学、东元中学' })).value).toBe(
      '汉都三幼、和平路小学、东元中学',
    );
    expect(await client.call('units.delete', { unitId: b.id })).toEqual({ deleted: 1 });
    expect((await client.call('units.list', {})).map((u) => u.name)).not.toContain('和平路小学');
  });

  it('lists the months with data of each ledger only (progress and per-month custom values), newest first', async () => {
    const a = await client.call('ledger.create', { name: '甲台账', year: 2020 });
    const b = await client.call('ledger.create', { name: '乙台账', year: 2020 });
    const rowA = await client.call('rows.add', { ledgerId: a.id, values: { task: '甲任务' } });
    const rowB = await client.call('rows.add', { ledgerId: b.id, values: { task: '乙任务' } });
    await client.call('cells.set', { rowId: rowA.id, column: 'status', value: '推进中', period: '2020-03' });
    await client.call('cells.set', { rowId: rowA.id, column: 'progressPct', value: '50%', period: '2020-06' });
    await client.call('cells.set', { rowId: rowB.id, column: 'status', value: '推进中', period: '2020-04' });
    const monthly = await client.call('columns.add', { ledgerId: a.id, label: '本月经费', type: 'number', perPeriod: true });
    await client.call('cells.set', { rowId: rowA.id, column: monthly.key, value: '3', period: '2020-05' });
    expect((await client.call('workbench.config', { ledgerId: a.id })).periods).toEqual(['2020-06', '2020-05', '2020-03']);
    const configB = await client.call('workbench.config', { ledgerId: b.id });
    expect(configB.periods).toEqual(['2020-04']);
    expect(configB.defaultPeriod).toBe('2020-04');
  });
});
