// Which columns the ledger grid shows and how (pure: no React, no AG Grid): the standard fields, the
// ledger's custom columns and the computed 亮灯 column, in the saved layout's order, widths,
// visibility and headers. grid-columns.ts turns them into AG Grid column definitions.
import type { CustomColumn, Layout } from '#shared/api/workbench-api.js';
import { FIELD_BY_KEY, FIELDS, type FieldType } from '#shared/fields.js';
import { LIGHT_COLUMN, LIGHT_COLUMN_LABEL } from './as-of-display.js';
import { isFieldKey } from './grid-model.js';

/** Columns fixed at the left: the hierarchy (plan number) and the task. They span for section rows. */
export const PINNED_COLUMNS = ['code', 'task'] as const;

const DEFAULT_WIDTHS: Record<string, number> = {
  code: 120,
  task: 300,
  measures: 320,
  leader: 100,
  leadDept: 120,
  units: 160,
  deadline: 130,
  target: 140,
  achieved: 100,
  progressPct: 100,
  progress: 280,
  problems: 220,
  status: 110,
  [LIGHT_COLUMN]: 76,
  remarks: 140,
};

export interface ColumnInfo {
  id: string;
  label: string;
  type: FieldType;
  custom: CustomColumn | null;
  width: number;
  hidden: boolean;
  /** Computed from the row's facts (亮灯), not stored: never edited, pasted into or cleared. */
  computed?: boolean;
  /** Values kept per month (progress fields, per-period custom columns): carried values are marked. */
  perPeriod?: boolean;
}

/** The header a standard or computed column has when the clerk has not renamed it. */
export function defaultLabel(id: string): string | undefined {
  return id === LIGHT_COLUMN ? LIGHT_COLUMN_LABEL : isFieldKey(id) ? FIELD_BY_KEY[id].label : undefined;
}

/** Columns that show a row's facts: refreshed when the facts change (an edit below, other rules). */
export function factColumns(columns: readonly ColumnInfo[]): string[] {
  return ['deadline', 'progressPct', LIGHT_COLUMN, ...columns.filter((c) => c.type === 'status' || c.perPeriod).map((c) => c.id)];
}

/** All columns in display order with the layout applied (pinned ones first). */
export function orderedColumns(custom: readonly CustomColumn[], layout: Layout | null): ColumnInfo[] {
  const light: ColumnInfo = { id: LIGHT_COLUMN, label: LIGHT_COLUMN_LABEL, type: 'text', custom: null, width: DEFAULT_WIDTHS[LIGHT_COLUMN]!, hidden: false, computed: true };
  const base: ColumnInfo[] = [
    ...FIELDS.flatMap((f) => {
      const c: ColumnInfo = { id: f.key, label: f.label, type: f.type, custom: null, width: DEFAULT_WIDTHS[f.key] ?? 140, hidden: false, perPeriod: f.perPeriod === true };
      // 亮灯 sits right after 状态 by default.
      return f.key === 'status' ? [c, light] : [c];
    }),
    ...custom.map((c) => ({ id: c.key, label: c.label, type: c.type, custom: c, width: c.type === 'longText' ? 240 : 120, hidden: false, perPeriod: c.perPeriod })),
  ];
  const byId = new Map(base.map((c) => [c.id, c]));
  const ordered: ColumnInfo[] = [];
  for (const l of layout?.columns ?? []) {
    const c = byId.get(l.id);
    if (!c) continue;
    byId.delete(l.id);
    ordered.push({
      ...c,
      width: l.width ?? c.width,
      hidden: (PINNED_COLUMNS as readonly string[]).includes(c.id) ? false : (l.hidden ?? false),
      label: !c.custom && l.label ? l.label : c.label,
    });
  }
  // A layout saved before the light column existed: place it after 状态, not at the far end.
  if (byId.has(LIGHT_COLUMN) && layout?.columns.length) {
    byId.delete(LIGHT_COLUMN);
    const at = ordered.findIndex((c) => c.id === 'status');
    ordered.splice(at < 0 ? ordered.length : at + 1, 0, light);
  }
  ordered.push(...byId.values());
  const pinned = PINNED_COLUMNS.map((id) => ordered.find((c) => c.id === id)!);
  return [...pinned, ...ordered.filter((c) => !(PINNED_COLUMNS as readonly string[]).includes(c.id))];
}
