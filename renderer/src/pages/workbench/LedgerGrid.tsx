// The ledger grid: AG Grid Community with the hierarchy (collapse through an external filter), typed
// editing saved through `cells.set` (use-cell-writer: one save queue, undo/redo), type-to-edit also
// through a pinyin IME (use-type-to-edit), a rectangle of cells (use-cell-range) that Ctrl+C copies,
// Ctrl+V pastes into and Delete clears (use-grid-clipboard; what is written: paste-plan), the grid's
// shortcuts (grid-keys). No per-row React state: rows change through transactions. Only the columns
// near the view are drawn (column virtualisation): code that needs a cell brings its column in first.
// Each row carries its facts as of the month (`asOf`: light, roll-up, 逾期); a saved edit recomputes
// them for the rows it can affect (the edited row's top-level subtree) with shared/as-of.ts.
// The grid is ag-grid-community's own (createGrid), mounted once: ag-grid-react drew every row and
// cell through React commits, close to half of a page-down's main-thread time in a profile. Props
// reach it through setGridOption; its renderers and editors are plain DOM (cells.ts, SuggestEditor.ts).
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type {
  CellClickedEvent,
  CellFocusedEvent,
  CellKeyDownEvent,
  CellMouseDownEvent,
  CellMouseOverEvent,
  ColDef,
  ColumnMovedEvent,
  ColumnResizedEvent,
  DisplayedColumnsChangedEvent,
  GetRowIdParams,
  GridApi,
  GridOptions,
  GridReadyEvent,
  IRowNode,
  RowClassRules,
  RowDataUpdatedEvent,
  RowDragEndEvent,
} from 'ag-grid-community';
import { createGrid } from 'ag-grid-community';
import { memo, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, type PointerEvent, type Ref } from 'react';
import type { StatusDef } from '#shared/api/workbench-api.js';
import { AS_OF_FIELDS, type AsOfRules } from '#shared/as-of.js';
import type { NoticeState } from '../../ui/Notice.js';
import { refreshFactsAround } from './as-of-display.js';
import { drawDragHandleAt } from './cells.js';
import { factColumns, type ColumnInfo } from './column-layout.js';
import type { CellChange } from './edit-history.js';
import { ledgerColumnDefs, ROW_HEIGHT } from './grid-columns.js';
import type { WorkbenchGridContext } from './grid-context.js';
import { gridKeyCommand } from './grid-keys.js';
import { isOverdue, TreeIndex, type GridRow } from './grid-model.js';
import { useCellRange } from './use-cell-range.js';
import { useCellWriter } from './use-cell-writer.js';
import { isTextInput, useGridClipboard } from './use-grid-clipboard.js';
import { useTypeToEdit } from './use-type-to-edit.js';

// Stable across renders: a new object here makes AG Grid rebuild every column and refresh every row.
const DEFAULT_COL_DEF: ColDef<GridRow> = { resizable: true, sortable: false, suppressHeaderMenuButton: true, minWidth: 50 };
const ROW_SELECTION = { mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true } as const;
const ROW_CLASS_RULES: RowClassRules<GridRow> = {
  'row-section': (p) => p.data?.level === 'section',
  'row-task': (p) => p.data?.level === 'task',
  // 逾期 as of the viewed month; a section keeps its band (its tasks show what is late).
  'row-overdue': (p) => (p.data ? p.data.level !== 'section' && isOverdue(p.data) : false),
};

export type { GridRow } from './grid-model.js';
export { withDepth } from './grid-model.js';

export interface LedgerGridHandle {
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Collapse every row with children deeper than `depth` levels (0: show sections only); -1 expands all. */
  showLevels(depth: number): void;
  /**
   * Focus a row and scroll it into view. With `inRows` (rows just handed to the page's state), waits
   * until the grid shows those rows.
   */
  focusRow(rowId: number, column?: string, inRows?: GridRow[]): void;
  /** Forget undo steps (another ledger or period was loaded). */
  clearHistory(): void;
  /** Scroll a column into view (after adding it). */
  revealColumn(id: string): void;
  /** The current order, widths and visibility of columns. */
  columnState(): { id: string; width: number; hidden: boolean }[];
  /** The selected rows (Ctrl/Shift+click), top to bottom. */
  selectedRows(): GridRow[];
}

export interface LedgerGridProps {
  rows: GridRow[];
  columns: ColumnInfo[];
  statuses: StatusDef[];
  unitOptions: string[];
  leaderOptions: string[];
  /** Parent links of `rows` (built by the page with the same rows). */
  tree: TreeIndex;
  /** Rows the filters let through (with their ancestors); null when nothing is filtered. */
  visible: Set<number> | null;
  /** Long texts wrapped over several lines. */
  wrapLongText: boolean;
  /** The month progress cells are read as of and written to (null only while the ledger loads). */
  period: string | null;
  /** The ledger's as-of rules (status categories, light thresholds): facts are recomputed with them. */
  rules: AsOfRules;
  notify: (notice: NoticeState) => void;
  onCurrentRow: (row: GridRow | undefined) => void;
  /** A cell of a row was saved in a month (so the history panel and the picker's months can refresh). */
  onSaved: (rowId: number, column: string, period: string | null) => void;
  onLayoutChange: () => void;
  /** Alt+↑ / Alt+↓ on a row. */
  onMoveRow: (row: GridRow, direction: -1 | 1) => void;
  /** A row dragged onto a sibling: place it before or after that sibling. */
  onDropRow: (row: GridRow, target: GridRow, place: 'before' | 'after') => void;
  onHistoryChange: (canUndo: boolean, canRedo: boolean) => void;
  ref?: Ref<LedgerGridHandle>;
}

function LedgerGridView(props: LedgerGridProps) {
  const { rows, columns, statuses, rules, unitOptions, leaderOptions, tree, visible, period, notify, ref } = props;
  const apiRef = useRef<GridApi<GridRow> | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const catcherRef = useRef<HTMLTextAreaElement>(null);
  const visibleRef = useRef<Set<number> | null>(visible);
  visibleRef.current = visible;
  const periodRef = useRef(period);
  periodRef.current = period;
  const rulesRef = useRef(rules);
  rulesRef.current = rules;
  const factColumnsRef = useRef<string[]>([]);
  factColumnsRef.current = useMemo(() => factColumns(columns), [columns]);
  const pendingFocus = useRef<{ rowId: number; column: string } | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;

  // One mutable context object for renderers; its fields are refreshed below without new column defs.
  const context = useRef<WorkbenchGridContext>({
    tree: new TreeIndex([]),
    collapsed: new Set(),
    toggle: () => undefined,
    saveEdit: () => undefined,
    statuses,
    unitOptions,
    leaderOptions,
    range: null,
    colIndex: new Map(),
    tooltipsPaused: false,
  }).current;
  context.statuses = statuses;
  context.unitOptions = unitOptions;
  context.leaderOptions = leaderOptions;

  // New rows: use their tree index, keep collapsed rows that still exist; index rows by id so saved
  // edits also land in `rows` (filters and searches then see them without reloading).
  const rowIndex = useMemo(() => {
    context.tree = tree;
    for (const id of context.collapsed) if (!tree.hasChildren.has(id)) context.collapsed.delete(id);
    return new Map(rows.map((r, i) => [r.id, i]));
  }, [rows, tree, context]);

  /**
   * Saved rows replace the shown ones; where a written cell is one facts are computed from (status,
   * 完成进度, 完成时限: AS_OF_FIELDS), the facts of the rows it can change (itself, its ancestors' roll-ups) are recomputed. The changed rows'
   * nodes take their new data directly: a transaction would refresh the whole row model (every one of a
   * big ledger's rows filtered and flattened again) for rows whose place and visibility stay the same.
   */
  const replaceRows = useCallback(
    (saved: GridRow[], columns: readonly string[]) => {
      const api = apiRef.current;
      const factsChange = columns.some((c) => AS_OF_FIELDS.has(c));
      const changed = new Map<number, GridRow>();
      const touched: number[] = [];
      for (const row of saved) {
        const i = rowIndex.get(row.id);
        if (i === undefined) {
          changed.set(row.id, row);
          continue;
        }
        rows[i] = { ...row, asOf: row.asOf ?? rows[i]?.asOf };
        changed.set(row.id, rows[i]!);
        if (factsChange) touched.push(i);
      }
      const month = saved[0]?.period ?? periodRef.current;
      // One pass over each top-level subtree touched (a 10,000-cell paste touches few).
      const roots = new Set<number>();
      for (const i of touched) {
        let root = i;
        while (root > 0 && rows[root]!.depth > 0) root--;
        if (roots.has(root) || !month) continue;
        roots.add(root);
        for (const r of refreshFactsAround(rows, i, month, rulesRef.current)) changed.set(r.id, r);
      }
      if (!api || !changed.size) return;
      const nodes: IRowNode<GridRow>[] = [];
      for (const row of changed.values()) {
        const node = api.getRowNode(String(row.id));
        if (!node) continue;
        node.updateData(row);
        nodes.push(node);
      }
      // Cells whose stored value did not change but whose facts did (a parent's roll-up, its light). A write
      // no fact stands on (a 牵头领导, a note) changes none: updateData has redrawn the changed cells already.
      if (factsChange) api.refreshCells({ rowNodes: nodes, columns: factColumnsRef.current, force: true });
    },
    [rows, rowIndex],
  );

  useEffect(() => {
    apiRef.current?.onFilterChanged();
  }, [visible, tree]);

  useEffect(() => {
    apiRef.current?.refreshCells({ force: true, columns: ['status', 'deadline', ...columns.filter((c) => c.type === 'status').map((c) => c.id)] });
  }, [statuses, columns]);

  // Other rules (a status's category, the light thresholds): the page recomputed every row's facts in
  // place, so the shown rows are drawn again (row classes too).
  const rulesShown = useRef(rules);
  useEffect(() => {
    if (rulesShown.current === rules) return;
    rulesShown.current = rules;
    apiRef.current?.redrawRows();
  }, [rules]);

  context.toggle = (rowId: number) => {
    if (context.collapsed.has(rowId)) context.collapsed.delete(rowId);
    else context.collapsed.add(rowId);
    const api = apiRef.current;
    if (!api) return;
    api.onFilterChanged();
    const node = api.getRowNode(String(rowId));
    if (node) api.refreshCells({ rowNodes: [node], columns: ['code'], force: true });
  };

  const wrapLongText = props.wrapLongText;
  const columnDefs = useMemo(() => ledgerColumnDefs(columns, { wrapLongText }, context), [columns, wrapLongText, context]);

  // The rows the grid has taken in (rowData is applied after React renders).
  const rowsShown = useRef<GridRow[] | null>(null);
  const handleRef = useRef<LedgerGridHandle | null>(null);

  const focusChange = useCallback((change: CellChange | undefined) => {
    const api = apiRef.current;
    if (!api || !change) return;
    const node = api.getRowNode(String(change.rowId));
    if (node?.rowIndex != null) {
      api.ensureIndexVisible(node.rowIndex);
      const col = change.column === 'task' && node.data?.level === 'section' ? 'code' : change.column;
      // Only the columns near the view are drawn: bring this one in before focusing its cell.
      api.ensureColumnVisible(col);
      api.setFocusedCell(node.rowIndex, col);
    }
  }, []);

  const writer = useCellWriter({
    apiRef,
    periodRef,
    replaceRows,
    notify,
    focusChange,
    onSaved: (rowId, column, month) => propsRef.current.onSaved(rowId, column, month),
    onHistoryChange: (canUndo, canRedo) => propsRef.current.onHistoryChange(canUndo, canRedo),
  });
  const { edit, undo, redo } = writer;
  context.saveEdit = (change, label) => void edit([change], `修改“${label}”`);

  const cells = useCellRange({ apiRef, context });
  const { focusCatcher, followScroll } = useTypeToEdit({ hostRef, catcherRef, apiRef, onOwnKey: cells.extendByKey });
  const { clearTarget, confirmDialog } = useGridClipboard({ apiRef, hostRef, catcherRef, cells, edit, notify, focusCatcher });

  const showLevels = useCallback(
    (depth: number) => {
      context.collapsed.clear();
      if (depth >= 0) {
        for (const r of rows) if (r.depth >= depth && context.tree.hasChildren.has(r.id)) context.collapsed.add(r.id);
      }
      const api = apiRef.current;
      api?.onFilterChanged();
      api?.refreshCells({ columns: ['code'], force: true });
    },
    [rows, context],
  );

  const handle = useMemo<LedgerGridHandle>(
    () => ({
      undo,
      redo,
      showLevels,
      clearHistory: writer.clearHistory,
      focusRow: (rowId, column = 'task', inRows) => {
        const api = apiRef.current;
        if (!api) return;
        if (inRows && inRows !== rowsShown.current) {
          // The new rows are not in the grid yet: focus when they arrive (onRowDataUpdated).
          pendingFocus.current = { rowId, column };
          return;
        }
        // Make sure the row is not hidden under a collapsed parent.
        for (let p = context.tree.parentOf.get(rowId) ?? null; p != null; p = context.tree.parentOf.get(p) ?? null) context.collapsed.delete(p);
        api.onFilterChanged();
        const node = api.getRowNode(String(rowId));
        if (node?.rowIndex == null) return;
        api.ensureIndexVisible(node.rowIndex);
        const col = node.data?.level === 'section' && column === 'task' ? 'code' : column;
        api.ensureColumnVisible(col);
        api.setFocusedCell(node.rowIndex, col);
        node.setSelected(true, true);
      },
      revealColumn: (id) => apiRef.current?.ensureColumnVisible(id),
      columnState: () =>
        (apiRef.current?.getColumnState() ?? []).map((s) => ({ id: s.colId, width: Math.round(s.width ?? 100), hidden: s.hide === true })),
      selectedRows: () =>
        (apiRef.current?.getSelectedNodes() ?? [])
          .filter((n) => n.data)
          .sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0))
          .map((n) => n.data!),
    }),
    [undo, redo, showLevels, writer.clearHistory, context],
  );
  handleRef.current = handle;
  useImperativeHandle(ref, () => handle, [handle]);

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<GridRow>) => {
      const ev = e.event as KeyboardEvent | null | undefined;
      if (!ev || isTextInput(ev.target) || apiRef.current?.getEditingCells().length) return;
      const command = gridKeyCommand(ev);
      const row = e.data;
      switch (command) {
        case 'redo':
          ev.preventDefault();
          void redo();
          break;
        case 'undo':
          ev.preventDefault();
          void undo();
          break;
        case 'clear':
          ev.preventDefault();
          clearTarget();
          break;
        case 'collapse':
        case 'expand': {
          if (!row) return;
          ev.preventDefault();
          const collapse = command === 'collapse';
          const id = collapse && !context.tree.hasChildren.has(row.id) ? row.parentId : row.id;
          if (id == null || collapse === context.collapsed.has(id)) return;
          context.toggle(id);
          if (id !== row.id) {
            propsRef.current.onCurrentRow(undefined);
            const node = apiRef.current?.getRowNode(String(id));
            if (node?.rowIndex != null) apiRef.current?.setFocusedCell(node.rowIndex, 'code');
          }
          break;
        }
        case 'moveUp':
        case 'moveDown':
          if (!row) return;
          ev.preventDefault();
          propsRef.current.onMoveRow(row, command === 'moveUp' ? -1 : 1);
          break;
        case 'extend':
          // The cell itself had the focus (not the catcher): the rectangle grows all the same.
          if (cells.extendByKey(ev)) ev.preventDefault();
          break;
      }
    },
    [undo, redo, clearTarget, cells, context],
  );

  // The page shows the current row in its toolbar and side panels: a render of the whole page. A focus
  // moved by the keyboard tells it after the frame showing the move (held page-downs: only the last
  // row), so that render is not part of the frame; a click tells it at once (onCellClicked).
  const currentSoon = useRef<{ frame: number; row: GridRow | undefined }>({ frame: 0, row: undefined });
  const onCellFocused = useCallback(
    (e: CellFocusedEvent<GridRow>) => {
      if (e.rowIndex == null) return;
      cells.endOnFocusMove(e);
      const soon = currentSoon.current;
      soon.row = e.api.getDisplayedRowAtIndex(e.rowIndex)?.data;
      if (soon.frame) return;
      soon.frame = requestAnimationFrame(() =>
        setTimeout(() => {
          soon.frame = 0;
          propsRef.current.onCurrentRow(soon.row);
        }, 0),
      );
    },
    [cells],
  );
  useEffect(() => () => cancelAnimationFrame(currentSoon.current.frame), []);

  // The pointer really moved (not the rows under it): hovered cells show their tooltips again.
  const pointerAt = useRef({ x: NaN, y: NaN });
  const onPointerMove = useCallback(
    (e: PointerEvent) => {
      const at = pointerAt.current;
      if (e.clientX === at.x && e.clientY === at.y) return;
      pointerAt.current = { x: e.clientX, y: e.clientY };
      context.tooltipsPaused = false;
    },
    [context],
  );

  // The handlers of this render, for the grid's options (given once, at creation) to call.
  const handlers = useRef({ onCellKeyDown, onCellFocused, cells, followScroll });
  handlers.current = { onCellKeyDown, onCellFocused, cells, followScroll };

  // The rows and columns the grid was last given (so an effect gives it only what changed).
  const given = useRef<{ rows: GridRow[]; columnDefs: typeof columnDefs } | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const latest = useRef({ rows, columnDefs });
  latest.current = { rows, columnDefs };

  // Created before the other effects of the first render run (they use apiRef), destroyed on unmount.
  useLayoutEffect(() => {
    const { rows, columnDefs } = latest.current;
    const options: GridOptions<GridRow> = {
      rowData: rows,
      columnDefs,
      getRowId: (p: GetRowIdParams<GridRow>) => String(p.data.id),
      context,
      localeText: AG_GRID_LOCALE_CN,
      rowSelection: ROW_SELECTION,
      isExternalFilterPresent: () => context.collapsed.size > 0 || visibleRef.current !== null,
      doesExternalFilterPass: (node: IRowNode<GridRow>) => {
        const id = node.data?.id;
        if (id == null) return true;
        const visible = visibleRef.current;
        // While filtering, matches show with their ancestors whatever is collapsed.
        if (visible) return visible.has(id);
        return !context.tree.hiddenByCollapse(id, context.collapsed);
      },
      stopEditingWhenCellsLoseFocus: true,
      enterNavigatesVerticallyAfterEdit: true,
      enterNavigatesVertically: true,
      undoRedoCellEditing: false,
      tooltipShowDelay: 600,
      rowHeight: ROW_HEIGHT,
      headerHeight: 34,
      suppressDragLeaveHidesColumns: true,
      defaultColDef: DEFAULT_COL_DEF,
      rowClassRules: ROW_CLASS_RULES,
      animateRows: false,
      overlayNoRowsTemplate: '<span>该台账还没有行，点击“插入行”开始填写，或从工作要点导入。</span>',
      onGridReady: (e: GridReadyEvent<GridRow>) => {
        context.colIndex = new Map(e.api.getAllDisplayedColumns().map((c, i) => [c.getColId(), i]));
        e.api.onFilterChanged();
      },
      onFilterChanged: () => handlers.current.cells.setRange(null),
      onDisplayedColumnsChanged: (e: DisplayedColumnsChangedEvent<GridRow>) => {
        context.colIndex = new Map(e.api.getAllDisplayedColumns().map((c, i) => [c.getColId(), i]));
        handlers.current.cells.setRange(null);
      },
      onCellClicked: (e: CellClickedEvent<GridRow>) => propsRef.current.onCurrentRow(e.data),
      onRowDataUpdated: (e: RowDataUpdatedEvent<GridRow>) => {
        // Rows read again (another month): a cell whose stored value is the same may show other facts
        // (a parent's roll-up, a carried value's month), so the shown fact cells are drawn again.
        if (rowsShown.current !== propsRef.current.rows) e.api.refreshCells({ columns: factColumnsRef.current, force: true });
        rowsShown.current = propsRef.current.rows;
        const pending = pendingFocus.current;
        pendingFocus.current = null;
        if (pending) handleRef.current?.focusRow(pending.rowId, pending.column);
      },
      onRowDragEnd: (e: RowDragEndEvent<GridRow>) => {
        const row = e.node.data;
        const target = e.overNode?.data;
        if (!row || !target || target.id === row.id) return;
        if (target.parentId !== row.parentId) {
          propsRef.current.notify({ kind: 'error', text: '拖动只能在同一上级之内调整顺序；要换到其他章节或任务下，请剪切后在目标位置插入。' });
          return;
        }
        const place = (e.overIndex ?? 0) < (e.node.rowIndex ?? 0) ? 'before' : 'after';
        propsRef.current.onDropRow(row, target, place);
      },
      onColumnMoved: (e: ColumnMovedEvent<GridRow>) => e.finished && propsRef.current.onLayoutChange(),
      onColumnResized: (e: ColumnResizedEvent<GridRow>) => e.finished && e.source === 'uiColumnResized' && propsRef.current.onLayoutChange(),
      onCellKeyDown: (e: CellKeyDownEvent<GridRow>) => handlers.current.onCellKeyDown(e),
      onCellFocused: (e: CellFocusedEvent<GridRow>) => handlers.current.onCellFocused(e),
      onCellMouseDown: (e: CellMouseDownEvent<GridRow>) => handlers.current.cells.onCellMouseDown(e),
      onCellMouseOver: (e: CellMouseOverEvent<GridRow>) => handlers.current.cells.onCellMouseOver(e),
      onBodyScroll: () => {
        context.tooltipsPaused = true;
        handlers.current.followScroll();
      },
    };
    const api = createGrid(gridRef.current!, options);
    apiRef.current = api;
    given.current = { rows, columnDefs };
    return () => {
      apiRef.current = null;
      given.current = null;
      api.destroy();
    };
  }, [context]);

  // New rows or columns from the page (before the effects that filter and refresh them).
  useLayoutEffect(() => {
    const api = apiRef.current;
    const was = given.current;
    if (!api || !was) return;
    if (was.columnDefs !== columnDefs) api.setGridOption('columnDefs', columnDefs);
    if (was.rows !== rows) api.setGridOption('rowData', rows);
    given.current = { rows, columnDefs };
  }, [rows, columnDefs]);

  return (
    <div className="grid-host" data-testid="ledger-grid" ref={hostRef} onPointerOver={(e) => drawDragHandleAt(e.target)} onPointerMove={onPointerMove}>
      <div className="grid-mount" ref={gridRef} />
      {/* Keeps the keyboard focus while a cell is selected, so typing and IME input open the editor (use-type-to-edit).
          AG Grid's class for a component's own popup: the focus moving into it does not end an edit by itself
          (an Enter hands the focus over before the edit ends; the code that hands it over ends the edit). */}
      <textarea ref={catcherRef} className="grid-type-catcher ag-custom-component-popup" aria-label="在所选单元格中输入" data-testid="grid-type-catcher" rows={1} tabIndex={-1} spellCheck={false} />
      {confirmDialog}
    </div>
  );
}

/**
 * Renders again only when a value it shows changes: its callbacks are read at call time (propsRef),
 * so the page's new handler functions on each of its renders (an edit, a move of the current row) are
 * no reason to run the grid's render.
 */
export const LedgerGrid = memo(LedgerGridView, (a, b) =>
  (Object.keys(b) as (keyof LedgerGridProps)[]).every((k) => a[k] === b[k] || (typeof a[k] === 'function' && typeof b[k] === 'function')),
);
