// The grid's data model, free of React and AG Grid: rows with their depth, the tree index used for
// collapse and filters, cell access by column id (standard field or custom key), and the overdue rule.
import type { StatusDef, ViewState } from '../../../../shared/api/workbench-api.js';
import type { Row } from '../../../../shared/domain.js';
import { FIELD_KEYS, type FieldKey } from '../../../../shared/fields.js';
import type { UnitDirectory } from '../../../../shared/responsibility.js';

export interface GridRow extends Row {
  depth: number;
}

export function withDepth(rows: Row[]): GridRow[] {
  const depth = new Map<number, number>();
  return rows.map((r) => {
    const d = r.parentId == null ? 0 : (depth.get(r.parentId) ?? 0) + 1;
    depth.set(r.id, d);
    return { ...r, depth: d };
  });
}

export function isFieldKey(column: string): column is FieldKey {
  return (FIELD_KEYS as readonly string[]).includes(column);
}

/** The stored value a grid column shows for a row. */
export function cellText(row: Row, column: string): string {
  return isFieldKey(column) ? (row.values[column] ?? '') : (row.custom?.[column] ?? '');
}

/** A copy of the row with one cell changed (the grid's data objects are treated as immutable). */
export function withCell(row: GridRow, column: string, value: string): GridRow {
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
  return Boolean(view.search.trim() || view.unit || view.leader || view.status || view.overdue);
}

/** Today as YYYY-MM-DD in local time. */
export function today(date = new Date()): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** A row is overdue when its deadline date has passed and its status is not one that counts as done. */
export function isOverdue(row: Row, statuses: readonly StatusDef[], now: string): boolean {
  if (!row.deadlineDate || row.deadlineDate >= now) return false;
  const status = row.values.status;
  return !statuses.some((s) => s.done && s.label === status);
}

export interface FilterContext {
  statuses: readonly StatusDef[];
  /** The units directory, to match 汉都三幼 with 汉都第三幼儿园. */
  units: UnitDirectory;
  today: string;
}

function matches(row: GridRow, view: ViewState, ctx: FilterContext, search: string): boolean {
  if (view.status && row.values.status !== view.status) return false;
  if (view.leader && !row.values.leader.includes(view.leader)) return false;
  if (view.unit && !ctx.units.names(row, view.unit)) return false;
  if (view.overdue && !isOverdue(row, ctx.statuses, ctx.today)) return false;
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
