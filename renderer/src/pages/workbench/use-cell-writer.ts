// The grid's writes: every edit, paste, clear, undo and redo goes through one queue to `cells.set`,
// one step of undo per action. An undo writes the old values back through the API, so it is saved and
// logged (source `撤销：<the step>`), and a Ctrl+Z pressed while a paste is still saving undoes that paste.
import type { GridApi } from 'ag-grid-community';
import { useCallback, useRef, type RefObject } from 'react';
import { client } from '../../api/client.js';
import { errorText, type NoticeState } from '../../ui/Notice.js';
import { invert, EditHistory, type CellChange } from './edit-history.js';
import { cellText, withCell, type GridRow } from './grid-model.js';

/** Cells per `cells.setMany` call: one transaction each, and a bounded message size. */
const CHUNK = 2000;

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
  /** Shows saved rows, and recomputes the facts around them where `columns` (those written) can change facts. */
  replaceRows: (rows: GridRow[], columns: readonly string[]) => void;
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

/** An undo step as the notice says it: the count only where the step's label does not already give it. */
function withCount(label: string, cells: number): string {
  return /\d+ 个单元格/.test(label) ? label : `${label}（${cells} 个单元格）`;
}

export function useCellWriter(options: CellWriterOptions): CellWriter {
  const opts = useRef(options);
  opts.current = options;
  const history = useRef(new EditHistory()).current;

  /**
   * Writes the cells through `cells.setMany` (one transaction per chunk), shows what was stored
   * (normalised), and puts the old value back where a value was refused.
   */
  const write = useCallback(async (changes: PendingChange[], replay?: { kind: 'undo' | 'redo'; step: string }): Promise<WriteResult> => {
    const { apiRef, periodRef, notify } = opts.current;
    // Read when an answer arrives, not before the request: the rows may have changed meanwhile (the rest
    // of a ledger appended while it loads), and saved rows must go into the rows the grid shows now.
    const replaceRows = (rows: GridRow[], columns: readonly string[]) => opts.current.replaceRows(rows, columns);
    const onSaved = (rowId: number, column: string, month: string | null) => opts.current.onSaved(rowId, column, month);
    const api = apiRef.current;
    const applied: CellChange[] = [];
    if (!api) return { applied, refused: 0, firstError: '' };
    let firstError = '';
    let refused = 0;
    for (let from = 0; from < changes.length; from += CHUNK) {
      const part = changes.slice(from, from + CHUNK).filter((ch) => api.getRowNode(String(ch.rowId))?.data);
      if (!part.length) continue;
      const olds = part.map((ch) => ch.oldValue ?? cellText(api.getRowNode(String(ch.rowId))!.data!, ch.column));
      const period = periodRef.current;
      const columns = [...new Set(part.map((ch) => ch.column))];
      const depthOf = (id: number) => api.getRowNode(String(id))?.data?.depth ?? 0;
      const putBack = (indices: number[]) => {
        const back = new Map<number, GridRow>();
        for (const k of indices) {
          const ch = part[k]!;
          const current = back.get(ch.rowId) ?? api.getRowNode(String(ch.rowId))?.data;
          if (current) back.set(ch.rowId, withCell(current, ch.column, olds[k]!));
        }
        if (back.size) replaceRows([...back.values()], columns);
      };
      try {
        const answer = await client.call('cells.setMany', {
          cells: part.map(({ rowId, column, value }) => ({ rowId, column, value })),
          period: period ?? undefined,
          ...(replay ? { replay: { kind: replay.kind, step: replay.step.slice(0, 80) } } : {}),
        });
        // The clerk switched to another month meanwhile: the reload shows that month, not this answer.
        if (periodRef.current !== period) continue;
        const written = new Set(answer.rows.map((r) => r.id));
        const refusedHere: number[] = [];
        const firstApplied = applied.length;
        answer.cells.forEach((res, k) => {
          const ch = part[k]!;
          if ('error' in res) {
            refused++;
            firstError ||= res.error;
            // A row with other cells written comes back from the database as it is; others are put back here.
            if (!written.has(ch.rowId)) refusedHere.push(k);
            return;
          }
          if (res.value !== olds[k]) applied.push({ rowId: ch.rowId, column: ch.column, oldValue: olds[k]!, newValue: res.value });
        });
        replaceRows(
          answer.rows.map((r) => ({ ...r, depth: depthOf(r.id) })),
          columns,
        );
        putBack(refusedHere);
        const monthOf = new Map(answer.rows.map((r) => [r.id, r.period]));
        for (const c of applied.slice(firstApplied)) onSaved(c.rowId, c.column, monthOf.get(c.rowId) ?? period);
      } catch (err) {
        refused += part.length;
        firstError ||= errorText(err);
        putBack(part.map((_, k) => k));
      }
    }
    if (firstError) notify({ kind: 'error', text: refused > 1 ? `${refused} 个单元格未能保存：${firstError}` : firstError });
    return { applied, refused, firstError };
  }, []);

  const report = useCallback(() => opts.current.onHistoryChange(history.canUndo, history.canRedo), [history]);

  // The writes still to finish (null: none). With none, a write starts at once, inside the grid's
  // event: an edit's request then leaves before AG Grid has moved the focus and redrawn.
  const queue = useRef<Promise<unknown> | null>(null);
  const inOrder = useCallback(<T,>(work: () => Promise<T>): Promise<T> => {
    const next = queue.current ? queue.current.then(work, work) : work();
    const tail = next.catch(() => undefined);
    queue.current = tail;
    void tail.then(() => {
      if (queue.current === tail) queue.current = null;
    });
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
        opts.current.notify({ kind: 'info', text: `已撤销：${withCount(label, step.length)}。` });
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
        opts.current.notify({ kind: 'info', text: `已恢复：${withCount(label, step.length)}。` });
      }),
    [history, write, report, inOrder],
  );

  const clearHistory = useCallback(() => {
    history.clear();
    report();
  }, [history, report]);

  return { edit, undo, redo, clearHistory };
}
