// Bulk assignment (rows.assign) and splitting a task to its units (rows.split) through the dispatcher on
// a real SQLite file: replace/add, aliases counted as named, blank-only deadlines, refusals, the change log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { createClient } from '#shared/client.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const backend = createBackend(tmp.file('assign.db'), { actor: '测试' });
const client = createClient((m, i) => backend.dispatch(m, i));
afterAll(() => {
  backend.close();
  tmp.cleanup();
});

let ledgerId: number;
const ids: Record<string, number> = {};
const values = async () => new Map((await client.call('rows.list', { ledgerId })).map((r) => [r.id, r.values]));

beforeAll(async () => {
  await client.call('units.add', { name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['汉都三幼'] });
  await client.call('units.add', { name: '和平小学', kind: 'school', aliases: ['和平小'] });
  await client.call('units.add', { name: '规划建设科', kind: 'department', aliases: ['规建科'] });
  ledgerId = (await client.call('ledger.create', { name: '指派测试', year: 2020 })).id;
  const add = async (parentId: number | null, level: 'section' | 'task' | 'item', v: Record<string, string>) =>
    (await client.call('rows.add', { ledgerId, parentId, level, values: v })).id;
  ids.s1 = await add(null, 'section', { code: '一', task: '布局' });
  ids.t1 = await add(ids.s1, 'task', { code: '1', task: '增加学位', leadDept: '规划建设科', units: '汉都三幼、东元中学', deadline: '6月底前' });
  ids.t2 = await add(ids.s1, 'task', { code: '2', task: '学前教育', units: '', deadline: '' });
  ids.t3 = await add(ids.s1, 'task', { code: '3', task: '教师招聘', units: '和平小学', leader: '张局长' });
  ids.i1 = await add(ids.t1, 'item', { measures: '新建教学楼' });
});

describe('rows.assign', () => {
  it('replaces a field on the selected rows in one call, skipping section rows, and logs each changed cell', async () => {
    const out = await client.call('rows.assign', { rowIds: [ids.s1, ids.t2, ids.t3], field: 'leader', value: ' 李副局长 ', mode: 'replace' });
    expect(out).toMatchObject({ changed: 2, skipped: 1 });
    expect(out.rows.map((r) => r.values.leader)).toEqual(['李副局长', '李副局长']);
    const v = await values();
    expect(v.get(ids.s1)!.leader).toBe('');
    expect(v.get(ids.t3)!.leader).toBe('李副局长');
    const history = await client.call('rows.history', { rowId: ids.t3 });
    expect(history[0]).toMatchObject({ action: 'update_cell', field: 'leader', oldValue: '张局长', newValue: '李副局长', actor: '测试', source: '批量指派' });
    // The same value again changes nothing and logs nothing.
    const again = await client.call('rows.assign', { rowIds: [ids.t2, ids.t3], field: 'leader', value: '李副局长', mode: 'replace' });
    expect(again.changed).toBe(0);
    expect(await client.call('rows.history', { rowId: ids.t3 })).toHaveLength(history.length);
  });

  it('adds only the names not already named; an alias counts as named; what was typed is kept', async () => {
    const out = await client.call('rows.assign', {
      rowIds: [ids.t1, ids.t2, ids.t3],
      field: 'units',
      value: '汉都第三幼儿园、和平小',
      mode: 'add',
    });
    const v = await values();
    // t1 names 汉都三幼 (alias of 汉都第三幼儿园): only 和平小 is appended.
    expect(v.get(ids.t1)!.units).toBe('汉都三幼、东元中学、和平小');
    expect(v.get(ids.t2)!.units).toBe('汉都第三幼儿园、和平小');
    // t3 names 和平小学 already: only the kindergarten is added.
    expect(v.get(ids.t3)!.units).toBe('和平小学、汉都第三幼儿园');
    expect(out.changed).toBe(3);
    // Adding names all rows already name changes nothing.
    expect((await client.call('rows.assign', { rowIds: [ids.t1, ids.t2], field: 'units', value: '和平小学', mode: 'add' })).changed).toBe(0);
    const history = await client.call('rows.history', { rowId: ids.t1 });
    expect(history[0]).toMatchObject({ field: 'units', oldValue: '汉都三幼、东元中学', newValue: '汉都三幼、东元中学、和平小' });
  });

  it('adds a deadline only where it is blank, replaces it everywhere, and refuses one it cannot read', async () => {
    const added = await client.call('rows.assign', { rowIds: [ids.t1, ids.t2], field: 'deadline', value: '年底前', mode: 'add' });
    expect(added.changed).toBe(1);
    let v = await values();
    expect(v.get(ids.t1)!.deadline).toBe('6月底前');
    expect(v.get(ids.t2)!.deadline).toBe('年底前');
    expect(added.rows[0]).toMatchObject({ id: ids.t2, deadlineDate: '2020-12-31' });

    const replaced = await client.call('rows.assign', { rowIds: [ids.t1, ids.t2], field: 'deadline', value: '2020年10月31日前', mode: 'replace' });
    expect(replaced.changed).toBe(2);
    expect(replaced.rows.map((r) => r.deadlineDate)).toEqual(['2020-10-31', '2020-10-31']);

    const before = await values();
    await expect(client.call('rows.assign', { rowIds: [ids.t1, ids.t3], field: 'deadline', value: '尽快吧', mode: 'replace' })).rejects.toThrow(/尽快吧/);
    v = await values();
    expect(v).toEqual(before);
  });

  it('refuses an empty value to add, an unknown row, and rows of two ledgers', async () => {
    await expect(client.call('rows.assign', { rowIds: [ids.t1], field: 'units', value: ' ', mode: 'add' })).rejects.toThrow(/请填写要追加的责任单位/);
    await expect(client.call('rows.assign', { rowIds: [ids.t1, 99999], field: 'leader', value: '王', mode: 'replace' })).rejects.toThrow(/不存在/);
    await expect(client.call('rows.assign', { rowIds: [], field: 'leader', value: '王', mode: 'replace' })).rejects.toThrow(/请先选择/);
    const other = await client.call('ledger.create', { name: '另一台账' });
    const row = await client.call('rows.add', { ledgerId: other.id });
    await expect(client.call('rows.assign', { rowIds: [ids.t1, row.id], field: 'leader', value: '王', mode: 'replace' })).rejects.toThrow(/同一个台账/);
    expect((await values()).get(ids.t1)!.leader).toBe('');
  });
});

describe('rows.split', () => {
  it('creates one item row per unit of 责任单位 (resolved, in order), not for the lead department, once', async () => {
    await client.call('rows.updateCell', { rowId: ids.t1, field: 'units', value: '汉都三幼、规建科、东元中学' });
    const out = await client.call('rows.split', { rowId: ids.t1 });
    expect(out.created).toBe(2);
    expect(out.existing).toEqual([]);
    expect(out.rows.map((r) => [r.level, r.parentId, r.values.units, r.values.deadline, r.values.task])).toEqual([
      ['item', ids.t1, '汉都第三幼儿园', '', ''],
      ['item', ids.t1, '东元中学', '', ''],
    ]);
    const rows = await client.call('rows.list', { ledgerId });
    const children = rows.filter((r) => r.parentId === ids.t1);
    expect(children.map((r) => r.values.measures || r.values.units)).toEqual(['新建教学楼', '汉都第三幼儿园', '东元中学']);
    expect(await client.call('rows.history', { rowId: out.rows[0]!.id })).toMatchObject([{ action: 'insert_row', source: '拆分到各责任单位' }]);

    // A second split creates nothing; a unit added later gets its row, an alias of a split one does not.
    expect(await client.call('rows.split', { rowId: ids.t1 })).toMatchObject({ created: 0, existing: ['汉都第三幼儿园', '东元中学'] });
    await client.call('rows.updateCell', { rowId: ids.t1, field: 'units', value: '汉都第三幼儿园、东元中学、和平小' });
    const third = await client.call('rows.split', { rowId: ids.t1 });
    expect(third.rows.map((r) => r.values.units)).toEqual(['和平小学']);
  });

  it('counts a child row that already names a unit (any spelling), and splits a task naming one unit', async () => {
    const t = (await client.call('rows.add', { ledgerId, parentId: ids.s1, values: { code: '4', units: '和平小学、汉都第三幼儿园' } })).id;
    await client.call('rows.add', { ledgerId, parentId: t, values: { measures: '扩班', units: '汉都三幼' } });
    const out = await client.call('rows.split', { rowId: t });
    expect(out).toMatchObject({ created: 1, existing: ['汉都第三幼儿园'] });
    expect(out.rows[0]!.values.units).toBe('和平小学');

    const single = (await client.call('rows.add', { ledgerId, parentId: ids.s1, values: { code: '5', units: '和平小' } })).id;
    expect((await client.call('rows.split', { rowId: single })).rows.map((r) => r.values.units)).toEqual(['和平小学']);
  });

  it('refuses section and item rows and tasks without units besides the lead department', async () => {
    const count = (await client.call('rows.list', { ledgerId })).length;
    await expect(client.call('rows.split', { rowId: ids.s1 })).rejects.toThrow(/章节行不能拆分/);
    await expect(client.call('rows.split', { rowId: ids.i1 })).rejects.toThrow(/明细行不能再拆分/);
    const empty = (await client.call('rows.add', { ledgerId, parentId: ids.s1, values: { code: '6', leadDept: '规划建设科' } })).id;
    await expect(client.call('rows.split', { rowId: empty })).rejects.toThrow(/还没有填写责任单位/);
    await client.call('rows.updateCell', { rowId: empty, field: 'units', value: '规建科' });
    await expect(client.call('rows.split', { rowId: empty })).rejects.toThrow(/只有牵头科室/);
    expect((await client.call('rows.list', { ledgerId })).length).toBe(count + 1);
  });
});
