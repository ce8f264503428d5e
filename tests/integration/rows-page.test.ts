// rows.page on a real SQLite file: any part of the display order, as columns, is exactly that slice of rows.list —
// values carried from earlier months, custom values, and facts rolled up from rows outside the part.
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { insertRowTree, type RowTreeSpec } from '../../electron/backend/db/bulk-rows.js';
import { createClient } from '#shared/client.js';
import type { ApiResult } from '#shared/errors.js';
import { unpackRows, type RowColumns } from '#shared/row-columns.js';
import { decodeWire, encodeWire } from '#shared/wire.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const backend = createBackend(tmp.file('page.db'), { actor: '测试' });
// Through JSON, as the web host carries answers.
const client = createClient(async (m, i) => decodeWire(encodeWire(await backend.dispatch(m, i))) as ApiResult<unknown>);
const rowsOf = (page: { rows: RowColumns }) => unpackRows(page.rows);
afterAll(() => {
  backend.close();
  tmp.cleanup();
});

/** Three sections of tasks with measure rows; a task's measures report, the task itself does not. */
function tree(): RowTreeSpec[] {
  return [0, 1, 2].map((s) => ({
    level: 'section',
    values: { code: ['一', '二', '三'][s]!, task: `第${s + 1}部分` },
    children: Array.from({ length: 4 }, (_, t) => ({
      level: 'task',
      values: { code: String(s * 4 + t + 1), task: `任务${s}-${t}`, deadline: `${t + 3}月底前` },
      children: Array.from({ length: 3 }, (_, m) => ({
        level: 'item',
        values: { measures: `措施${m}`, status: m === 0 && t === 3 ? '滞后' : '推进中', progressPct: `${(m + 1) * 20}%` },
      })),
    })),
  }));
}

describe('rows.page', () => {
  it('gives every part of the ledger exactly as rows.list reads it, with the total', async () => {
    const ledger = await client.call('ledger.create', { name: '分段读取', year: 2020 });
    const count = insertRowTree(backend.store.db, ledger.id, tree(), '2020-05', new Date().toISOString());
    const column = await client.call('columns.add', { ledgerId: ledger.id, label: '经费', type: 'number' });
    const all0 = await client.call('rows.list', { ledgerId: ledger.id, period: '2020-06' });
    const lastItem = all0.at(-1)!;
    // June: one value of its own, the rest carried from May; a custom value on a row of the last section.
    await client.call('cells.set', { rowId: lastItem.id, column: 'status', value: '已完成', period: '2020-06' });
    await client.call('cells.set', { rowId: lastItem.id, column: column.key, value: '12' });

    const all = await client.call('rows.list', { ledgerId: ledger.id, period: '2020-06' });
    expect(all).toHaveLength(count);
    expect(all.at(-1)!.periods?.status).toBe('2020-06');
    expect(all[1]!.asOf?.derived).toBe(true);
    for (const [offset, limit] of [
      [0, 1],
      [0, 5],
      [1, 7],
      [13, 20],
      [20, 100],
      [count - 1, 1],
      [0, count],
    ] as const) {
      const page = await client.call('rows.page', { ledgerId: ledger.id, period: '2020-06', offset, limit });
      expect(page.total, `${offset}+${limit}`).toBe(count);
      expect(page.period).toBe('2020-06');
      expect(rowsOf(page), `${offset}+${limit}`).toStrictEqual(all.slice(offset, offset + limit));
    }
    expect(rowsOf(await client.call('rows.page', { ledgerId: ledger.id, period: '2020-06', offset: count, limit: 10 }))).toEqual([]);
    // Without a period: the ledger's latest month, as rows.list.
    const head = await client.call('rows.page', { ledgerId: ledger.id, offset: 0, limit: 3 });
    expect(head.period).toBe('2020-06');
    expect(rowsOf(head)).toStrictEqual(all.slice(0, 3));
  });

  it('reads a part near the top of a big ledger from its first sections alone, in the same order and facts', async () => {
    // Twelve sections: a part within the first quarter is read section by section down the index, the rest
    // by ordering the whole ledger; both must give rows.list's slice, also after rows moved out of id order.
    const ledger = await client.call('ledger.create', { name: '前段读取', year: 2020 });
    const sections = Array.from({ length: 4 }, () => tree()).flat();
    const count = insertRowTree(backend.store.db, ledger.id, sections, '2020-05', new Date().toISOString());
    expect(count).toBe(12 * 17);
    const before = await client.call('rows.list', { ledgerId: ledger.id, period: '2020-05' });
    // The second section first, and the last task of the first section before its first one.
    await client.call('rows.move', { rowId: before[17]!.id, parentId: null, afterId: null });
    await client.call('rows.move', { rowId: before[13]!.id, parentId: before[0]!.id, afterId: null });
    const all = await client.call('rows.list', { ledgerId: ledger.id, period: '2020-05' });
    expect(all[0]!.id).toBe(before[17]!.id);
    expect(all[18]!.id).toBe(before[13]!.id);
    for (const [offset, limit] of [
      [0, 1],
      [0, 17],
      [10, 20],
      [17, 1],
      [30, 20],
      [40, 100],
    ] as const) {
      const page = await client.call('rows.page', { ledgerId: ledger.id, period: '2020-05', offset, limit });
      expect(page.total, `${offset}+${limit}`).toBe(count);
      expect(rowsOf(page), `${offset}+${limit}`).toStrictEqual(all.slice(offset, offset + limit));
    }
  });

  it('refuses an unknown ledger and a limit of zero', async () => {
    await expect(client.call('rows.page', { ledgerId: 999, offset: 0, limit: 10 })).rejects.toThrow(/台账/);
    await expect(client.call('rows.page', { ledgerId: 1, offset: 0, limit: 0 })).rejects.toThrow(/输入不正确/);
  });
});
