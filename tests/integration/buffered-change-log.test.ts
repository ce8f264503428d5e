// The change log and the cells buffered for a batch (db/change-log.ts, RowsRepo.buffered over
// db/multi-row-insert.ts) on a real SQLite file: every entry and value is written, in the order recorded,
// whole chunks and the remainder alike; a failed batch writes none of them and leaves nothing behind
// for the next write.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../electron/backend/db/write-transaction.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { TestBackend } from './ledger-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let n = 0;
let app: TestBackend;
let ledgerId: number;
let rowId: number;

beforeEach(async () => {
  app = new TestBackend(tmp.file(`buffered-${++n}.db`));
  ledgerId = (await app.ok<{ id: number }>('ledger.create', { name: '2020台账', year: 2020 })).id;
  rowId = (await app.ok<{ id: number }>('rows.add', { ledgerId, level: 'task', values: { task: '新建幼儿园' } })).id;
});
afterEach(() => app.close());

const AT = '2020-06-30T00:00:00.000Z';
const record = (i: number) =>
  app.backend.store.log.record(
    { actor: 'test', source: `批次 ${i}`, batchId: null },
    { ledgerId, rowId, action: 'update_cell', field: 'progress', period: '2020-06', oldValue: String(i - 1), newValue: String(i) },
    AT,
  );
const imported = () => app.backend.store.log.forRow(rowId).filter((e) => e.action === 'update_cell');

describe('a buffered change log', () => {
  it('writes every entry in the order recorded (two whole chunks and a remainder)', () => {
    const { store } = app.backend;
    writeTransaction(store.db, () => store.log.buffered(() => {
      for (let i = 1; i <= 250; i++) record(i);
    }))();
    const entries = imported().reverse();
    expect(entries).toHaveLength(250);
    expect(entries.map((e) => e.newValue)).toEqual(Array.from({ length: 250 }, (_, i) => String(i + 1)));
    expect(entries[249]).toMatchObject({ ledgerId, rowId, actor: 'test', field: 'progress', period: '2020-06', oldValue: '249', source: '批次 250' });
  });

  it('writes nothing of a batch that fails, and the next write has none of its entries', () => {
    const { store } = app.backend;
    expect(() =>
      writeTransaction(store.db, () => store.log.buffered(() => {
        for (let i = 1; i <= 150; i++) record(i);
        throw new Error('disk gone');
      }))(),
    ).toThrow('disk gone');
    expect(imported()).toHaveLength(0);
    writeTransaction(store.db, () => store.log.buffered(() => record(1)))();
    expect(imported().map((e) => e.newValue)).toEqual(['1']);
  });
});

describe('buffered cells (an import batch)', () => {
  const cell = (field: 'progress' | 'problems' | 'status', oldValue: string, value: string) =>
    app.backend.store.rows.writeKnownCell(
      { actor: 'test', source: '报送文件', batchId: null },
      { ledgerId, rowId, field, oldValue, value, period: '2020-06' },
      AT,
    );

  it('writes every value in order (the last of a cell wins, a cleared one is deleted), and a read in between sees them', () => {
    const { store } = app.backend;
    let seen: string | undefined;
    writeTransaction(store.db, () => store.rows.buffered(() => {
      for (let i = 1; i <= 250; i++) cell('progress', String(i - 1), String(i));
      cell('problems', '', '缺资金');
      seen = store.rows.get(rowId, '2020-06', 'exact')?.values.progress;
      cell('problems', '缺资金', '');
      cell('status', '', '推进中');
    }))();
    expect(seen).toBe('250');
    const row = store.rows.get(rowId, '2020-06', 'exact')!;
    expect(row.values).toMatchObject({ progress: '250', problems: '', status: '推进中' });
    expect(row.updatedAt).toBe(AT);
    expect(imported()).toHaveLength(253);
  });

  it('writes none of the cells of a batch that fails, and the next write has none of them', () => {
    const { store } = app.backend;
    expect(() =>
      writeTransaction(store.db, () => store.rows.buffered(() => {
        for (let i = 1; i <= 150; i++) cell('progress', String(i - 1), String(i));
        throw new Error('disk gone');
      }))(),
    ).toThrow('disk gone');
    expect(store.rows.get(rowId, '2020-06', 'exact')!.values.progress).toBe('');
    writeTransaction(store.db, () => store.rows.buffered(() => cell('status', '', '推进中')))();
    expect(store.rows.get(rowId, '2020-06', 'exact')!.values).toMatchObject({ progress: '', status: '推进中' });
    expect(imported()).toHaveLength(1);
  });
});
