// Random access over a SheetModel: cell lookup that resolves merged cells to their master.

import { cellAddress } from './cell-address.js';
import type { CellModel, MergeModel, SheetModel } from './workbook-model.js';

export interface RowEntry {
  col: number;
  cell: CellModel;
  merge?: MergeModel;
}

/** A row's cells in column order, one per column (a repeated column keeps its last cell). */
function inColumnOrder(cells: readonly CellModel[]): readonly CellModel[] {
  for (let i = 1; i < cells.length; i++) {
    if (cells[i]!.col <= cells[i - 1]!.col) {
      const byCol = new Map<number, CellModel>();
      for (const c of cells) byCol.set(c.col, c);
      return [...byCol.values()].sort((a, b) => a.col - b.col);
    }
  }
  return cells;
}

export class SheetGrid {
  readonly sheet: SheetModel;
  /** Each row's cells in column order: the model's own arrays (as the readers build them), no map per row. */
  private readonly cells = new Map<number, readonly CellModel[]>();
  /** Merges indexed by every row they cover (total work bounded by the guard's merge-area limit). */
  private readonly mergesByRow = new Map<number, MergeModel[]>();
  private readonly hiddenRows = new Set<number>();

  constructor(sheet: SheetModel) {
    this.sheet = sheet;
    for (const row of sheet.rows) {
      this.cells.set(row.row, inColumnOrder(row.cells));
      if (row.hidden) this.hiddenRows.add(row.row);
    }
    for (const merge of sheet.merges) {
      for (let r = merge.top; r <= merge.bottom; r++) {
        const list = this.mergesByRow.get(r);
        if (list) list.push(merge);
        else this.mergesByRow.set(r, [merge]);
      }
    }
  }

  get name(): string {
    return this.sheet.name;
  }

  get maxRow(): number {
    return this.sheet.maxRow;
  }

  get maxCol(): number {
    return this.sheet.maxCol;
  }

  mergeAt(row: number, col: number): MergeModel | undefined {
    return this.mergesByRow.get(row)?.find((m) => col >= m.left && col <= m.right);
  }

  /** The cell physically at (row, col), ignoring merges. */
  ownCell(row: number, col: number): CellModel | undefined {
    const cells = this.cells.get(row);
    if (!cells) return undefined;
    let lo = 0;
    let hi = cells.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cells[mid]!.col < col) lo = mid + 1;
      else hi = mid;
    }
    const cell = cells[lo];
    return cell?.col === col ? cell : undefined;
  }

  /** The cell whose value shows at (row, col): the merge master when the cell is merged. */
  cell(row: number, col: number): CellModel | undefined {
    const merge = this.mergeAt(row, col);
    return merge ? this.ownCell(merge.top, merge.left) : this.ownCell(row, col);
  }

  /** Trimmed display text at (row, col), '' when empty. */
  text(row: number, col: number): string {
    return this.cell(row, col)?.text.trim() ?? '';
  }

  /** Address of the cell that holds what shows at (row, col). */
  sourceAddress(row: number, col: number): string {
    const merge = this.mergeAt(row, col);
    return merge ? cellAddress(merge.top, merge.left) : cellAddress(row, col);
  }

  /**
   * Distinct non-empty cells shown in a row, left to right: a merged cell counts once, at its
   * leftmost column within the range, with the merge it belongs to. Sparse: cost follows the
   * cells present, not the sheet width.
   */
  rowEntries(row: number, fromCol = 1, toCol = this.maxCol): RowEntry[] {
    const out: RowEntry[] = [];
    const merges = this.mergesByRow.get(row);
    for (const cell of this.cells.get(row) ?? []) {
      const col = cell.col;
      if (col < fromCol || col > toCol || cell.text.trim() === '') continue;
      const merge = merges?.find((m) => col >= m.left && col <= m.right);
      out.push(merge ? { col, cell, merge } : { col, cell });
    }
    // Most rows cross no merge: their entries are the cells, already in column order.
    if (!merges) return out;
    const seen = new Set(out.map((e) => e.merge));
    for (const merge of merges) {
      if (seen.has(merge) || merge.right < fromCol || merge.left > toCol) continue;
      const cell = this.ownCell(merge.top, merge.left);
      if (cell && cell.text.trim() !== '') out.push({ col: Math.max(merge.left, fromCol), cell, merge });
    }
    return out.sort((a, b) => a.col - b.col);
  }

  /** `rowEntries(row)[0]` without building the rest of the row. */
  firstEntry(row: number): RowEntry | undefined {
    if (this.mergesByRow.has(row)) return this.rowEntries(row)[0];
    for (const cell of this.cells.get(row) ?? []) if (cell.text.trim() !== '') return { col: cell.col, cell };
    return undefined;
  }

  isRowHidden(row: number): boolean {
    return this.hiddenRows.has(row);
  }

  /** Row numbers that hold a value or are covered by a merge, ascending. */
  usedRows(from = 1): number[] {
    const rows: number[] = [];
    for (const r of this.cells.keys()) if (r >= from) rows.push(r);
    if (this.mergesByRow.size > 0) {
      const withCells = new Set(rows);
      for (const r of this.mergesByRow.keys()) if (r >= from && !withCells.has(r)) rows.push(r);
    }
    // The readers list rows in order; sorting 100,000 numbers that already are costs more than checking.
    for (let i = 1; i < rows.length; i++) if (rows[i]! < rows[i - 1]!) return rows.sort((a, b) => a - b);
    return rows;
  }
}
