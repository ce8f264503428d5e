// The ledger grid: AG Grid Community with the hierarchy (collapse through an external filter), typed
// editing saved through `cells.set`, Delete to clear, undo/redo of the clerk's edits, and copy/paste of
// tab-separated blocks to and from Excel/WPS. No per-row React state: rows change through transactions.
// Each row carries its facts as of the month (`asOf`: light, roll-up, 逾期); a saved edit recomputes
// them for the rows it can affect (the edited row's top-level subtree) with shared/as-of.ts.
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type {
  CellFocusedEvent,
  CellKeyDownEvent,
  CellValueChangedEvent,
  ColDef,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  RowClassRules,
  RowDragEndEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { StatusDef } from '../../../../shared/api/workbench-api.js';
import type { AsOfRules } from '../../../../shared/as-of.js';
import { client } from '../../api/client.js';
import { errorText } from '../../ui/Notice.js';
import type { NoticeState } from '../../ui/Notice.js';
import { isComputedColumn, lightText, refreshFactsAround } from './as-of-display.js';
import { invert, EditHistory, type CellChange } from './edit-history.js';
import { buildColumnDefs, editTarget, factColumns, type ColumnInfo } from './grid-columns.js';
import type { WorkbenchGridContext } from './grid-context.js';
import { evidenceColumnDef } from './evidence/EvidenceCell.js';
import { cellText, isOverdue, TreeIndex, withCell, type GridRow } from './grid-model.js';
import { formatTsv, parseTsv } from './tsv.js';

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

/** What a copied cell carries: the stored value; the light's word for the computed light column. */
function copyText(row: GridRow, column: string): string {
  return isComputedColumn(column) ? (lightText(row.asOf)?.label ?? '') : cellText(row, editTarget(row, column));
}

const isTextInput = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);

interface PendingChange {
  rowId: number;
  column: string;
  value: string;
  /** The value before the change when the grid already shows the new one (inline edits). */
  oldValue?: string;
}

export function LedgerGrid(props: LedgerGridProps) {
  const { rows, columns, statuses, rules, unitOptions, leaderOptions, tree, visible, period, notify, ref } = props;
  const apiRef = useRef<GridApi<GridRow> | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const history = useRef(new EditHistory()).current;
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
  const replaceRow = useCallback(
    (row: GridRow) => {
      const api = apiRef.current;
      const i = rowIndex.get(row.id);
      if (i === undefined) {
        api?.applyTransaction({ update: [row] });
        return;
      }
      rows[i] = { ...row, asOf: row.asOf ?? rows[i]?.asOf };
      const month = row.period ?? periodRef.current;
      const changed = month ? refreshFactsAround(rows, i, month, rulesRef.current) : [];
      if (!changed.some((r) => r.id === row.id)) changed.push(rows[i]!);
      if (!api) return;
      api.applyTransaction({ update: changed });
      // Cells whose stored value did not change but whose facts did (a parent's roll-up, its light).
      const nodes = changed.map((r) => api.getRowNode(String(r.id))).filter((n): n is IRowNode<GridRow> => !!n);
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
  const columnDefs = useMemo<ColDef<GridRow>[]>(() => [...buildColumnDefs(columns, { wrapLongText }), evidenceColumnDef()], [columns, wrapLongText]);

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

  /** Writes cells one by one through the API; shows what was stored (normalised) or puts the old value back. */
  const writeChanges = useCallback(
    async (changes: PendingChange[]): Promise<CellChange[]> => {
      const api = apiRef.current;
      if (!api) return [];
      const applied: CellChange[] = [];
      let failure: unknown;
      for (const ch of changes) {
        const node = api.getRowNode(String(ch.rowId));
        if (!node?.data) continue;
        const oldValue = ch.oldValue ?? cellText(node.data, ch.column);
        const period = periodRef.current;
        try {
          const saved = await client.call('cells.set', {
            rowId: ch.rowId,
            column: ch.column,
            value: ch.value,
            period: period ?? undefined,
          });
          // The clerk switched to another month meanwhile: the reload shows that month, not this answer.
          if (periodRef.current !== period) continue;
          const current = api.getRowNode(String(ch.rowId))?.data;
          replaceRow({ ...saved.row, depth: current?.depth ?? node.data.depth });
          if (saved.value !== oldValue) applied.push({ rowId: ch.rowId, column: ch.column, oldValue, newValue: saved.value });
          propsRef.current.onSaved(ch.rowId, ch.column, saved.row.period);
        } catch (err) {
          failure ??= err;
          const current = api.getRowNode(String(ch.rowId))?.data;
          if (current) replaceRow(withCell(current, ch.column, oldValue));
        }
      }
      if (failure) notify({ kind: 'error', text: errorText(failure) });
      return applied;
    },
    [notify, replaceRow],
  );

  const reportHistory = useCallback(() => propsRef.current.onHistoryChange(history.canUndo, history.canRedo), [history]);

  // Edits, undo and redo run one after another: an Ctrl+Z pressed while a paste is still being saved
  // must undo that paste, not the step before it.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const inOrder = useCallback(<T,>(work: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(work, work);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const edit = useCallback(
    (changes: PendingChange[]) =>
      inOrder(async () => {
        history.record(await writeChanges(changes));
        reportHistory();
      }),
    [history, writeChanges, reportHistory, inOrder],
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

  const undo = useCallback(() => inOrder(async () => {
    const step = history.takeUndo();
    if (!step) {
      notify({ kind: 'info', text: '没有可撤销的修改。' });
      return;
    }
    const back = invert(step);
    await writeChanges(back.map((c) => ({ rowId: c.rowId, column: c.column, value: c.newValue })));
    history.undone(step);
    focusChange(back[back.length - 1]);
    reportHistory();
    notify({ kind: 'info', text: `已撤销 ${step.length} 个单元格的修改。` });
  }), [history, writeChanges, focusChange, reportHistory, notify, inOrder]);

  const redo = useCallback(() => inOrder(async () => {
    const step = history.takeRedo();
    if (!step) {
      notify({ kind: 'info', text: '没有可恢复的修改。' });
      return;
    }
    await writeChanges(step.map((c) => ({ rowId: c.rowId, column: c.column, value: c.newValue })));
    history.redone(step);
    focusChange(step[step.length - 1]);
    reportHistory();
    notify({ kind: 'info', text: `已恢复 ${step.length} 个单元格的修改。` });
  }), [history, writeChanges, focusChange, reportHistory, notify, inOrder]);

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
      clearHistory: () => {
        history.clear();
        reportHistory();
      },
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
    [undo, redo, showLevels, history, reportHistory, context],
  );
  handleRef.current = handle;
  useImperativeHandle(ref, () => handle, [handle]);

  const onCellValueChanged = useCallback(
    (e: CellValueChangedEvent<GridRow>) => {
      if (e.source === 'paste' || !e.data) return;
      const column = editTarget(e.data, e.column.getColId());
      void edit([{ rowId: e.data.id, column, value: e.newValue == null ? '' : String(e.newValue), oldValue: e.oldValue == null ? '' : String(e.oldValue) }]);
    },
    [edit],
  );

  const focusedTarget = useCallback((): { node: IRowNode<GridRow>; column: string; colIndex: number } | undefined => {
    const api = apiRef.current;
    const focused = api?.getFocusedCell();
    if (!api || !focused || focused.rowIndex == null || focused.rowPinned) return undefined;
    const node = api.getDisplayedRowAtIndex(focused.rowIndex);
    if (!node?.data) return undefined;
    const displayed = api.getAllDisplayedColumns();
    return { node, column: focused.column.getColId(), colIndex: displayed.indexOf(focused.column) };
  }, []);

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
        const target = focusedTarget();
        if (!target?.node.data) return;
        ev.preventDefault();
        const selected = apiRef.current!.getSelectedNodes().filter((n) => n.data);
        const nodes = selected.length > 1 && selected.includes(target.node) ? selected : [target.node];
        if (isComputedColumn(target.column)) return;
        const changes = nodes
          .map((n) => ({ rowId: n.data!.id, column: editTarget(n.data, target.column), value: '' }))
          .filter((c) => {
            const data = apiRef.current!.getRowNode(String(c.rowId))?.data;
            return data && cellText(data, c.column) !== '';
          });
        if (changes.length) void edit(changes);
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
      } else if ((ev.key === 'Process' || ev.keyCode === 229) && e.rowIndex != null && !e.rowPinned) {
        // Chinese input (IME) sends no printable key: open the editor so the composition lands in it.
        apiRef.current?.startEditingCell({ rowIndex: e.rowIndex, colKey: e.column.getColId() });
      } else if (ev.altKey && !ctrl && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown')) {
        if (!e.data) return;
        ev.preventDefault();
        propsRef.current.onMoveRow(e.data, ev.key === 'ArrowUp' ? -1 : 1);
      }
    },
    [undo, redo, edit, focusedTarget, context],
  );

  // Copy and paste through the DOM clipboard events: they carry the text without any permission prompt,
  // and the Electron menu's 复制/粘贴 roles fire them too.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const onCopy = (ev: ClipboardEvent) => {
      const api = apiRef.current;
      if (!api || isTextInput(ev.target) || api.getEditingCells().length) return;
      const target = focusedTarget();
      if (!target) return;
      const selected = api.getSelectedNodes().filter((n) => n.data);
      let text: string;
      if (selected.length > 1) {
        const cols = api.getAllDisplayedColumns().map((c) => c.getColId());
        const sorted = [...selected].sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
        text = formatTsv(sorted.map((n) => cols.map((c) => copyText(n.data!, c))));
      } else {
        text = formatTsv([[copyText(target.node.data!, target.column)]]);
      }
      ev.clipboardData?.setData('text/plain', text);
      ev.preventDefault();
      notify({ kind: 'info', text: selected.length > 1 ? `已复制 ${selected.length} 行。` : '已复制单元格。' });
    };
    const onPaste = (ev: ClipboardEvent) => {
      const api = apiRef.current;
      if (!api || isTextInput(ev.target) || api.getEditingCells().length) return;
      const target = focusedTarget();
      const text = ev.clipboardData?.getData('text/plain') ?? '';
      if (!target || !text) return;
      ev.preventDefault();
      const block = parseTsv(text);
      const selected = api.getSelectedNodes().filter((n) => n.data);
      if (isComputedColumn(target.column) && block.every((r) => r.length <= 1)) {
        notify({ kind: 'error', text: '亮灯按进度自动计算，不能粘贴。' });
        return;
      }
      if (block.length === 1 && block[0]!.length === 1 && selected.length > 1 && selected.includes(target.node)) {
        // One value onto several selected rows: fill the column, as Excel does for a selected range.
        const value = block[0]![0]!;
        const changes = selected
          .map((n) => ({ rowId: n.data!.id, column: editTarget(n.data, target.column), value }))
          .filter((c) => cellText(api.getRowNode(String(c.rowId))!.data!, c.column) !== value);
        void edit(changes).then(() => notify({ kind: 'info', text: `已将“${value.slice(0, 20)}”填入所选 ${selected.length} 行。按 Ctrl+Z 可撤销。` }));
        return;
      }
      const displayed = api.getAllDisplayedColumns();
      const changes: PendingChange[] = [];
      let clipped = false;
      block.forEach((cells, r) => {
        const node = api.getDisplayedRowAtIndex(target.node.rowIndex! + r);
        if (!node?.data) {
          clipped = true;
          return;
        }
        cells.forEach((value, c) => {
          const col = displayed[target.colIndex + c];
          if (!col) {
            clipped = true;
            return;
          }
          // The light is computed: a block copied from the grid passes over it (its words are not stored).
          if (isComputedColumn(col.getColId())) return;
          const column = editTarget(node.data, col.getColId());
          if (cellText(node.data!, column) !== value) changes.push({ rowId: node.data!.id, column, value });
        });
      });
      void edit(changes).then(() => {
        const cells = block.reduce((n, r) => n + r.length, 0);
        notify({
          kind: 'info',
          text: `已粘贴 ${block.length} 行 × ${Math.max(...block.map((r) => r.length))} 列（${cells} 个单元格）${clipped ? '，超出表格范围的部分未粘贴' : ''}。按 Ctrl+Z 可撤销。`,
        });
      });
    };
    host.addEventListener('copy', onCopy);
    host.addEventListener('paste', onPaste);
    return () => {
      host.removeEventListener('copy', onCopy);
      host.removeEventListener('paste', onPaste);
    };
  }, [edit, focusedTarget, notify]);

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
    propsRef.current.onCurrentRow(e.api.getDisplayedRowAtIndex(e.rowIndex)?.data);
  }, []);

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
          e.api.onFilterChanged();
        }}
        onCellValueChanged={onCellValueChanged}
        onCellKeyDown={onCellKeyDown}
        onCellFocused={onCellFocused}
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
    </div>
  );
}
