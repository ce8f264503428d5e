// What a paste, a Delete or a copy does to the grid's cells, decided before anything is written:
// given the target (a rectangle, or Ctrl-selected rows in some columns), the clipboard block and the
// shown rows with their levels. Pure: no React, no AG Grid, so it is unit-tested on its own.
import { isComputedColumn, lightText } from './as-of-display.js';
import { inRect, rectCells, type CellPos, type CellRect } from './cell-range.js';
import { cellText, editTarget, type GridRow } from './grid-model.js';

export interface PlanColumn {
  id: string;
}

/** Where a paste lands: display indices of rows (ascending) and an inclusive column span. */
export interface PasteTarget {
  rows: readonly number[];
  left: number;
  right: number;
}

export interface CellWrite {
  rowId: number;
  column: string;
  value: string;
}

export interface PastePlan {
  /** The cells whose value changes, in block order (top to bottom, left to right); nothing else is written. */
  writes: CellWrite[];
  /** How many of the written cells hold text now (what the paste overwrites). */
  overwritten: number;
  /** One value filled into every target cell (Excel's paste onto a selected range). */
  fill: boolean;
  /** Block rows and columns that fell off the grid's bottom or right edge. */
  clipped: boolean;
  /** Section and task rows written by a paste that starts on a measure (明细) row. */
  structureRows: number;
  /** Every target column is computed (亮灯): nothing can be pasted. */
  onlyComputed: boolean;
}

export function targetOfRect(r: CellRect): PasteTarget {
  return { rows: Array.from({ length: r.bottom - r.top + 1 }, (_, i) => r.top + i), left: r.left, right: r.right };
}

/**
 * The cells an action (paste, Delete, copy) applies to, from the focused cell `at`: the rectangle when
 * it holds more than one cell and `at` is in it, else the Ctrl/Shift-selected rows (display indices)
 * in the focused column when `at` is on one of them, else the focused cell.
 */
export function actionTargetOf(at: CellPos, rect: CellRect | null, selectedRows: readonly number[]): PasteTarget {
  if (rect && rectCells(rect) > 1 && inRect(rect, at.row, at.col)) return targetOfRect(rect);
  if (selectedRows.length > 1 && selectedRows.includes(at.row)) return { rows: [...selectedRows].sort((a, b) => a - b), left: at.col, right: at.col };
  return { rows: [at.row], left: at.col, right: at.col };
}

/** The cells a paste of `block` onto `target` writes. */
export function planPaste(block: readonly (readonly string[])[], target: PasteTarget, rows: readonly GridRow[], columns: readonly PlanColumn[]): PastePlan {
  const writes: CellWrite[] = [];
  const seen = new Set<string>();
  let overwritten = 0;
  let clipped = false;
  const structure = new Set<number>();
  const top = target.rows[0];
  const startsOnItem = top !== undefined && rows[top]?.level === 'item';
  const put = (row: GridRow, colIndex: number, value: string) => {
    const col = columns[colIndex];
    if (!col) {
      clipped = true;
      return;
    }
    // The light is computed: a block copied from the grid passes over it (its words are not stored).
    if (isComputedColumn(col.id)) return;
    const column = editTarget(row, col.id);
    const key = `${row.id}\u0001${column}`;
    // A section's code and task cells are one cell (its title): the first value pasted into it counts.
    if (seen.has(key)) return;
    seen.add(key);
    const current = cellText(row, column);
    if (current === value) return;
    if (current !== '') overwritten++;
    if (startsOnItem && row.level !== 'item') structure.add(row.id);
    writes.push({ rowId: row.id, column, value });
  };

  const width = Math.max(0, ...block.map((r) => r.length));
  const onlyComputed = range(target.left, target.right).every((c) => !columns[c] || isComputedColumn(columns[c]!.id)) && width <= 1;
  const cells = target.rows.length * (target.right - target.left + 1);
  const fill = block.length === 1 && width === 1 && cells > 1;
  if (fill) {
    const value = block[0]![0]!;
    for (const i of target.rows) {
      const row = rows[i];
      if (!row) continue;
      for (let c = target.left; c <= target.right; c++) put(row, c, value);
    }
  } else if (top !== undefined) {
    block.forEach((cellsOfRow, r) => {
      const row = rows[top + r];
      if (!row) {
        clipped = true;
        return;
      }
      cellsOfRow.forEach((value, c) => put(row, target.left + c, value));
    });
  }
  return { writes, overwritten, fill, clipped, structureRows: structure.size, onlyComputed };
}

/**
 * The question to ask before writing, or null when the paste is ordinary: it overwrites more non-empty
 * cells than a screen shows, or runs from measure rows onto section and task rows.
 */
export function pasteQuestion(plan: PastePlan, screenful: number): string | null {
  const many = plan.overwritten > screenful;
  if (!many && !plan.structureRows) return null;
  const parts = [`这次粘贴将写入 ${plan.writes.length} 个单元格`];
  if (plan.overwritten) parts.push(`其中 ${plan.overwritten} 个原来有内容，会被覆盖`);
  let text = `${parts.join('，')}。`;
  if (plan.structureRows) text += `粘贴从明细行开始，会写到 ${plan.structureRows} 个章节或任务行上。`;
  return `${text}确定粘贴吗？粘贴后按 Ctrl+Z 可一次撤销。`;
}

/** The notice after a paste: the cells actually saved (values refused by the checks are not counted). */
export function pasteNotice(plan: PastePlan, saved: number, refused = 0, firstError = ''): string {
  const clipped = plan.clipped ? '，超出表格范围的部分未粘贴' : '';
  const bad = refused ? `；${refused} 个单元格的内容不符合该列要求，未写入（${firstError.replace(/。$/, '')}）` : '';
  if (!saved) return `没有写入任何单元格${clipped}${bad}。`;
  return `已粘贴 ${saved} 个单元格${clipped}${bad}。按 Ctrl+Z 可撤销。`;
}

/** Delete on a target: every non-empty, non-computed cell becomes empty. */
export function planClear(target: PasteTarget, rows: readonly GridRow[], columns: readonly PlanColumn[]): CellWrite[] {
  const writes: CellWrite[] = [];
  const seen = new Set<string>();
  for (const i of target.rows) {
    const row = rows[i];
    if (!row) continue;
    for (let c = target.left; c <= target.right; c++) {
      const col = columns[c];
      if (!col || isComputedColumn(col.id)) continue;
      const column = editTarget(row, col.id);
      const key = `${row.id}\u0001${column}`;
      if (seen.has(key) || cellText(row, column) === '') continue;
      seen.add(key);
      writes.push({ rowId: row.id, column, value: '' });
    }
  }
  return writes;
}

/** What a copied cell carries: the stored value; the light's word for the computed light column. */
export function copyText(row: GridRow, column: string): string {
  return isComputedColumn(column) ? (lightText(row.asOf)?.label ?? '') : cellText(row, editTarget(row, column));
}

/** The block a copy of the target puts on the clipboard (rows top to bottom). */
export function copyBlock(target: PasteTarget, rows: readonly GridRow[], columns: readonly PlanColumn[]): string[][] {
  const out: string[][] = [];
  for (const i of target.rows) {
    const row = rows[i];
    if (!row) continue;
    const cells: string[] = [];
    for (let c = target.left; c <= target.right; c++) if (columns[c]) cells.push(copyText(row, columns[c]!.id));
    out.push(cells);
  }
  return out;
}

export interface CopyPlan {
  block: string[][];
  /** What the notice says was copied ('' for one cell). */
  what: string;
}

/**
 * What Ctrl+C puts on the clipboard: the rectangle's cells; else, with several rows selected, those
 * whole rows as shown; else the target's one cell. Null when that cell is not shown.
 */
export function planCopy(target: PasteTarget, rect: CellRect | null, selectedRows: readonly number[], rows: readonly GridRow[], columns: readonly PlanColumn[]): CopyPlan | null {
  if (rect && rectCells(rect) > 1) {
    const block = copyBlock(target, rows, columns);
    return { block, what: `${block.length} 行 × ${block[0]?.length ?? 0} 列` };
  }
  if (selectedRows.length > 1) {
    const all = { rows: [...selectedRows].sort((a, b) => a - b), left: 0, right: columns.length - 1 };
    return { block: copyBlock(all, rows, columns), what: `${selectedRows.length} 行` };
  }
  const row = rows[target.rows[0]!];
  const col = columns[target.left];
  return row && col ? { block: [[copyText(row, col.id)]], what: '' } : null;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
}
