// AG Grid column definitions of the ledger grid, from the columns column-layout.ts decided on.
import type { ColDef, SuppressKeyboardEventParams } from 'ag-grid-community';
import type { FieldType } from '#shared/fields.js';
import { carriedFrom, derivedText, isComputedColumn } from './as-of-display.js';
import { DeadlineCell, HierarchyCell, LightCell, PeriodValueCell, StatusCell } from './cells.js';
import { inRect } from './cell-range.js';
import { PINNED_COLUMNS, type ColumnInfo } from './column-layout.js';
import { evidenceColumnDef } from './evidence/EvidenceCell.js';
import type { WorkbenchGridContext } from './grid-context.js';
import { cellText, editTarget, isOverdue, withCell, type GridRow } from './grid-model.js';
import { SuggestEditor, type SuggestKind } from './SuggestEditor.js';

/** Every row is one line high (row heights follow the text only with 换行: autoHeight costs). */
export const ROW_HEIGHT = 32;

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
    cellClass: 'cell-light',
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
      // Only an editor sets values (pastes, clears and undos write through the API): the edit is
      // saved from here, inside the end of the edit, as AG Grid's cellValueChanged comes a task later.
      valueSetter: (p) => {
        if (!p.data) return false;
        const next = p.newValue == null ? '' : String(p.newValue);
        const target = editTarget(p.data, c.id);
        const old = cellText(p.data, target);
        if (next === old) return false;
        Object.assign(p.data, withCell(p.data, target, next));
        (p.context as WorkbenchGridContext).saveEdit({ rowId: p.data.id, column: target, value: next, oldValue: old }, c.label);
        return true;
      },
      suppressKeyboardEvent: suppressKeys,
      // Long texts are cut to one line in the grid: the whole text shows on hover.
      tooltipValueGetter:
        c.type === 'longText' ? (p) => (p.value && !(p.context as WorkbenchGridContext).tooltipsPaused ? String(p.value) : undefined) : undefined,
    };
    if (c.id === 'code') {
      // Also the row's drag handle, drawn on hover (cells.ts drawDragHandleAt).
      def.cellRenderer = HierarchyCell;
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
    if (c.type === 'number' || c.type === 'percent') def.cellClass = 'cell-number';
    // 换行: every long-text column, the pinned 工作任务 too, shows its whole text over as many lines as it needs.
    if (c.type === 'longText' && options.wrapLongText) {
      def.wrapText = true;
      def.autoHeight = true;
      def.cellClass = 'cell-wrap';
    }
    if (c.type === 'longText') {
      def.cellEditor = 'agLargeTextCellEditor';
      def.cellEditorPopup = true;
      def.cellEditorParams = { maxLength: 20_000, rows: 8, cols: 60 };
    } else if (suggest) {
      def.cellEditor = SuggestEditor;
      def.cellEditorParams = { kind: suggest } satisfies { kind: SuggestKind };
    } else {
      def.cellEditor = 'agTextCellEditor';
    }
    return def;
  });
}

/**
 * The grid's columns: the ledger's, each with the rectangle's highlight (re-applied by refreshCells on
 * the cells it covered and covers, read from the mutable `context`), and the 佐证 column.
 */
export function ledgerColumnDefs(columns: readonly ColumnInfo[], options: ColumnOptions, context: WorkbenchGridContext): ColDef<GridRow>[] {
  return [
    ...buildColumnDefs(columns, options).map((def): ColDef<GridRow> => ({
      ...def,
      cellClassRules: {
        ...def.cellClassRules,
        // Run for every cell drawn while scrolling: with no rectangle (the usual case) nothing else is read.
        'cell-in-range': (p) => {
          const r = context.range;
          if (!r || p.node.rowIndex == null) return false;
          const col = context.colIndex.get(p.column.getColId());
          return col !== undefined && inRect(r, p.node.rowIndex, col);
        },
      },
    })),
    evidenceColumnDef(),
  ];
}
