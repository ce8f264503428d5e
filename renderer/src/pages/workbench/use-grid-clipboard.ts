// Copy, paste and Delete on the grid's cells (what they write: paste-plan.ts). Copy and paste go
// through the DOM clipboard events: they carry the text without any permission prompt, and the
// Electron menu's 复制/粘贴 roles fire them too. A paste overwriting more than a screenful asks first.
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, type ReactNode, type RefObject } from 'react';
import { useConfirm } from '../../ui/ConfirmDialog.js';
import type { NoticeState } from '../../ui/Notice.js';
import type { CellPos, CellRect } from './cell-range.js';
import { ROW_HEIGHT } from './grid-columns.js';
import type { GridRow } from './grid-model.js';
import { actionTargetOf, planClear, planCopy, planPaste, pasteNotice, pasteQuestion, type PasteTarget } from './paste-plan.js';
import { formatTsv, parseTsv } from './tsv.js';
import type { CellWriter } from './use-cell-writer.js';
import type { useCellRange } from './use-cell-range.js';

/** A field of its own (a filter box, an editor): its clipboard and keys are not the grid's. */
export const isTextInput = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  !target.classList.contains('grid-type-catcher') &&
  (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);

export interface GridClipboardOptions {
  apiRef: RefObject<GridApi<GridRow> | null>;
  hostRef: RefObject<HTMLDivElement | null>;
  catcherRef: RefObject<HTMLTextAreaElement | null>;
  cells: Pick<ReturnType<typeof useCellRange>, 'displayedColumns' | 'currentRect' | 'focusedPos'>;
  edit: CellWriter['edit'];
  notify: (notice: NoticeState) => void;
  /** Gives the keyboard back to the grid (after the paste question). */
  focusCatcher: () => void;
}

export function useGridClipboard({ apiRef, hostRef, catcherRef, cells, edit, notify, focusCatcher }: GridClipboardOptions): { clearTarget: () => void; confirmDialog: ReactNode } {
  const [confirmDialog, ask] = useConfirm();
  const { displayedColumns, currentRect, focusedPos } = cells;

  /** The shown rows in display order (index = AG Grid's row index). */
  const shownRows = useCallback((): GridRow[] => {
    const out: GridRow[] = [];
    apiRef.current?.forEachNodeAfterFilterAndSort((n) => {
      if (n.data) out.push(n.data);
    });
    return out;
  }, [apiRef]);

  /** Display indices of the Ctrl/Shift-selected rows that are shown. */
  const selectedRows = useCallback(
    (): number[] => (apiRef.current?.getSelectedNodes() ?? []).filter((n) => n.data && n.rowIndex != null && n.displayed).map((n) => n.rowIndex!),
    [apiRef],
  );

  const columnsOf = useCallback(() => displayedColumns().map((c) => ({ id: c.getColId() })), [displayedColumns]);

  const actionTarget = useCallback((): { at: CellPos; target: PasteTarget; rect: CellRect | null } | null => {
    const at = focusedPos();
    if (!at) return null;
    const rect = currentRect();
    return { at, rect, target: actionTargetOf(at, rect, selectedRows()) };
  }, [focusedPos, currentRect, selectedRows]);

  /** How many cells one screen of the grid shows: a paste overwriting more asks first. */
  const screenful = useCallback((): number => {
    const api = apiRef.current;
    if (!api) return 0;
    const v = api.getVerticalPixelRange();
    const h = api.getHorizontalPixelRange();
    const rowsShown = Math.max(1, Math.floor((v.bottom - v.top) / ROW_HEIGHT));
    const cols = displayedColumns().filter((c) => c.isPinned() || ((c.getLeft() ?? 0) < h.right && (c.getLeft() ?? 0) + c.getActualWidth() > h.left)).length;
    return rowsShown * Math.max(1, cols);
  }, [apiRef, displayedColumns]);

  /** Delete: the rectangle, the selected rows' cells in the focused column, or the focused cell become empty. */
  const clearTarget = useCallback(() => {
    const t = actionTarget();
    if (!t) return;
    const writes = planClear(t.target, shownRows(), columnsOf());
    if (writes.length) void edit(writes, `清除 ${writes.length} 个单元格`);
  }, [actionTarget, shownRows, columnsOf, edit]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const gridOwns = (ev: ClipboardEvent) => {
      const api = apiRef.current;
      return !!api && !isTextInput(ev.target) && !api.getEditingCells().length;
    };
    const onCopy = (ev: ClipboardEvent) => {
      if (!gridOwns(ev)) return;
      const t = actionTarget();
      const plan = t && planCopy(t.target, t.rect, selectedRows(), shownRows(), columnsOf());
      if (!plan) return;
      ev.clipboardData?.setData('text/plain', formatTsv(plan.block));
      ev.preventDefault();
      notify({ kind: 'info', text: plan.what ? `已复制 ${plan.what}。` : '已复制单元格。' });
    };
    const onPaste = (ev: ClipboardEvent) => {
      if (!gridOwns(ev)) return;
      // Never let pasted text land in the catcher (it would open an editor with it).
      if (ev.target === catcherRef.current) ev.preventDefault();
      const t = actionTarget();
      const text = ev.clipboardData?.getData('text/plain') ?? '';
      if (!t || !text) return;
      ev.preventDefault();
      const plan = planPaste(parseTsv(text), t.target, shownRows(), columnsOf());
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
  }, [apiRef, hostRef, catcherRef, edit, actionTarget, selectedRows, shownRows, columnsOf, screenful, ask, focusCatcher, notify]);

  return { clearTarget, confirmDialog };
}
