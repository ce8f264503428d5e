// The workbench's pure pieces: clipboard text, undo steps, tree, filters (逾期 from the facts as of a month).
import { UnitDirectory } from '#shared/responsibility.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_DEFS } from '#shared/api/workbench-api.js';
import { attachAsOf } from '#shared/as-of.js';
import { asOfRules } from '../../renderer/src/pages/workbench/as-of-display.js';
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS } from '#shared/fields.js';
import { EditHistory, invert } from '../../renderer/src/pages/workbench/edit-history.js';
import { EMPTY_VIEW, isOverdue, TreeIndex, visibleRows, withDepth } from '../../renderer/src/pages/workbench/grid-model.js';
import { formatTsv, parseTsv } from '../../renderer/src/pages/workbench/tsv.js';

function row(id: number, parentId: number | null, values: Partial<Row['values']> = {}, deadlineDate: string | null = null): Row {
  const all = Object.fromEntries(FIELD_KEYS.map((k) => [k, ''])) as Row['values'];
  return { id, ledgerId: 1, parentId, position: 0, level: parentId == null ? 'section' : 'task', period: null, values: { ...all, ...values }, updatedAt: '', deadlineDate };
}

describe('tab-separated clipboard text', () => {
  it('reads blocks from Excel/WPS, with quoted cells holding tabs, line breaks and quotes', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseTsv('"多行\n文字"\t"含""引号"""\nx\t')).toEqual([['多行\n文字', '含"引号"'], ['x', '']]);
    expect(parseTsv('单个')).toEqual([['单个']]);
    expect(parseTsv('5"寸\tb')).toEqual([['5"寸', 'b']]);
  });

  it('writes what it reads', () => {
    const block = [['a\tb', '第"一"'], ['换\n行', '']];
    expect(parseTsv(formatTsv(block))).toEqual(block);
  });
});

describe('undo steps', () => {
  it('undoes and redoes groups in order, and a new edit clears redo', () => {
    const h = new EditHistory();
    const paste = [
      { rowId: 1, column: 'leader', oldValue: 'a', newValue: 'b' },
      { rowId: 2, column: 'leader', oldValue: 'c', newValue: 'd' },
    ];
    h.record(paste);
    const step = h.takeUndo()!;
    expect(invert(step)).toEqual([
      { rowId: 2, column: 'leader', oldValue: 'd', newValue: 'c' },
      { rowId: 1, column: 'leader', oldValue: 'b', newValue: 'a' },
    ]);
    h.undone(step);
    expect(h.canRedo).toBe(true);
    h.redone(h.takeRedo()!);
    expect(h.canUndo).toBe(true);
    h.takeUndo();
    h.undone(step);
    h.record([{ rowId: 3, column: 'task', oldValue: '', newValue: 'x' }]);
    expect(h.canRedo).toBe(false);
  });
});

describe('tree, filters and overdue', () => {
  const rows = withDepth([
    row(1, null, { code: '一', task: '布局' }),
    row(2, 1, { code: '1', task: '新建学校', leadDept: '规划建设科', status: '推进中' }, '2020-06-30'),
    row(3, 2, { measures: '教学楼', units: '汉都第三幼儿园' }, '2020-12-31'),
    row(4, 1, { code: '2', task: '师德', status: '已完成' }, '2020-06-30'),
  ]);
  const tree = new TreeIndex(rows);
  attachAsOf(rows, '2020-07', asOfRules(DEFAULT_STATUS_DEFS));
  const ctx = { units: new UnitDirectory([{ id: 1, name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['汉都三幼'] }]) };

  it('knows depth, children and what a collapsed ancestor hides', () => {
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 2, 1]);
    expect([...tree.hasChildren]).toEqual([1, 2]);
    expect(tree.hiddenByCollapse(3, new Set([1]))).toBe(true);
    expect(tree.hiddenByCollapse(2, new Set([2]))).toBe(false);
  });

  it('flags rows overdue as of the viewed month by their facts, never by today', () => {
    expect(isOverdue(rows[1]!)).toBe(true);
    expect(isOverdue(rows[2]!)).toBe(false);
    expect(isOverdue(rows[3]!)).toBe(false);
    // The same ledger as of March 2020: the June deadline has not come yet.
    const march = attachAsOf(withDepth(rows), '2020-03', asOfRules(DEFAULT_STATUS_DEFS));
    expect(march.map(isOverdue)).toEqual([false, false, false, false]);
    expect(visibleRows(march, { ...EMPTY_VIEW, overdue: true }, ctx, new TreeIndex(march))!.size).toBe(0);
    // Rows read without facts are not flagged.
    expect(isOverdue({ asOf: undefined })).toBe(false);
  });

  it('shows matches with their ancestors', () => {
    expect(visibleRows(rows, EMPTY_VIEW, ctx, tree)).toBeNull();
    expect([...visibleRows(rows, { ...EMPTY_VIEW, overdue: true }, ctx, tree)!].sort()).toEqual([1, 2]);
    expect([...visibleRows(rows, { ...EMPTY_VIEW, search: '教学楼' }, ctx, tree)!].sort()).toEqual([1, 2, 3]);
    expect([...visibleRows(rows, { ...EMPTY_VIEW, unit: '汉都第三幼儿园' }, ctx, tree)!].sort()).toEqual([1, 2, 3]);
    expect([...visibleRows(rows, { ...EMPTY_VIEW, status: '已完成' }, ctx, tree)!].sort()).toEqual([1, 4]);
  });
});
