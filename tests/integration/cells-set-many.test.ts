// cells.setMany over the real dispatcher and SQLite: a block of cells checked one by one, the valid ones
// written in one transaction and logged, the refused ones named with the reason; an undo's writes are
// logged as 撤销 with the step they reverse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir('taizhang-setmany-');
let backend: Backend;
let ledgerId: number;
const ids: number[] = [];

async function call<T = any>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('cells.setMany', () => {
  beforeAll(async () => {
    backend = createBackend(tmp.file('m.db'), { actor: '办公室小王' });
    ledgerId = (await call('ledger.create', { name: '台账', year: 2020 })).id;
    const t = (await call('rows.add', { ledgerId, parentId: null, level: 'task', values: { code: '1', task: '建学校' } })).id;
    for (let k = 0; k < 3; k++) ids.push((await call('rows.add', { ledgerId, parentId: t, level: 'item', values: { measures: `措施${k}` } })).id);
  });
  afterAll(() => {
    backend?.close();
    tmp.cleanup();
  });

  it('writes the valid cells normalised, refuses the others with their reason, and returns each row once', async () => {
    const out = await call('cells.setMany', {
      period: '2020-06',
      cells: [
        { rowId: ids[0], column: 'progressPct', value: '８０％' },
        { rowId: ids[0], column: 'leader', value: '张局长' },
        { rowId: ids[1], column: 'progressPct', value: '大约一半' },
        { rowId: ids[2], column: 'deadline', value: '6月底前' },
        { rowId: 999999, column: 'leader', value: 'x' },
      ],
    });
    expect(out.cells[0]).toEqual({ value: '80%' });
    expect(out.cells[1]).toEqual({ value: '张局长' });
    expect(out.cells[2].error).toContain('不是百分数');
    expect(out.cells[3]).toEqual({ value: '6月底前' });
    expect(out.cells[4].error).toBeTruthy();
    expect(out.rows.map((r: { id: number }) => r.id).sort()).toEqual([ids[0], ids[2]].sort());
    const rows = await call('rows.list', { ledgerId, period: '2020-06' });
    expect(rows.find((r: { id: number }) => r.id === ids[0]).values).toMatchObject({ progressPct: '80%', leader: '张局长' });
    expect(rows.find((r: { id: number }) => r.id === ids[1]).values.progressPct).toBe('');
  });

  it('logs an undo as 撤销 with the step it reverses', async () => {
    await call('cells.setMany', { cells: [{ rowId: ids[0], column: 'leader', value: '' }], replay: { kind: 'undo', step: '粘贴 2 个单元格' } });
    await call('cells.set', { rowId: ids[0], column: 'leader', value: '张局长', replay: { kind: 'redo', step: '粘贴 2 个单元格' } });
    const history = await call('rows.history', { rowId: ids[0] });
    expect(history.slice(0, 2).map((e: { source: string; oldValue: string; newValue: string }) => [e.source, e.oldValue, e.newValue])).toEqual([
      ['重做：粘贴 2 个单元格', '', '张局长'],
      ['撤销：粘贴 2 个单元格', '张局长', ''],
    ]);
  });
});
