// What the grid's cell renderers and editors read from AG Grid's `context`: one mutable object owned
// by LedgerGrid, so toggling a row or changing the vocabulary never re-creates column definitions.
import type { StatusDef } from '#shared/api/workbench-api.js';
import type { CellRect } from './cell-range.js';
import type { TreeIndex } from './grid-model.js';
import type { PendingChange } from './use-cell-writer.js';

export interface WorkbenchGridContext {
  tree: TreeIndex;
  collapsed: Set<number>;
  toggle(rowId: number): void;
  /** An editor's new value, already shown: save it (one undo step, named after the column's label). */
  saveEdit(change: PendingChange, label: string): void;
  statuses: StatusDef[];
  /** Options offered while typing in unit and leader cells. */
  unitOptions: string[];
  leaderOptions: string[];
  /** The selected rectangle of cells (display indices) when it is more than one cell. */
  range: CellRect | null;
  /** Display index of each shown column (for the rectangle's highlight). */
  colIndex: Map<string, number>;
  /**
   * The grid scrolled under a pointer that has not moved since: no long-text tooltips (the cells coming
   * under it are not hovered — each page-down would otherwise show one, AG Grid showing the next at once).
   */
  tooltipsPaused: boolean;
}
