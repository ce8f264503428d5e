// The change log buffered for a batch (db/change-log.ts over db/multi-row-insert.ts) on a real SQLite file:
// every entry is written, in the order recorded, whole chunks and the remainder alike; a failed batch
// writes none of them and leaves nothing behind for the next write.
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
