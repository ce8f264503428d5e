// The paste planner and the rectangle, without a browser: which cells a paste, a Delete and a copy
// touch, given the target, the clipboard block and the shown rows with their levels.
import { describe, expect, it } from 'vitest';
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS, type RowLevel } from '#shared/fields.js';
import { inRect, rectOf, stepEnd } from '../../renderer/src/pages/workbench/cell-range.js';
import { EditHistory } from '../../renderer/src/pages/workbench/edit-history.js';
import type { GridRow } from '../../renderer/src/pages/workbench/grid-model.js';
import { actionTargetOf, copyBlock, pasteNotice, pasteQuestion, planClear, planCopy, planPaste, targetOfRect } from '../../renderer/src/pages/workbench/paste-plan.js';

function row(id: number, level: RowLevel, values: Partial<Row['values']> = {}): GridRow {
  const all = Object.fromEntries(FIELD_KEYS.map((k) => [k, ''])) as Row['values'];
  return { id, ledgerId: 1, parentId: null, position: 0, level, period: null, values: { ...all, ...values }, updatedAt: '', deadlineDate: null, depth: 0 };
}

const columns = ['code', 'task', 'measures', 'leader', 'leadDept', 'status', 'light', 'remarks'].map((id) => ({ id }));
const col = (id: string) => columns.findIndex((c) => c.id === id);
const rows = [
  row(1, 'section', { code: '一', task: '教育布局' }),
  row(2, 'task', { code: '1', task: '建学校', leader: '张局长' }),
  row(3, 'item', { measures: '措施甲', leader: '王科长' }),
  row(4, 'item', { measures: '措施乙' }),
  row(5, 'task', { code: '2', task: '普惠', leader: '李局长', remarks: '备' }),
];

describe('the paste planner', () => {
  it('pastes a block from the top-left of the target, writing only the cells that change', () => {
    const plan = planPaste([['王科长', '督导室'], ['陈科长', '安全科']], { rows: [2], left: col('leader'), right: col('leader') }, rows, columns);
    expect(plan.writes).toEqual([
      { rowId: 3, column: 'leadDept', value: '督导室' },
      { rowId: 4, column: 'leader', value: '陈科长' },
      { rowId: 4, column: 'leadDept', value: '安全科' },
    ]);
    expect(plan.overwritten).toBe(0);
    expect(plan.fill).toBe(false);
    expect(plan.clipped).toBe(false);
  });

  it('fills a whole rectangle with one value, and counts the non-empty cells it overwrites', () => {
    const target = targetOfRect(rectOf({ row: 1, col: col('leader') }, { row: 3, col: col('leadDept') }));
    const plan = planPaste([['统一']], target, rows, columns);
    expect(plan.fill).toBe(true);
    expect(plan.writes).toHaveLength(6);
    expect(plan.overwritten).toBe(2);
  });

  it('counts what is written, not the size of the block: rows and columns off the grid are clipped', () => {
    const block = Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 'x'));
    const plan = planPaste(block, { rows: [2], left: col('leadDept'), right: col('leadDept') }, rows, columns);
    // 3 rows (measure, measure, task) × 4 columns (牵头科室, 状态, 备注; the light is passed over).
    expect(plan.writes).toHaveLength(9);
    expect(plan.clipped).toBe(true);
    expect(plan.writes.some((w) => w.column === 'light')).toBe(false);
  });

  it('notices when a paste from a measure row runs onto task or section rows', () => {
    const plan = planPaste([['a'], ['b'], ['c']], { rows: [2], left: col('remarks'), right: col('remarks') }, rows, columns);
    expect(plan.structureRows).toBe(1);
    expect(pasteQuestion(plan, 1000)).toContain('写到 1 个章节或任务行上');
    // Starting on a task row is an ordinary paste there.
    const fromTask = planPaste([['a'], ['b']], { rows: [1], left: col('remarks'), right: col('remarks') }, rows, columns);
    expect(fromTask.structureRows).toBe(0);
    expect(pasteQuestion(fromTask, 1000)).toBeNull();
  });

  it('asks when more non-empty cells than a screenful would be overwritten, with the count written', () => {
    const plan = planPaste([['新'], ['新']], { rows: [1], left: col('leader'), right: col('leader') }, rows, columns);
    expect(plan.overwritten).toBe(2);
    expect(pasteQuestion(plan, 2)).toBeNull();
    expect(pasteQuestion(plan, 1)).toBe('这次粘贴将写入 2 个单元格，其中 2 个原来有内容，会被覆盖。确定粘贴吗？粘贴后按 Ctrl+Z 可一次撤销。');
    expect(pasteNotice(plan, 2)).toBe('已粘贴 2 个单元格。按 Ctrl+Z 可撤销。');
    expect(pasteNotice(plan, 1, 1, '“大约”不是日期。')).toContain('1 个单元格的内容不符合该列要求，未写入（“大约”不是日期）');
  });

  it("writes a section's title once when the block covers its 序号 and 工作任务 cells", () => {
    const plan = planPaste([['二', '教师队伍']], { rows: [0], left: col('code'), right: col('code') }, rows, columns);
    expect(plan.writes).toEqual([{ rowId: 1, column: 'task', value: '二' }]);
  });

  it('refuses a paste onto the light alone', () => {
    expect(planPaste([['绿灯']], { rows: [1], left: col('light'), right: col('light') }, rows, columns).onlyComputed).toBe(true);
  });
});

describe('Delete and copy of a rectangle', () => {
  const rect = targetOfRect(rectOf({ row: 2, col: col('measures') }, { row: 4, col: col('leader') }));
  it('clears the non-empty cells only', () => {
    expect(planClear(rect, rows, columns)).toEqual([
      { rowId: 3, column: 'measures', value: '' },
      { rowId: 3, column: 'leader', value: '' },
      { rowId: 4, column: 'measures', value: '' },
      { rowId: 5, column: 'leader', value: '' },
    ]);
  });
  it('copies the block as shown', () => {
    expect(copyBlock(rect, rows, columns)).toEqual([
      ['措施甲', '王科长'],
      ['措施乙', ''],
      ['', '李局长'],
    ]);
  });
});

describe('what an action applies to, and what a copy carries', () => {
  const rect = rectOf({ row: 2, col: col('measures') }, { row: 4, col: col('leader') });
  const at = (row: number, c: string) => ({ row, col: col(c) });

  it('takes the rectangle when the focused cell is in it, else the selected rows in its column, else the cell', () => {
    expect(actionTargetOf(at(3, 'leader'), rect, [])).toEqual(targetOfRect(rect));
    // Outside the rectangle: the focused cell alone.
    expect(actionTargetOf(at(1, 'remarks'), rect, [])).toEqual({ rows: [1], left: col('remarks'), right: col('remarks') });
    // A one-cell rectangle is no rectangle.
    const one = rectOf(at(3, 'leader'), at(3, 'leader'));
    expect(actionTargetOf(at(3, 'leader'), one, [4, 1, 3])).toEqual({ rows: [1, 3, 4], left: col('leader'), right: col('leader') });
    // Selected rows count only when the focused cell is on one of them.
    expect(actionTargetOf(at(2, 'leader'), null, [4, 1])).toEqual({ rows: [2], left: col('leader'), right: col('leader') });
  });

  it('copies the rectangle, or the selected rows whole, or one cell, and says which', () => {
    expect(planCopy(targetOfRect(rect), rect, [], rows, columns)).toEqual({ block: copyBlock(targetOfRect(rect), rows, columns), what: '3 行 × 2 列' });
    const selected = planCopy({ rows: [4], left: col('leader'), right: col('leader') }, null, [4, 1], rows, columns);
    expect(selected?.what).toBe('2 行');
    expect(selected?.block).toEqual([
      ['1', '建学校', '', '张局长', '', '', '', ''],
      ['2', '普惠', '', '李局长', '', '', '', '备'],
    ]);
    expect(planCopy({ rows: [2], left: col('measures'), right: col('measures') }, null, [], rows, columns)).toEqual({ block: [['措施甲']], what: '' });
    expect(planCopy({ rows: [9], left: 0, right: 0 }, null, [], rows, columns)).toBeNull();
  });
});

describe('the rectangle', () => {
  it('grows with shift+arrows within the grid, to the edge with Ctrl', () => {
    const size = { rows: 5, cols: 8 };
    expect(stepEnd({ row: 0, col: 0 }, 'ArrowUp', size)).toEqual({ row: 0, col: 0 });
    expect(stepEnd({ row: 1, col: 1 }, 'ArrowRight', size)).toEqual({ row: 1, col: 2 });
    expect(stepEnd({ row: 1, col: 1 }, 'ArrowDown', size, true)).toEqual({ row: 4, col: 1 });
    const r = rectOf({ row: 3, col: 5 }, { row: 1, col: 2 });
    expect(r).toEqual({ top: 1, bottom: 3, left: 2, right: 5 });
    expect(inRect(r, 2, 4)).toBe(true);
    expect(inRect(r, 0, 4)).toBe(false);
  });

  it('keeps what each undo step was, for the change log', () => {
    const h = new EditHistory();
    const step = [{ rowId: 1, column: 'leader', oldValue: 'a', newValue: 'b' }];
    h.record(step, '粘贴 1 个单元格');
    expect(h.labelOf(h.takeUndo()!)).toBe('粘贴 1 个单元格');
  });
});
