// The grid's writes: every edit, paste, clear, undo and redo goes through one queue to `cells.set`,
// one step of undo per action. An undo writes the old values back through the API, so it is saved and
// logged (source `撤销：<the step>`), and a Ctrl+Z pressed while a paste is still saving undoes that paste.
import type { GridApi } from 'ag-grid-community';
import { useCallback, useRef, type RefObject } from 'react';
import { client } from '../../api/client.js';
import { errorText, type NoticeState } from '../../ui/Notice.js';
import { invert, EditHistory, type CellChange } from './edit-history.js';
import { cellText, withCell, type GridRow } from './grid-model.js';

export interface PendingChange {
  rowId: number;
  column: string;
  value: string;
  /** The value before the change when the grid already shows the new one (inline edits). */
  oldValue?: string;
}

export interface CellWriterOptions {
  apiRef: RefObject<GridApi<GridRow> | null>;
  /** The month progress is written to; read at each write. */
  periodRef: RefObject<string | null>;
  /** Shows a saved row (and recomputes the facts around it). */
  replaceRow: (row: GridRow) => void;
  notify: (notice: NoticeState) => void;
  onSaved: (rowId: number, column: string, period: string | null) => void;
  onHistoryChange: (canUndo: boolean, canRedo: boolean) => void;
  /** Focus the cell a step ends on (after undo/redo). */
  focusChange: (change: CellChange | undefined) => void;
}

export interface WriteResult {
  /** The cells saved with a new value (normalised), in order. */
  applied: CellChange[];
  /** Cells the checks refused (their old value is shown again), and the first reason. */
  refused: number;
  firstError: string;
}

export interface CellWriter {
  /** Writes the changes as one undo step; resolves once written. */
  edit(changes: PendingChange[], label: string): Promise<WriteResult>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  clearHistory(): void;
}

export function useCellWriter(options: CellWriterOptions): CellWriter {
  const opts = useRef(options);
  opts.current = options;
  const history = useRef(new EditHistory()).current;

  /** Writes cells one by one; shows what was stored (normalised) or puts the old value back. */
  const write = useCallback(async (changes: PendingChange[], replay?: { kind: 'undo' | 'redo'; step: string }): Promise<WriteResult> => {
    const { apiRef, periodRef, replaceRow, notify, onSaved } = opts.current;
    const api = apiRef.current;
    const applied: CellChange[] = [];
    if (!api) return { applied, refused: 0, firstError: '' };
    let failure: unknown;
    let refused = 0;
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
          ...(replay ? { replay: { kind: replay.kind, step: replay.step.slice(0, 80) } } : {}),
        });
        // The clerk switched to another month meanwhile: the reload shows that month, not this answer.
        if (periodRef.current !== period) continue;
        const current = api.getRowNode(String(ch.rowId))?.data;
        replaceRow({ ...saved.row, depth: current?.depth ?? node.data.depth });
        if (saved.value !== oldValue) applied.push({ rowId: ch.rowId, column: ch.column, oldValue, newValue: saved.value });
        onSaved(ch.rowId, ch.column, saved.row.period);
      } catch (err) {
        failure ??= err;
        refused++;
        const current = api.getRowNode(String(ch.rowId))?.data;
        if (current) replaceRow(withCell(current, ch.column, oldValue));
      }
    }
    const firstError = failure ? errorText(failure) : '';
    if (failure) notify({ kind: 'error', text: refused > 1 ? `${refused} 个单元格未能保存：${firstError}` : firstError });
    return { applied, refused, firstError };
  }, []);

  const report = useCallback(() => opts.current.onHistoryChange(history.canUndo, history.canRedo), [history]);

  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const inOrder = useCallback(<T,>(work: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(work, work);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const edit = useCallback(
    (changes: PendingChange[], label: string) =>
      inOrder(async () => {
        const result = await write(changes);
        history.record(result.applied, label);
        report();
        return result;
      }),
    [history, write, report, inOrder],
  );

  const undo = useCallback(
    () =>
      inOrder(async () => {
        const step = history.takeUndo();
        if (!step) {
          opts.current.notify({ kind: 'info', text: '没有可撤销的修改。' });
          return;
        }
        const label = history.labelOf(step) || `修改 ${step.length} 个单元格`;
        const back = invert(step);
        await write(back.map((c) => ({ rowId: c.rowId, column: c.column, value: c.newValue })), { kind: 'undo', step: label });
        history.undone(step);
        opts.current.focusChange(back[back.length - 1]);
        report();
        opts.current.notify({ kind: 'info', text: `已撤销：${label}（${step.length} 个单元格）。` });
      }),
    [history, write, report, inOrder],
  );

  const redo = useCallback(
    () =>
      inOrder(async () => {
        const step = history.takeRedo();
        if (!step) {
          opts.current.notify({ kind: 'info', text: '没有可恢复的修改。' });
          return;
        }
        const label = history.labelOf(step) || `修改 ${step.length} 个单元格`;
        await write(step.map((c) => ({ rowId: c.rowId, column: c.column, value: c.newValue })), { kind: 'redo', step: label });
        history.redone(step);
        opts.current.focusChange(step[step.length - 1]);
        report();
        opts.current.notify({ kind: 'info', text: `已恢复：${label}（${step.length} 个单元格）。` });
      }),
    [history, write, report, inOrder],
  );

  const clearHistory = useCallback(() => {
    history.clear();
    report();
  }, [history, report]);

  return { edit, undo, redo, clearHistory };
}
