// The ledger grid: AG Grid Community with the hierarchy (collapse through an external filter), typed
// editing saved through `cells.set` (use-cell-writer: one save queue, undo/redo), type-to-edit also
// through a pinyin IME (use-type-to-edit), a rectangle of cells (shift+arrows, mouse drag: cell-range)
// that Ctrl+C copies, Ctrl+V pastes into and Delete clears (what is written: paste-plan), a question
// before a big paste. No per-row React state: rows change through transactions.
// Each row carries its facts as of the month (`asOf`: light, roll-up, 逾期); a saved edit recomputes
// them for the rows it can affect (the edited row's top-level subtree) with shared/as-of.ts.
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type {
  CellFocusedEvent,
  CellKeyDownEvent,
  CellMouseDownEvent,
  CellMouseOverEvent,
  CellValueChangedEvent,
  ColDef,
  Column,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  RowClassRules,
  RowDragEndEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { StatusDef } from '#shared/api/workbench-api.js';
import type { AsOfRules } from '#shared/as-of.js';
import { useConfirm } from '../../ui/ConfirmDialog.js';
import type { NoticeState } from '../../ui/Notice.js';
import { refreshFactsAround } from './as-of-display.js';
import { inRect, isArrowKey, rectCells, rectOf, stepEnd, type CellPos, type CellRect } from './cell-range.js';
import type { CellChange } from './edit-history.js';
import { buildColumnDefs, editTarget, factColumns, type ColumnInfo } from './grid-columns.js';
import type { WorkbenchGridContext } from './grid-context.js';
import { evidenceColumnDef } from './evidence/EvidenceCell.js';
import { isOverdue, TreeIndex, type GridRow } from './grid-model.js';
import { copyBlock, copyText, planClear, planPaste, pasteNotice, pasteQuestion, targetOfRect, type PasteTarget } from './paste-plan.js';
import { formatTsv, parseTsv } from './tsv.js';
import { useCellWriter } from './use-cell-writer.js';
import { useTypeToEdit } from './use-type-to-edit.js';

// Stable across renders: a new object here makes AG Grid rebuild every column and refresh every row.
const DEFAULT_COL_DEF: ColDef<GridRow> = { resizable: true, sortable: false, suppressHeaderMenuButton: true, minWidth: 50 };
const ROW_SELECTION = { mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true } as const;

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

const isTextInput = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  !target.classList.contains('grid-type-catcher') &&
  (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);

export function LedgerGrid(props: LedgerGridProps) {
  const { rows, columns, statuses, rules, unitOptions, leaderOptions, tree, visible, period, notify, ref } = props;
  const apiRef = useRef<GridApi<GridRow> | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const catcherRef = useRef<HTMLTextAreaElement>(null);
  const [confirmDialog, ask] = useConfirm();
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
    statuses,
    unitOptions,
    leaderOptions,
    range: null,
    colIndex: new Map(),
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
   * A saved row replaces the shown one; the facts of the rows it can change (itself, its ancestors'
   * roll-ups) are recomputed and the changed rows go to the grid in one transaction.
   */
  const replaceRows = useCallback(
    (saved: GridRow[]) => {
      const api = apiRef.current;
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
        touched.push(i);
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
      const update = [...changed.values()];
      api.applyTransaction({ update });
      // Cells whose stored value did not change but whose facts did (a parent's roll-up, its light).
      const nodes = update.map((r) => api.getRowNode(String(r.id))).filter((n): n is IRowNode<GridRow> => !!n);
      api.refreshCells({ rowNodes: nodes, columns: factColumnsRef.current, force: true });
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
  const columnDefs = useMemo<ColDef<GridRow>[]>(
    () => [
      ...buildColumnDefs(columns, { wrapLongText }).map((def): ColDef<GridRow> => ({
        ...def,
        // The rectangle's highlight: re-applied by refreshCells on the cells it covered and covers.
        cellClassRules: {
          ...def.cellClassRules,
          'cell-in-range': (p) => {
            const r = context.range;
            const col = context.colIndex.get(p.column.getColId());
            return !!r && col !== undefined && p.node.rowIndex != null && inRect(r, p.node.rowIndex, col);
          },
        },
      })),
      evidenceColumnDef(),
    ],
    [columns, wrapLongText, context],
  );

  // The rows the grid has taken in (rowData is applied after React renders).
  const rowsShown = useRef<GridRow[] | null>(null);
  const handleRef = useRef<LedgerGridHandle | null>(null);

  const getRowId = useCallback((p: GetRowIdParams<GridRow>) => String(p.data.id), []);

  const isExternalFilterPresent = useCallback(() => context.collapsed.size > 0 || visibleRef.current !== null, [context]);
  const doesExternalFilterPass = useCallback(
    (node: IRowNode<GridRow>) => {
      const id = node.data?.id;
      if (id == null) return true;
      const visible = visibleRef.current;
      // While filtering, matches show with their ancestors whatever is collapsed.
      if (visible) return visible.has(id);
      return !context.tree.hiddenByCollapse(id, context.collapsed);
    },
    [context],
  );

  const focusChange = useCallback((change: CellChange | undefined) => {
    const api = apiRef.current;
    if (!api || !change) return;
    const node = api.getRowNode(String(change.rowId));
    if (node?.rowIndex != null) {
      api.ensureIndexVisible(node.rowIndex);
      const col = change.column === 'task' && node.data?.level === 'section' ? 'code' : change.column;
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

  // ---- the rectangle of cells (display indices; the anchor is where it started) ----
  const range = useRef<{ anchor: CellPos; end: CellPos } | null>(null);
  const dragging = useRef(false);

  const displayedColumns = useCallback((): Column[] => apiRef.current?.getAllDisplayedColumns() ?? [], []);

  /** The shown rows in display order (index = AG Grid's row index). */
  const shownRows = useCallback((): GridRow[] => {
    const out: GridRow[] = [];
    apiRef.current?.forEachNodeAfterFilterAndSort((n) => {
      if (n.data) out.push(n.data);
    });
    return out;
  }, []);

  const currentRect = useCallback((): CellRect | null => (range.current ? rectOf(range.current.anchor, range.current.end) : null), []);

  /** Redraws the range highlight of the rendered cells in `before` and `after`. */
  const repaintRange = useCallback((before: CellRect | null, after: CellRect | null) => {
    const api = apiRef.current;
    if (!api) return;
    context.range = after && rectCells(after) > 1 ? after : null;
    const boxes = [before, after].filter((r): r is CellRect => !!r);
    if (!boxes.length) return;
    const first = Math.max(api.getFirstDisplayedRowIndex(), Math.min(...boxes.map((r) => r.top)));
    const last = Math.min(api.getLastDisplayedRowIndex(), Math.max(...boxes.map((r) => r.bottom)));
    const nodes: IRowNode<GridRow>[] = [];
    for (let i = first; i <= last; i++) {
      const n = api.getDisplayedRowAtIndex(i);
      if (n) nodes.push(n);
    }
    const cols = displayedColumns();
    const left = Math.min(...boxes.map((r) => r.left));
    const right = Math.max(...boxes.map((r) => r.right));
    api.refreshCells({ rowNodes: nodes, columns: cols.slice(left, right + 1) });
  }, [context, displayedColumns]);

  const setRange = useCallback((next: { anchor: CellPos; end: CellPos } | null) => {
    const before = currentRect();
    range.current = next;
    repaintRange(before, currentRect());
  }, [currentRect, repaintRange]);

  const positionOf = useCallback((rowIndex: number | null | undefined, column: Column): CellPos | null => {
    if (rowIndex == null) return null;
    const col = displayedColumns().indexOf(column);
    return col < 0 ? null : { row: rowIndex, col };
  }, [displayedColumns]);

  /** Shift+arrows (Ctrl too: to the edge) grow or shrink the rectangle from the focused cell. */
  const extendByKey = useCallback((e: KeyboardEvent): boolean => {
    const api = apiRef.current;
    if (!api || !e.shiftKey || e.altKey || !isArrowKey(e.key) || api.getEditingCells().length) return false;
    const f = api.getFocusedCell();
    if (!f || f.rowIndex == null || f.rowPinned) return false;
    const at = positionOf(f.rowIndex, f.column);
    if (!at) return false;
    const current = range.current && inRect(currentRect(), at.row, at.col) ? range.current : { anchor: at, end: at };
    const end = stepEnd(current.end, e.key, { rows: api.getDisplayedRowCount(), cols: displayedColumns().length }, e.ctrlKey || e.metaKey);
    setRange({ anchor: current.anchor, end });
    api.ensureIndexVisible(end.row);
    const col = displayedColumns()[end.col];
    if (col) api.ensureColumnVisible(col);
    return true;
  }, [positionOf, currentRect, setRange, displayedColumns]);

  const { focusCatcher, followScroll } = useTypeToEdit({ hostRef, catcherRef, apiRef, onOwnKey: extendByKey });

  /** The cells an action applies to: the rectangle, else the Ctrl-selected rows in the focused column, else the focused cell. */
  const actionTarget = useCallback((): PasteTarget | null => {
    const api = apiRef.current;
    const f = api?.getFocusedCell();
    if (!api || !f || f.rowIndex == null || f.rowPinned) return null;
    const at = positionOf(f.rowIndex, f.column);
    if (!at) return null;
    const rect = currentRect();
    if (rect && rectCells(rect) > 1 && inRect(rect, at.row, at.col)) return targetOfRect(rect);
    const selected = api.getSelectedNodes().filter((n) => n.data && n.rowIndex != null && n.displayed);
    if (selected.length > 1 && selected.some((n) => n.rowIndex === at.row)) {
      return { rows: selected.map((n) => n.rowIndex!).sort((a, b) => a - b), left: at.col, right: at.col };
    }
    return { rows: [at.row], left: at.col, right: at.col };
  }, [positionOf, currentRect]);

  /** How many cells one screen of the grid shows: a paste overwriting more asks first. */
  const screenful = useCallback((): number => {
    const api = apiRef.current;
    if (!api) return 0;
    const v = api.getVerticalPixelRange();
    const h = api.getHorizontalPixelRange();
    const rowsShown = Math.max(1, Math.floor((v.bottom - v.top) / 32));
    const cols = displayedColumns().filter((c) => c.isPinned() || ((c.getLeft() ?? 0) < h.right && (c.getLeft() ?? 0) + c.getActualWidth() > h.left)).length;
    return rowsShown * Math.max(1, cols);
  }, [displayedColumns]);

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
        api.setFocusedCell(node.rowIndex, node.data?.level === 'section' && column === 'task' ? 'code' : column);
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

  const onCellValueChanged = useCallback(
    (e: CellValueChangedEvent<GridRow>) => {
      if (e.source === 'paste' || !e.data) return;
      const column = editTarget(e.data, e.column.getColId());
      const label = `修改“${e.column.getColDef().headerName ?? column}”`;
      void edit([{ rowId: e.data.id, column, value: e.newValue == null ? '' : String(e.newValue), oldValue: e.oldValue == null ? '' : String(e.oldValue) }], label);
    },
    [edit],
  );

  /** Delete: the rectangle, the selected rows' cells in the focused column, or the focused cell become empty. */
  const clearTarget = useCallback(() => {
    const target = actionTarget();
    if (!target) return;
    const writes = planClear(target, shownRows(), displayedColumns().map((c) => ({ id: c.getColId() })));
    if (writes.length) void edit(writes, `清除 ${writes.length} 个单元格`);
  }, [actionTarget, shownRows, displayedColumns, edit]);

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<GridRow>) => {
      const ev = e.event as KeyboardEvent | null | undefined;
      if (!ev || isTextInput(ev.target) || apiRef.current?.getEditingCells().length) return;
      const ctrl = ev.ctrlKey || ev.metaKey;
      const key = ev.key.toLowerCase();
      if (ctrl && !ev.altKey && ((key === 'z' && ev.shiftKey) || key === 'y')) {
        ev.preventDefault();
        void redo();
      } else if (ctrl && !ev.altKey && key === 'z') {
        ev.preventDefault();
        void undo();
      } else if (ev.key === 'Delete' && !ctrl && !ev.altKey) {
        ev.preventDefault();
        clearTarget();
      } else if (ev.altKey && !ctrl && (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight')) {
        const row = e.data;
        if (!row) return;
        ev.preventDefault();
        const collapse = ev.key === 'ArrowLeft';
        const id = collapse && !context.tree.hasChildren.has(row.id) ? row.parentId : row.id;
        if (id == null || collapse === context.collapsed.has(id)) return;
        context.toggle(id);
        if (id !== row.id) propsRef.current.onCurrentRow(undefined);
        if (id !== row.id) {
          const node = apiRef.current?.getRowNode(String(id));
          if (node?.rowIndex != null) apiRef.current?.setFocusedCell(node.rowIndex, 'code');
        }
      } else if (ev.altKey && !ctrl && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown')) {
        if (!e.data) return;
        ev.preventDefault();
        propsRef.current.onMoveRow(e.data, ev.key === 'ArrowUp' ? -1 : 1);
      } else if (ev.shiftKey && isArrowKey(ev.key)) {
        // The cell itself had the focus (not the catcher): the rectangle grows all the same.
        if (extendByKey(ev)) ev.preventDefault();
      }
    },
    [undo, redo, clearTarget, extendByKey, context],
  );

  // Copy and paste through the DOM clipboard events: they carry the text without any permission prompt,
  // and the Electron menu's 复制/粘贴 roles fire them too.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const columnsOf = () => displayedColumns().map((c) => ({ id: c.getColId() }));
    const onCopy = (ev: ClipboardEvent) => {
      const api = apiRef.current;
      if (!api || isTextInput(ev.target) || api.getEditingCells().length) return;
      const target = actionTarget();
      if (!target) return;
      const rows = shownRows();
      const rect = currentRect();
      const selected = api.getSelectedNodes().filter((n) => n.data && n.displayed);
      let block: string[][];
      let what: string;
      if (rect && rectCells(rect) > 1) {
        block = copyBlock(target, rows, columnsOf());
        what = `${block.length} 行 × ${block[0]?.length ?? 0} 列`;
      } else if (selected.length > 1) {
        // Ctrl/Shift-selected rows: whole rows, as shown.
        const all = { rows: selected.map((n) => n.rowIndex!).sort((a, b) => a - b), left: 0, right: displayedColumns().length - 1 };
        block = copyBlock(all, rows, columnsOf());
        what = `${selected.length} 行`;
      } else {
        const row = rows[target.rows[0]!];
        const col = displayedColumns()[target.left];
        if (!row || !col) return;
        block = [[copyText(row, col.getColId())]];
        what = '';
      }
      ev.clipboardData?.setData('text/plain', formatTsv(block));
      ev.preventDefault();
      notify({ kind: 'info', text: what ? `已复制 ${what}。` : '已复制单元格。' });
    };
    const onPaste = (ev: ClipboardEvent) => {
      const api = apiRef.current;
      if (!api || isTextInput(ev.target) || api.getEditingCells().length) return;
      // Never let pasted text land in the catcher (it would open an editor with it).
      if (ev.target === catcherRef.current) ev.preventDefault();
      const target = actionTarget();
      const text = ev.clipboardData?.getData('text/plain') ?? '';
      if (!target || !text) return;
      ev.preventDefault();
      const block = parseTsv(text);
      const plan = planPaste(block, target, shownRows(), columnsOf());
      if (plan.onlyComputed) {
        notify({ kind: 'error', text: '亮灯按进度自动计算，不能粘贴。' });
        return;
      }
      const question = pasteQuestion(plan, screenful());
      void (async () => {
        const yes = !question || (await ask({ title: '确认粘贴', message: question, confirmLabel: '粘贴' }));
        // Back to the grid once the dialog is gone.
        if (question) requestAnimationFrame(focusCatcher);
        if (!yes) {
          notify({ kind: 'info', text: '已取消粘贴，没有写入任何单元格。' });
          return;
        }
        const saved = await edit(plan.writes, plan.fill ? `填入 ${plan.writes.length} 个单元格` : `粘贴 ${plan.writes.length} 个单元格`);
        notify({ kind: saved.refused ? 'error' : 'info', text: pasteNotice(plan, saved.applied.length, saved.refused, saved.firstError) });
      })();
    };
    host.addEventListener('copy', onCopy);
    host.addEventListener('paste', onPaste);
    return () => {
      host.removeEventListener('copy', onCopy);
      host.removeEventListener('paste', onPaste);
    };
  }, [edit, actionTarget, shownRows, currentRect, displayedColumns, screenful, ask, focusCatcher, notify]);

  // Mouse: a press starts a rectangle at the cell (shift: from the anchor), dragging over cells grows it.
  const onCellMouseDown = useCallback((e: CellMouseDownEvent<GridRow>) => {
    const me = e.event as MouseEvent | null | undefined;
    if (!me || me.button !== 0) return;
    const at = positionOf(e.rowIndex, e.column);
    if (!at) return;
    if (me.shiftKey && range.current) setRange({ anchor: range.current.anchor, end: at });
    else setRange({ anchor: at, end: at });
    dragging.current = true;
    const stop = () => {
      dragging.current = false;
      window.removeEventListener('mouseup', stop);
    };
    window.addEventListener('mouseup', stop);
  }, [positionOf, setRange]);

  const onCellMouseOver = useCallback((e: CellMouseOverEvent<GridRow>) => {
    const me = e.event as MouseEvent | null | undefined;
    if (!dragging.current || !range.current || !me || (me.buttons & 1) === 0) return;
    const at = positionOf(e.rowIndex, e.column);
    if (!at || (at.row === range.current.end.row && at.col === range.current.end.col)) return;
    setRange({ anchor: range.current.anchor, end: at });
  }, [positionOf, setRange]);

  const rowClassRules = useMemo<RowClassRules<GridRow>>(
    () => ({
      'row-section': (p) => p.data?.level === 'section',
      'row-task': (p) => p.data?.level === 'task',
      // 逾期 as of the viewed month; a section keeps its band (its tasks show what is late).
      'row-overdue': (p) => (p.data ? p.data.level !== 'section' && isOverdue(p.data) : false),
    }),
    [],
  );

  const onCellFocused = useCallback((e: CellFocusedEvent<GridRow>) => {
    if (e.rowIndex == null) return;
    // Moving the focus elsewhere (arrows, Tab, Enter) ends the rectangle; a shift+click or a drag keeps it.
    const r = range.current;
    const col = e.column && typeof e.column === 'object' ? displayedColumns().indexOf(e.column as Column) : -1;
    const at = { row: e.rowIndex, col };
    const same = (p: CellPos) => p.row === at.row && p.col === at.col;
    if (r && !same(r.anchor) && !same(r.end)) setRange(null);
    propsRef.current.onCurrentRow(e.api.getDisplayedRowAtIndex(e.rowIndex)?.data);
  }, [displayedColumns, setRange]);

  const layoutChanged = useCallback(() => propsRef.current.onLayoutChange(), []);

  return (
    <div className="grid-host" data-testid="ledger-grid" ref={hostRef}>
      <AgGridReact<GridRow>
        rowData={rows}
        columnDefs={columnDefs}
        getRowId={getRowId}
        context={context}
        localeText={AG_GRID_LOCALE_CN}
        rowSelection={ROW_SELECTION}
        onGridReady={(e: GridReadyEvent<GridRow>) => {
          apiRef.current = e.api;
          context.colIndex = new Map(e.api.getAllDisplayedColumns().map((c, i) => [c.getColId(), i]));
          e.api.onFilterChanged();
        }}
        onCellValueChanged={onCellValueChanged}
        onCellKeyDown={onCellKeyDown}
        onCellFocused={onCellFocused}
        onCellMouseDown={onCellMouseDown}
        onBodyScroll={followScroll}
        onCellMouseOver={onCellMouseOver}
        onFilterChanged={() => setRange(null)}
        onDisplayedColumnsChanged={(e) => {
          context.colIndex = new Map(e.api.getAllDisplayedColumns().map((c, i) => [c.getColId(), i]));
          setRange(null);
        }}
        onCellClicked={(e) => propsRef.current.onCurrentRow(e.data)}
        onRowDataUpdated={(e) => {
          // Rows read again (another month): a cell whose stored value is the same may show other facts
          // (a parent's roll-up, a carried value's month), so the shown fact cells are drawn again.
          if (rowsShown.current !== propsRef.current.rows) e.api.refreshCells({ columns: factColumnsRef.current, force: true });
          rowsShown.current = propsRef.current.rows;
          const pending = pendingFocus.current;
          pendingFocus.current = null;
          if (pending) handleRef.current?.focusRow(pending.rowId, pending.column);
        }}
        onRowDragEnd={(e: RowDragEndEvent<GridRow>) => {
          const row = e.node.data;
          const target = e.overNode?.data;
          if (!row || !target || target.id === row.id) return;
          if (target.parentId !== row.parentId) {
            notify({ kind: 'error', text: '拖动只能在同一上级之内调整顺序；要换到其他章节或任务下，请剪切后在目标位置插入。' });
            return;
          }
          const place = (e.overIndex ?? 0) < (e.node.rowIndex ?? 0) ? 'before' : 'after';
          propsRef.current.onDropRow(row, target, place);
        }}
        onColumnMoved={(e) => e.finished && layoutChanged()}
        onColumnResized={(e) => e.finished && e.source === 'uiColumnResized' && layoutChanged()}
        isExternalFilterPresent={isExternalFilterPresent}
        doesExternalFilterPass={doesExternalFilterPass}
        stopEditingWhenCellsLoseFocus
        enterNavigatesVerticallyAfterEdit
        enterNavigatesVertically
        undoRedoCellEditing={false}
        tooltipShowDelay={600}
        rowHeight={32}
        headerHeight={34}
        suppressDragLeaveHidesColumns
        // All columns stay in the DOM: keyboard paste/copy across the row and the e2e tests rely on it.
        // It costs scrolling time on big ledgers (see the bench's scroll row).
        suppressColumnVirtualisation
        defaultColDef={DEFAULT_COL_DEF}
        rowClassRules={rowClassRules}
        animateRows={false}
        overlayNoRowsTemplate="<span>该台账还没有行，点击“插入行”开始填写，或从工作要点导入。</span>"
      />
      {/* Keeps the keyboard focus while a cell is selected, so typing and IME input open the editor (use-type-to-edit). */}
      <textarea ref={catcherRef} className="grid-type-catcher" aria-label="在所选单元格中输入" data-testid="grid-type-catcher" rows={1} tabIndex={-1} spellCheck={false} />
      {confirmDialog}
    </div>
  );
}
