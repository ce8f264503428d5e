// `taizhang rows --json` lists hierarchy, codes and every column, the ledger's custom columns included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { runCli } from '../../electron/cli.js';
import { createClient } from '#shared/client.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const db = tmp.file('cli.db');
let ledgerId: number;

beforeAll(async () => {
  const backend = createBackend(db);
  const client = createClient((m, i) => backend.dispatch(m, i));
  const ledger = await client.call('ledger.create', { name: '2020年台账', year: 2020 });
  ledgerId = ledger.id;
  const section = await client.call('rows.add', { ledgerId, level: 'section', values: { code: '一', task: '教育布局' } });
  const task = await client.call('rows.add', { ledgerId, parentId: section.id, values: { code: '5', task: '新建学校', deadline: '6月底前' } });
  await client.call('rows.add', { ledgerId, parentId: task.id, values: { measures: '新建教学楼' } });
  await client.call('columns.add', { ledgerId, label: '资金（万元）', type: 'number' });
  await client.call('columns.add', { ledgerId, label: '督查意见', type: 'longText', perPeriod: true });
  await client.call('cells.set', { rowId: task.id, column: 'x1', value: '1200' });
  await client.call('cells.set', { rowId: task.id, column: 'x2', value: '按期推进', period: '2020-06' });
  backend.close();
});
afterAll(() => tmp.cleanup());

describe('taizhang rows --json', () => {
  it('lists rows with hierarchy, codes, standard and custom columns', async () => {
    let out = '';
    const code = await runCli(['rows', '--db', db, '--ledger', String(ledgerId), '--json'], (t) => (out += t));
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.ledger).toEqual({ id: ledgerId, name: '2020年台账' });
    expect(json.columns.filter((c: { custom: boolean }) => c.custom)).toEqual([
      { key: 'x1', label: '资金（万元）', type: 'number', custom: true, perPeriod: false },
      { key: 'x2', label: '督查意见', type: 'longText', custom: true, perPeriod: true },
    ]);
    expect(json.columns[0]).toMatchObject({ key: 'code', label: '序号', custom: false });
    expect(json.rows.map((r: { level: string; depth: number; code: string }) => [r.level, r.depth, r.code])).toEqual([
      ['section', 0, '一'],
      ['task', 1, '5'],
      ['item', 2, ''],
    ]);
    const task = json.rows[1];
    expect(task.parentId).toBe(json.rows[0].id);
    expect(task.values.task).toBe('新建学校');
    expect(task.custom).toEqual({ x1: '1200', x2: '按期推进' });
    expect(task.deadlineDate).toBe('2020-06-30');
    expect(json.rows[2].custom).toEqual({ x1: '', x2: '' });
  });
});
