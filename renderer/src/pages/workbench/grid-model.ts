// The grid's data model, free of React and AG Grid: rows with their depth, the tree index used for
// collapse and filters, and cell access by column id (standard field or custom key). What a row's status,
// light or 逾期 is as of the viewed month comes from its facts (`row.asOf`, shared/as-of.ts).
import type { ViewState } from '#shared/api/workbench-api.js';
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS, type FieldKey } from '#shared/fields.js';
import type { UnitDirectory } from '#shared/responsibility.js';
import { isComputedColumn } from './as-of-display.js';

export interface GridRow extends Row {
  depth: number;
}

/** The rows with their depth in the tree; `above`: rows before them (a ledger read in parts) whose depths they continue. */
export function withDepth(rows: Row[], above: readonly GridRow[] = []): GridRow[] {
  const depth = new Map<number, number>(above.map((r) => [r.id, r.depth]));
  return rows.map((r) => {
    const d = r.parentId == null ? 0 : (depth.get(r.parentId) ?? 0) + 1;
    depth.set(r.id, d);
    return { ...r, depth: d };
  });
}

export function isFieldKey(column: string): column is FieldKey {
  return (FIELD_KEYS as readonly string[]).includes(column);
}

/** The stored value a grid column shows for a row ('' for computed columns such as 亮灯). */
export function cellText(row: Row, column: string): string {
  return isFieldKey(column) ? (row.values[column] ?? '') : (row.custom?.[column] ?? '');
}

/** Which stored field a cell edits: a section's spanning title cell edits its task text. */
export function editTarget(row: Pick<Row, 'level'> | undefined, column: string): string {
  return row?.level === 'section' && column === 'code' ? 'task' : column;
}

/** A copy of the row with one cell changed (the grid's data objects are treated as immutable). */
export function withCell(row: GridRow, column: string, value: string): GridRow {
  if (isComputedColumn(column)) return row;
  return isFieldKey(column)
    ? { ...row, values: { ...row.values, [column]: value } }
    : { ...row, custom: { ...row.custom, [column]: value } };
}

/** Parent links and which rows have children: enough to collapse subtrees and keep ancestors of matches. */
export class TreeIndex {
  readonly parentOf = new Map<number, number | null>();
  readonly hasChildren = new Set<number>();

  constructor(rows: readonly Row[]) {
    for (const r of rows) {
      this.parentOf.set(r.id, r.parentId);
      if (r.parentId != null) this.hasChildren.add(r.parentId);
    }
  }

  /** Whether some ancestor of the row is in `collapsed`. */
  hiddenByCollapse(id: number, collapsed: ReadonlySet<number>): boolean {
    if (!collapsed.size) return false;
    for (let p = this.parentOf.get(id) ?? null; p != null; p = this.parentOf.get(p) ?? null) {
      if (collapsed.has(p)) return true;
    }
    return false;
  }

  /** All rows that have children and are at most at `maxDepth` (0: sections/top level). */
  parentsUpTo(rows: readonly GridRow[], maxDepth: number): number[] {
    return rows.filter((r) => r.depth <= maxDepth && this.hasChildren.has(r.id)).map((r) => r.id);
  }
}

export const EMPTY_VIEW: ViewState = { search: '', unit: '', leader: '', status: '', overdue: false };

export function isFiltering(view: ViewState): boolean {
  return Boolean(view.search.trim() || view.unit || view.leader || view.status || view.overdue || view.light || view.category || view.rowIds);
}

/** 逾期 as of the month the row is viewed as of (its facts); rows read without facts are not flagged. */
export function isOverdue(row: Pick<Row, 'asOf'>): boolean {
  return row.asOf?.overdue === true;
}

export interface FilterContext {
  /** The units directory, to match 汉都三幼 with 汉都第三幼儿园. */
  units: UnitDirectory;
}

function matches(row: GridRow, view: ViewState, ctx: FilterContext, search: string): boolean {
  if (view.status && row.values.status !== view.status) return false;
  if (view.leader && !row.values.leader.includes(view.leader)) return false;
  if (view.unit && !ctx.units.names(row, view.unit)) return false;
  if (view.overdue && !isOverdue(row)) return false;
  // Filters of the 统计 page's click-through, by the rows' facts as of the month.
  if (view.light && row.asOf?.light !== view.light) return false;
  if (view.category && row.asOf?.category !== view.category) return false;
  if (view.rowIds && !view.rowIds.includes(row.id)) return false;
  if (search) {
    const all = [...FIELD_KEYS.map((k) => row.values[k]), ...Object.values(row.custom ?? {})].join('\u0001').toLowerCase();
    if (!all.includes(search)) return false;
  }
  return true;
}

/**
 * The rows a filter shows: rows that match, and their ancestors so a match keeps its section and task.
 * Null when nothing is filtered.
 */
export function visibleRows(rows: readonly GridRow[], view: ViewState, ctx: FilterContext, tree: TreeIndex): Set<number> | null {
  if (!isFiltering(view)) return null;
  const search = view.search.trim().toLowerCase();
  const visible = new Set<number>();
  for (const r of rows) {
    if (!matches(r, view, ctx, search)) continue;
    for (let id: number | null = r.id; id != null && !visible.has(id); id = tree.parentOf.get(id) ?? null) visible.add(id);
  }
  return visible;
}
