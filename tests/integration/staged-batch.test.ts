// An import batch staged outside the write lock (db/staged-rows.ts: RowsRepo.stageCells, ChangeLog.stage,
// SubmissionsRepo.stageSources) and moved in under it, on a real SQLite file: staging takes no lock and
// shows nothing to another connection; the move writes every value, entry and source in order (whole
// chunks and the remainder alike), the last value of a cell winning and '' clearing it; a failed batch
// writes none of them and leaves nothing behind for the next one.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../electron/backend/db/connection.js';
import { writeTransaction } from '../../electron/backend/db/write-transaction.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { TestBackend } from './ledger-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let n = 0;
let app: TestBackend;
let ledgerId: number;
let rowId: number;
let otherRowId: number;

beforeEach(async () => {
  app = new TestBackend(tmp.file(`staged-${++n}.db`));
  ledgerId = (await app.ok<{ id: number }>('ledger.create', { name: '2020台账', year: 2020 })).id;
  rowId = (await app.ok<{ id: number }>('rows.add', { ledgerId, level: 'task', values: { task: '新建幼儿园' } })).id;
  otherRowId = (await app.ok<{ id: number }>('rows.add', { ledgerId, level: 'task', values: { task: '课后服务' } })).id;
});
afterEach(() => app.close());

const AT = '2020-06-30T00:00:00.000Z';
const P = '2020-06';
const logged = (id = rowId) => app.backend.store.log.forRow(id).filter((e) => e.action === 'update_cell');

describe('staged cells (an import batch\'s progress values)', () => {
  it('writes the last value of each cell, deletes a cleared one, touches each row, across more than one chunk', () => {
    const { store } = app.backend;
    writeTransaction(store.db, () => store.rows.writeKnownCell({ actor: 't', source: 's' }, { ledgerId, rowId, field: 'problems', oldValue: '', value: '缺资金', period: P }, '2020-06-01T00:00:00.000Z'))();
    const cells = [
      ...Array.from({ length: 1200 }, (_, i) => ({ rowId, period: P, field: 'progress' as const, value: String(i + 1) })),
      { rowId, period: P, field: 'problems' as const, value: '' },
      { rowId: otherRowId, period: P, field: 'status' as const, value: '推进中' },
      ...Array.from({ length: 600 }, (_, i) => ({ rowId: otherRowId, period: `2020-${String((i % 6) + 1).padStart(2, '0')}`, field: 'progress' as const, value: `第${i}次` })),
    ];
    const staged = store.rows.stageCells(cells, AT);
    writeTransaction(store.db, () => store.rows.writeStagedCells(staged))();
    const row = store.rows.get(rowId, P, 'exact')!;
    expect(row.values).toMatchObject({ progress: '1200', problems: '' });
    expect(row.updatedAt).toBe(AT);
    const other = store.rows.get(otherRowId, P, 'exact')!;
    expect(other.values).toMatchObject({ status: '推进中', progress: '第599次' });
    expect(store.rows.get(otherRowId, '2020-01', 'exact')!.values.progress).toBe('第594次');
    expect(store.db.prepare('SELECT count(*) FROM temp.staged_progress').pluck().get()).toBe(0);
  });

  it('refuses a plan field: those are written one by one, with their deadline date', () => {
    expect(() => app.backend.store.rows.stageCells([{ rowId, period: P, field: 'deadline', value: '6月底' }], AT)).toThrow(/not a progress field/);
  });

  it('binds without the write lock and shows nothing to another connection before the move', () => {
    const { store } = app.backend;
    const other = connect(app.dbPath);
    try {
      other.pragma('busy_timeout = 0');
      other.exec('BEGIN IMMEDIATE'); // the other process is writing: staging must not wait for it
      store.db.pragma('busy_timeout = 0');
      const staged = store.rows.stageCells([{ rowId, period: P, field: 'progress', value: '已开工' }], AT);
      const changes = store.log.stage([{ rowId, action: 'update_cell', field: 'progress', period: P, oldValue: '', newValue: '已开工', fileIndex: 0, cell: 'F3' }]);
      expect(staged.rows.size).toBe(1);
      expect(changes.size).toBe(1);
      other.exec('COMMIT');
      expect(other.prepare('SELECT count(*) FROM row_progress').pluck().get()).toBe(0);
    } finally {
      other.close();
      store.db.pragma('busy_timeout = 15000');
    }
  });

  it('writes none of a batch that fails after the move, and the next batch has none of its values', () => {
    const { store } = app.backend;
    const staged = store.rows.stageCells(Array.from({ length: 700 }, (_, i) => ({ rowId, period: P, field: 'progress' as const, value: String(i) })), AT);
    expect(() =>
      writeTransaction(store.db, () => {
        store.rows.writeStagedCells(staged);
        throw new Error('disk gone');
      })(),
    ).toThrow('disk gone');
    expect(store.rows.get(rowId, P, 'exact')!.values.progress).toBe('');
    const next = store.rows.stageCells([{ rowId, period: P, field: 'status', value: '推进中' }], AT);
    writeTransaction(store.db, () => store.rows.writeStagedCells(next))();
    expect(store.rows.get(rowId, P, 'exact')!.values).toMatchObject({ progress: '', status: '推进中' });
  });
});

describe('staged change-log entries and value sources', () => {
  it('writes every entry in the order staged, each with its file\'s source around its cell and the batch number', () => {
    const { store } = app.backend;
    const changes = Array.from({ length: 1250 }, (_, i) => ({
      rowId,
      action: 'update_cell' as const,
      field: 'progress',
      period: P,
      oldValue: String(i),
      newValue: String(i + 1),
      fileIndex: i % 3,
      cell: `F${i + 3}`,
    }));
    const staged = store.log.stage(changes);
    const parts = [
      ['报送文件 一小.xlsx 表1!', ' sha256:aa 批次#'],
      ['报送文件 二小.xlsx 表1!', ' sha256:bb 批次#'],
      ['报送文件 三"小\\.xlsx 表1!', ' sha256:cc 批次#'],
    ];
    writeTransaction(store.db, () => {
      const files = store.submissions.stageBatchFiles(parts.map(([beforeCell, afterCell], i) => ({ fileId: 100 + i, beforeCell: beforeCell!, afterCell: afterCell! })));
      store.log.writeStaged(staged, { ledgerId, actor: '张三', at: AT, batchId: 42 }, files);
    })();
    const entries = logged().reverse();
    expect(entries.map((e) => e.newValue)).toEqual(changes.map((c) => c.newValue));
    expect(entries[1249]).toMatchObject({ ledgerId, rowId, at: AT, actor: '张三', field: 'progress', period: P, oldValue: '1249', source: '报送文件 二小.xlsx 表1!F1252 sha256:bb 批次#42' });
    expect(entries[2]!.source).toBe('报送文件 三"小\\.xlsx 表1!F5 sha256:cc 批次#42');
    expect(store.db.prepare('SELECT count(*) FROM change_log WHERE batch_id = 42').pluck().get()).toBe(1250);
  });

  it('gives each source its batch and the id of its file in the batch', () => {
    const { store } = app.backend;
    writeTransaction(store.db, () => {
      const batchId = store.submissions.createBatch(ledgerId, '张三', '/b.db', AT);
      const file = (name: string) =>
        store.submissions.addFile({ batchId, ledgerId, fileName: name, fileHash: 'a'.repeat(64), sheet: '表1', unitId: null, unitName: name, period: P, reportDate: null, rowsApplied: 1, createdAt: AT });
      const [first, second] = [file('一小.xlsx'), file('二小.xlsx')];
      const fileIds = [second, first];
      const staged = store.submissions.stageSources(
        Array.from({ length: 600 }, (_, i) => ({ fileIndex: i % 2, kind: 'cell' as const, rowId, field: 'progress', period: P, sheet: '表1', cell: `F${i}`, oldValue: '', newValue: String(i), reportDate: null })),
      );
      // Files staged in another order than their ids: each source gets the id of the file at its place in the batch.
      const files = store.submissions.stageBatchFiles(fileIds.map((fileId) => ({ fileId, beforeCell: '', afterCell: '' })));
      store.submissions.writeStagedSources(staged, batchId, files);
      const sources = store.submissions.sourcesOfBatch(batchId);
      expect(sources).toHaveLength(600);
      expect(sources.map((s) => s.cell)).toEqual(Array.from({ length: 600 }, (_, i) => `F${i}`));
      expect(sources.filter((s) => s.fileId === fileIds[1]).map((s) => s.newValue).slice(0, 2)).toEqual(['1', '3']);
      expect(new Set(sources.map((s) => s.batchId))).toEqual(new Set([batchId]));
    })();
  });
});
