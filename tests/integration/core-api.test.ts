// The foundation slice through the real dispatcher on a real SQLite file: ledgers, rows, cells,
// per-period progress, the change log, units, and input validation that never reaches SQL.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '#shared/client.js';
import { AppError } from '#shared/errors.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
let backend: Backend;
let client: Client;
let n = 0;

beforeEach(() => {
  backend?.close();
  backend = createBackend(tmp.file(`core-${n++}.db`), { actor: '测试员' });
  client = createClient((m, i) => backend.dispatch(m, i));
});
afterAll(() => {
  backend?.close();
  tmp.cleanup();
});

async function expectError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  expect((err as AppError).message).toMatch(/[\u4e00-\u9fff]/);
  return err as AppError;
}

describe('ledgers', () => {
  it('creates, lists most recently used first, opens and renames', async () => {
    const a = await client.call('ledger.create', { name: '  2020年台账 ', year: 2020 });
    expect(a).toMatchObject({ name: '2020年台账', year: 2020, rowCount: 0 });
    await new Promise((r) => setTimeout(r, 5));
    const b = await client.call('ledger.create', { name: '2021年台账' });
    expect((await client.call('ledger.list', {})).map((l) => l.id)).toEqual([b.id, a.id]);
    await new Promise((r) => setTimeout(r, 5));
    await client.call('ledger.open', { ledgerId: a.id });
    expect((await client.call('ledger.list', {}))[0].id).toBe(a.id);
    const renamed = await client.call('ledger.rename', { ledgerId: b.id, name: '2021年重点工作台账' });
    expect(renamed.name).toBe('2021年重点工作台账');
  });

  it('rejects an empty name and an unknown ledger with Chinese messages', async () => {
    const err = await expectError(client.call('ledger.create', { name: '   ' }), 'invalid_input');
    expect(err.message).toContain('台账名称不能为空');
    await expectError(client.call('rows.list', { ledgerId: 999 }), 'not_found');
  });
});

describe('rows', () => {
  it('keeps the hierarchy in display order, inserting after a sibling', async () => {
    const { id: ledgerId } = await client.call('ledger.create', { name: '台账' });
    const s1 = await client.call('rows.add', { ledgerId, level: 'section', values: { code: '一', task: '全面从严治党' } });
    const t1 = await client.call('rows.add', { ledgerId, parentId: s1.id, values: { code: '1', task: '强化思想武装' } });
    const t3 = await client.call('rows.add', { ledgerId, parentId: s1.id, values: { code: '3', task: '严格教育监督执纪问责' } });
    const t2 = await client.call('rows.add', { ledgerId, parentId: s1.id, afterId: t1.id, values: { code: '2', task: '加强意识形态工作' } });
    const m1 = await client.call('rows.add', { ledgerId, parentId: t1.id, values: { measures: '做好党员发展工作' } });
    const s2 = await client.call('rows.add', { ledgerId, level: 'section', values: { code: '二', task: '保障和改善民生' } });
    expect(t1.level).toBe('task');
    expect(m1.level).toBe('item');
    const rows = await client.call('rows.list', { ledgerId });
    expect(rows.map((r) => r.id)).toEqual([s1.id, t1.id, m1.id, t2.id, t3.id, s2.id]);
    expect(rows.map((r) => r.values.code)).toEqual(['一', '1', '', '2', '3', '二']);
    expect((await client.call('ledger.list', {}))[0].rowCount).toBe(6);
    await expectError(client.call('rows.add', { ledgerId, parentId: m1.id }), 'invalid_input');
  });

  it('updates a cell, logs old → new with actor and source, and skips no-op writes', async () => {
    const { id: ledgerId } = await client.call('ledger.create', { name: '台账' });
    const row = await client.call('rows.add', { ledgerId, values: { task: '旧任务' } });
    const updated = await client.call('rows.updateCell', { rowId: row.id, field: 'task', value: '新任务' });
    expect(updated.values.task).toBe('新任务');
    await client.call('rows.updateCell', { rowId: row.id, field: 'task', value: '新任务' });
    const history = await client.call('rows.history', { rowId: row.id });
    expect(history.map((h) => h.action)).toEqual(['update_cell', 'insert_row']);
    expect(history[0]).toMatchObject({ field: 'task', oldValue: '旧任务', newValue: '新任务', actor: '测试员', source: 'manual' });
  });

  it('keeps progress per period, carries it forward, and reads as of the latest month with data by default', async () => {
    const { id: ledgerId } = await client.call('ledger.create', { name: '台账' });
    const row = await client.call('rows.add', { ledgerId, values: { task: '增加学位' } });
    await client.call('rows.updateCell', { rowId: row.id, field: 'status', value: '推进中', period: '2020-05' });
    await client.call('rows.updateCell', { rowId: row.id, field: 'status', value: '已完成', period: '2020-06' });
    await client.call('rows.updateCell', { rowId: row.id, field: 'progress', value: '已开工', period: '2020-05' });
    const may = await client.call('rows.list', { ledgerId, period: '2020-05' });
    expect(may[0]).toMatchObject({ period: '2020-05', values: { status: '推进中', progress: '已开工' } });
    const june = await client.call('rows.list', { ledgerId, period: '2020-06' });
    // June has no 进展情况 of its own: May's is carried forward, marked with its month.
    expect(june[0].values).toMatchObject({ status: '已完成', progress: '已开工' });
    expect(june[0].periods).toEqual({ status: '2020-06', progress: '2020-05' });
    expect(june[0].asOf).toMatchObject({ period: '2020-06', status: '已完成', statusPeriod: '2020-06', category: 'done', progress: 100, light: 'green' });
    const april = await client.call('rows.list', { ledgerId, period: '2020-04' });
    expect(april[0].values).toMatchObject({ status: '', progress: '' });
    expect(april[0].asOf).toMatchObject({ status: null, category: 'notStarted', progress: 0, derived: false });
    const latest = await client.call('rows.list', { ledgerId });
    expect(latest[0]).toMatchObject({ period: '2020-06', values: { status: '已完成', progress: '已开工', task: '增加学位' } });
    const history = await client.call('rows.history', { rowId: row.id });
    expect(history.find((h) => h.newValue === '已完成')).toMatchObject({ field: 'status', period: '2020-06', oldValue: '' });
    await expectError(client.call('rows.list', { ledgerId, period: '2020-13' }), 'invalid_input');
  });

  it('deletes a row with its children and keeps their values in the change log', async () => {
    const { id: ledgerId } = await client.call('ledger.create', { name: '台账' });
    const task = await client.call('rows.add', { ledgerId, values: { code: '5', task: '学前教育' } });
    const item = await client.call('rows.add', { ledgerId, parentId: task.id, values: { measures: '新建幼儿园' } });
    expect(await client.call('rows.delete', { rowId: task.id })).toEqual({ deleted: 2 });
    expect(await client.call('rows.list', { ledgerId })).toEqual([]);
    const log = await client.call('rows.history', { rowId: item.id });
    expect(log[0].action).toBe('delete_row');
    expect(JSON.parse(log[0].oldValue!)).toMatchObject({ measures: '新建幼儿园' });
    await expectError(client.call('rows.delete', { rowId: task.id }), 'not_found');
  });
});

describe('units', () => {
  it('adds units with aliases and refuses a name already used as an alias', async () => {
    const unit = await client.call('units.add', { name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['汉都三幼'] });
    expect(unit.aliases).toEqual(['汉都三幼']);
    await expectError(client.call('units.add', { name: '汉都三幼', kind: 'kindergarten' }), 'conflict');
    expect(await client.call('units.list', {})).toHaveLength(1);
  });
});

describe('input validation', () => {
  it('rejects hostile or malformed input by schema, before any SQL runs', async () => {
    const { id: ledgerId } = await client.call('ledger.create', { name: '台账' });
    const row = await client.call('rows.add', { ledgerId });
    const hostile = [
      ['rows.updateCell', { rowId: row.id, field: 'task = 1; DROP TABLE rows; --', value: 'x' }],
      ['rows.updateCell', { rowId: '1 OR 1=1', field: 'task', value: 'x' }],
      ['rows.updateCell', { rowId: row.id, field: 'task', value: 'x'.repeat(20_001) }],
      ['rows.list', { ledgerId, extra: 'not allowed' }],
      ['ledger.create', null],
      ['ledger.create', 'name'],
      ['rows.delete', { rowId: -1 }],
    ] as const;
    for (const [method, input] of hostile) {
      const result = await backend.dispatch(method, input);
      expect(result.ok, `${method} ${JSON.stringify(input).slice(0, 60)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message).toMatch(/^输入不正确/);
      }
    }
    expect((await client.call('rows.list', { ledgerId })).length).toBe(1);
  });

  it('answers an unknown method with unknown_method', async () => {
    const result = await backend.dispatch('rows.dropAll', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });
});
