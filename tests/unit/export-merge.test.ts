// buildMerge (taking back an exported ledger) over a plain in-memory MergeReads: the export's snapshot,
// the ledger's rows now and the file read back, compared three ways without SQLite.
import { describe, expect, it } from 'vitest';
import type { Row } from '#shared/domain.js';
import type { FieldKey } from '#shared/fields.js';
import type { ExportSnapshotRow } from '../../electron/backend/db/ledger-exports-repo.js';
import { buildMerge, type MergeFile } from '../../electron/backend/ledger-import/export-merge.js';
import type { LedgerNode, ReadColumn } from '../../electron/backend/ledger-import/ledger-reader.js';
import type { MergeReads } from '../../electron/backend/ledger-import/merge-reads.js';
import { row } from './plain-store-views.js';

const COLUMNS: ReadColumn[] = (['code', 'task', 'measures', 'progress'] as FieldKey[]).map((field, i) => ({
  col: i + 1,
  letter: 'ABCD'[i]!,
  header: field,
  use: { kind: 'field', field },
  note: '',
}));

function node(level: LedgerNode['level'], sheetRow: number, values: Partial<Record<FieldKey, string>>, children: LedgerNode[] = []): LedgerNode {
  const cells = Object.fromEntries(Object.keys(values).map((k) => [k, `${'ABCD'[COLUMNS.findIndex((c) => c.use.kind === 'field' && c.use.field === k)]}${sheetRow}`]));
  return { level, values, custom: {}, cell: `A${sheetRow}`, cells, sheetRow, children };
}

function file(roots: LedgerNode[]): MergeFile {
  return { name: '台账-修改稿.xlsx', size: 1, hash: 'f'.repeat(64), sheet: 'Sheet1', title: null, year: 2020, period: '2020-06', periodSource: 'default', columns: COLUMNS, roots, issues: [], skipped: [] };
}

const snapshotOf = (rows: Row[]): ExportSnapshotRow[] =>
  rows.map((r) => ({ id: r.id, parentId: r.parentId, level: r.level, values: Object.fromEntries(Object.entries(r.values).filter(([, v]) => v !== '')), custom: {} }));

/** The reads of one ledger: its rows now, and the rows its last export wrote (none: never exported). */
function reads(now: Row[], exported?: Row[]): MergeReads {
  return {
    ledgers: () => [{ id: 1, name: '2020台账' }],
    ledger: (id) => (id === 1 ? { name: '2020台账' } : undefined),
    latestExport: () =>
      exported && { id: 1, ledgerId: 1, exportedAt: '2020-06-30T08:00:00.000Z', period: '2020-06', templateId: null, fileName: 'x.xlsx', rows: snapshotOf(exported) },
    defaultPeriod: () => '2020-06',
    columns: () => [],
    statuses: () => ['已完成', '推进中', '未启动', '滞后'],
    rows: () => now,
    templateColumns: () => undefined,
  };
}

const EXPORTED = [
  row(1, null, 'section', { code: '一', task: '学前教育' }),
  row(2, 1, 'task', { code: '1', task: '新建幼儿园' }),
  row(3, 2, 'item', { measures: '完成选址', progress: '已选址' }),
  row(4, 2, 'item', { measures: '开工建设', progress: '未开工' }),
];

/** The export as read back from the file, with `edit` applied to the measure rows' values. */
function readBack(edit: Record<string, Partial<Record<FieldKey, string>>> = {}, extra: LedgerNode[] = []): MergeFile {
  return file([
    node('section', 4, { code: '一', task: '学前教育' }, [
      node('task', 5, { code: '1', task: '新建幼儿园' }, [
        node('item', 5, { measures: '完成选址', progress: '已选址', ...edit['完成选址'] }),
        node('item', 6, { measures: '开工建设', progress: '未开工', ...edit['开工建设'] }),
        ...extra,
      ]),
    ]),
  ]);
}

describe('buildMerge over a plain view of the store', () => {
  it('finds nothing to take back in an unedited export', () => {
    const plan = buildMerge(reads(EXPORTED, EXPORTED), readBack(), 1, '指定的台账');
    expect(plan.dto.totals).toEqual({ changes: 0, conflicts: 0, added: 0, deleted: 0 });
    expect(plan.ops).toEqual([]);
  });

  it('takes back a cell edited in Excel: old → new, with its cell', () => {
    const plan = buildMerge(reads(EXPORTED, EXPORTED), readBack({ 开工建设: { progress: '已开工' } }), 1, '指定的台账');
    expect(plan.dto.changes).toEqual([
      expect.objectContaining({ rowId: 4, field: 'progress', cell: 'D6', exportedValue: '未开工', fileValue: '已开工', appValue: '未开工', conflict: false }),
    ]);
  });

  it('a cell edited in the app since the export and differently in Excel is a conflict; one edited the same way is not', () => {
    const now = EXPORTED.map((r) => (r.id === 4 ? row(4, 2, 'item', { measures: '开工建设', progress: '主体封顶' }) : r));
    const conflict = buildMerge(reads(now, EXPORTED), readBack({ 开工建设: { progress: '已开工' } }), 1, '');
    expect(conflict.dto.changes).toEqual([expect.objectContaining({ rowId: 4, exportedValue: '未开工', fileValue: '已开工', appValue: '主体封顶', conflict: true })]);
    const same = buildMerge(reads(now, EXPORTED), readBack({ 开工建设: { progress: '主体封顶' } }), 1, '');
    expect(same.dto.totals.changes).toBe(0);
  });

  it('a row added in Excel is added under its task; a row deleted in Excel is listed, never deleted by default', () => {
    const added = buildMerge(reads(EXPORTED, EXPORTED), readBack({}, [node('item', 7, { measures: '竣工验收', progress: '' })]), 1, '');
    expect(added.dto.added).toEqual([expect.objectContaining({ level: 'item', parentId: 2, values: expect.objectContaining({ measures: '竣工验收' }) })]);
    const withoutSecond = file([node('section', 4, { code: '一', task: '学前教育' }, [node('task', 5, { code: '1', task: '新建幼儿园' }, [node('item', 5, { measures: '完成选址', progress: '已选址' })])])]);
    const deleted = buildMerge(reads(EXPORTED, EXPORTED), withoutSecond, 1, '');
    expect(deleted.dto.deleted).toEqual([expect.objectContaining({ rowId: 4, level: 'item' })]);
  });

  it('without an export the ledger as it is now is the base: a file brought back twice does not add its rows twice', () => {
    const now = [...EXPORTED, row(5, 2, 'item', { measures: '竣工验收' })];
    const plan = buildMerge(reads(now), readBack({}, [node('item', 7, { measures: '竣工验收' })]), 1, '');
    expect(plan.dto).toMatchObject({ exportedAt: null, totals: { changes: 0, added: 0, deleted: 0 } });
  });

  it('refuses a ledger the view does not have', () => {
    expect(() => buildMerge(reads(EXPORTED), readBack(), 2, '')).toThrow(/台账不存在/);
  });
});
