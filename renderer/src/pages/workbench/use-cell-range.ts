// The rectangle of selected cells (cell-range.ts: display indices, an anchor and an end): shift+arrows
// and a mouse drag grow it, moving the focus elsewhere ends it. Its highlight is a cellClassRule that
// reads `context.range`; only the rendered cells it covered or covers are refreshed.
import type { CellFocusedEvent, CellMouseDownEvent, CellMouseOverEvent, Column, GridApi, IRowNode } from 'ag-grid-community';
import { useCallback, useMemo, useRef, type RefObject } from 'react';
import { inRect, isArrowKey, rectCells, rectOf, stepEnd, type CellPos, type CellRect } from './cell-range.js';
import type { WorkbenchGridContext } from './grid-context.js';
import type { GridRow } from './grid-model.js';

export interface CellRangeOptions {
  apiRef: RefObject<GridApi<GridRow> | null>;
  context: WorkbenchGridContext;
}

export function useCellRange({ apiRef, context }: CellRangeOptions) {
  const range = useRef<{ anchor: CellPos; end: CellPos } | null>(null);
  const dragging = useRef(false);

  /** The shown columns in display order (index = the rectangle's column index), rendered or not. */
  const displayedColumns = useCallback((): Column[] => apiRef.current?.getAllDisplayedColumns() ?? [], [apiRef]);

  const currentRect = useCallback((): CellRect | null => (range.current ? rectOf(range.current.anchor, range.current.end) : null), []);

  /** Redraws the range highlight of the rendered cells in `before` and `after`. */
  const repaintRange = useCallback(
    (before: CellRect | null, after: CellRect | null) => {
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
      const left = Math.min(...boxes.map((r) => r.left));
      const right = Math.max(...boxes.map((r) => r.right));
      api.refreshCells({ rowNodes: nodes, columns: displayedColumns().slice(left, right + 1) });
    },
    [apiRef, context, displayedColumns],
  );

  const setRange = useCallback(
    (next: { anchor: CellPos; end: CellPos } | null) => {
      const before = currentRect();
      range.current = next;
      repaintRange(before, currentRect());
    },
    [currentRect, repaintRange],
  );

  const positionOf = useCallback(
    (rowIndex: number | null | undefined, column: Column): CellPos | null => {
      if (rowIndex == null) return null;
      const col = displayedColumns().indexOf(column);
      return col < 0 ? null : { row: rowIndex, col };
    },
    [displayedColumns],
  );

  /** The focused cell's position (not on a pinned row). */
  const focusedPos = useCallback((): CellPos | null => {
    const f = apiRef.current?.getFocusedCell();
    return !f || f.rowIndex == null || f.rowPinned ? null : positionOf(f.rowIndex, f.column);
  }, [apiRef, positionOf]);

  /** Shift+arrows (Ctrl too: to the edge) grow or shrink the rectangle from the focused cell. */
  const extendByKey = useCallback(
    (e: KeyboardEvent): boolean => {
      const api = apiRef.current;
      if (!api || !e.shiftKey || e.altKey || !isArrowKey(e.key) || api.getEditingCells().length) return false;
      const at = focusedPos();
      if (!at) return false;
      const current = range.current && inRect(currentRect(), at.row, at.col) ? range.current : { anchor: at, end: at };
      const end = stepEnd(current.end, e.key, { rows: api.getDisplayedRowCount(), cols: displayedColumns().length }, e.ctrlKey || e.metaKey);
      setRange({ anchor: current.anchor, end });
      api.ensureIndexVisible(end.row);
      const col = displayedColumns()[end.col];
      if (col) api.ensureColumnVisible(col);
      return true;
    },
    [apiRef, focusedPos, currentRect, setRange, displayedColumns],
  );

  // Mouse: a press starts a rectangle at the cell (shift: from the anchor), dragging over cells grows it.
  const onCellMouseDown = useCallback(
    (e: CellMouseDownEvent<GridRow>) => {
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
    },
    [positionOf, setRange],
  );

  const onCellMouseOver = useCallback(
    (e: CellMouseOverEvent<GridRow>) => {
      const me = e.event as MouseEvent | null | undefined;
      if (!dragging.current || !range.current || !me || (me.buttons & 1) === 0) return;
      const at = positionOf(e.rowIndex, e.column);
      if (!at || (at.row === range.current.end.row && at.col === range.current.end.col)) return;
      setRange({ anchor: range.current.anchor, end: at });
    },
    [positionOf, setRange],
  );

  /** Moving the focus elsewhere (arrows, Tab, Enter) ends the rectangle; a shift+click or a drag keeps it. */
  const endOnFocusMove = useCallback(
    (e: CellFocusedEvent<GridRow>) => {
      const r = range.current;
      if (e.rowIndex == null || !r) return;
      const col = e.column && typeof e.column === 'object' ? displayedColumns().indexOf(e.column as Column) : -1;
      const same = (p: CellPos) => p.row === e.rowIndex && p.col === col;
      if (!same(r.anchor) && !same(r.end)) setRange(null);
    },
    [displayedColumns, setRange],
  );

  return useMemo(
    () => ({ displayedColumns, currentRect, setRange, focusedPos, extendByKey, onCellMouseDown, onCellMouseOver, endOnFocusMove }),
    [displayedColumns, currentRect, setRange, focusedPos, extendByKey, onCellMouseDown, onCellMouseOver, endOnFocusMove],
  );
}
