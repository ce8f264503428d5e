// Column definitions of the ledger grid: the standard fields, the ledger's custom columns and the
// computed 亮灯 column, in the saved layout's order, widths, visibility and headers.
import type { ColDef, SuppressKeyboardEventParams } from 'ag-grid-community';
import type { CustomColumn, Layout } from '#shared/api/workbench-api.js';
import { FIELD_BY_KEY, FIELDS, type FieldType } from '#shared/fields.js';
import { carriedFrom, derivedText, isComputedColumn, LIGHT_COLUMN, LIGHT_COLUMN_LABEL } from './as-of-display.js';
import { DeadlineCell, HierarchyCell, LightCell, PeriodValueCell, StatusCell, SuggestEditor } from './cells.js';
import { cellText, editTarget, isFieldKey, isOverdue, withCell, type GridRow } from './grid-model.js';

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

export { editTarget } from './grid-model.js';

/** Keys the grid must leave to LedgerGrid's own handling (Delete clears through the API). */
function suppressKeys(p: SuppressKeyboardEventParams<GridRow>): boolean {
  return !p.editing && p.event.key === 'Delete';
}

/** The light: a non-editable column computed from the row's facts. */
function lightColumnDef(c: ColumnInfo): ColDef<GridRow> {
  return {
    colId: c.id,
    headerName: c.label,
    headerTooltip: `${c.label}（按序时进度自动计算：绿灯/黄灯/红灯）`,
    width: c.width,
    hide: c.hidden,
    lockPinned: true,
    editable: false,
    valueGetter: (p) => p.data?.asOf?.light ?? '',
    cellRenderer: LightCell,
    cellClass: (p) => [`level-${p.data?.level ?? 'task'}`, 'cell-light'],
  };
}

const SUGGEST: Partial<Record<FieldType, 'unit' | 'status'>> = { unit: 'unit', status: 'status' };

export interface ColumnOptions {
  /** Show long texts wrapped over several lines (row height follows the text: opt-in, it costs on big ledgers). */
  wrapLongText?: boolean;
}

export function buildColumnDefs(columns: readonly ColumnInfo[], options: ColumnOptions = {}): ColDef<GridRow>[] {
  return columns.map((c): ColDef<GridRow> => {
    if (c.computed || isComputedColumn(c.id)) return lightColumnDef(c);
    const pinned = (PINNED_COLUMNS as readonly string[]).includes(c.id);
    const suggest = c.id === 'leader' ? 'leader' : SUGGEST[c.type];
    const def: ColDef<GridRow> = {
      colId: c.id,
      headerName: c.label,
      headerTooltip: c.custom ? `${c.label}（自定义列）` : c.label,
      width: c.width,
      hide: c.hidden,
      pinned: pinned ? 'left' : undefined,
      lockPinned: true,
      lockPosition: pinned ? 'left' : undefined,
      lockVisible: pinned,
      editable: true,
      valueGetter: (p) => (p.data ? cellText(p.data, editTarget(p.data, c.id)) : ''),
      valueSetter: (p) => {
        if (!p.data) return false;
        const next = p.newValue == null ? '' : String(p.newValue);
        const target = editTarget(p.data, c.id);
        if (next === cellText(p.data, target)) return false;
        Object.assign(p.data, withCell(p.data, target, next));
        return true;
      },
      suppressKeyboardEvent: suppressKeys,
      cellClass: (p) => [`level-${p.data?.level ?? 'task'}`, `type-${c.type}`],
      // Long texts are cut to one line in the grid: the whole text shows on hover.
      tooltipValueGetter: c.type === 'longText' ? (p) => (p.value ? String(p.value) : undefined) : undefined,
    };
    if (c.id === 'code') {
      def.cellRenderer = HierarchyCell;
      // Drag a row by its handle to reorder it among its siblings (LedgerGrid's onRowDragEnd).
      def.rowDrag = true;
      def.colSpan = (p) => (p.data?.level === 'section' ? 2 : 1);
    }
    if (c.id === 'deadline') {
      def.cellRenderer = DeadlineCell;
      def.cellClassRules = {
        'cell-overdue': (p) => (p.data ? isOverdue(p.data) : false),
      };
    }
    if (c.type === 'status') def.cellRenderer = StatusCell;
    else if (c.perPeriod || c.id === 'progressPct') {
      // The plain text unless the value is carried from an earlier month or rolled up from the children:
      // no renderer for ordinary cells (50,000-row ledgers scroll through them).
      def.cellRendererSelector = (p) =>
        p.data && (carriedFrom(p.data, c.id) || (c.id === 'progressPct' && derivedText(p.data, 'progressPct', String(p.value ?? ''))))
          ? { component: PeriodValueCell }
          : undefined;
    }
    if (c.type === 'number' || c.type === 'percent') def.cellClass = (p) => [`level-${p.data?.level ?? 'task'}`, 'cell-number'];
    // 换行: every long-text column, the pinned 工作任务 too, shows its whole text over as many lines as it needs.
    if (c.type === 'longText' && options.wrapLongText) {
      def.wrapText = true;
      def.autoHeight = true;
      def.cellClass = (p) => [`level-${p.data?.level ?? 'task'}`, 'cell-wrap'];
    }
    if (c.type === 'longText') {
      def.cellEditor = 'agLargeTextCellEditor';
      def.cellEditorPopup = true;
      def.cellEditorParams = { maxLength: 20_000, rows: 8, cols: 60 };
    } else if (suggest) {
      def.cellEditor = SuggestEditor;
      def.cellEditorParams = { kind: suggest };
    } else {
      def.cellEditor = 'agTextCellEditor';
    }
    return def;
  });
}
