// Typing into a selected cell starts editing it with what was typed, as in Excel — also through a
// pinyin IME. An IME composes only in an editable element, and a composition started on the cell is
// lost when the editor opens (the 229 keydown comes too late). So while a cell is selected the keyboard
// focus sits in a transparent textarea over it (the "catcher"): compositions run there (shown over the
// cell while composing), and the committed text — or a plain typed character — opens the cell's editor
// holding exactly that text. Keys that are not text (arrows, Enter, Tab, F2, Delete, Ctrl+Z …) are
// handed to the focused cell, so AG Grid's navigation and the grid's own shortcuts work unchanged —
// except PageDown / PageUp, carried out here through the API (page-move.ts), the catcher taking the focus
// straight back.
import type { Column, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { GridRow } from './grid-model.js';
import { pageMove } from './page-move.js';

export interface TypeToEditOptions {
  hostRef: RefObject<HTMLDivElement | null>;
  catcherRef: RefObject<HTMLTextAreaElement | null>;
  apiRef: RefObject<GridApi<GridRow> | null>;
  /** A key pressed in the catcher that the grid handles itself (shift+arrows); true when handled. */
  onOwnKey: (e: KeyboardEvent) => boolean;
}

const EDITABLE = 'input, textarea, select, [contenteditable="true"]';

/** Sets a field's value so React's and AG Grid's input listeners see it, caret at the end. */
function typeInto(el: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, text);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.setSelectionRange(text.length, text.length);
}

/** Ctrl/Meta combinations left to the browser in the catcher: they fire copy/paste/cut events there. */
const CLIPBOARD_KEYS = new Set(['c', 'v', 'x']);

/** AG Grid drops page keys pressed within this many ms of the last one (each draws a whole page): so do we. */
const PAGE_KEY_THROTTLE_MS = 100;

/** The column whose cell covers `column`'s on the row (a section's 序号 spans 工作任务), as AG Grid normalises. */
function spanningColumn(api: GridApi<GridRow>, rowIndex: number, column: Column): Column {
  const node = api.getDisplayedRowAtIndex(rowIndex);
  if (!node) return column;
  const cols = api.getAllDisplayedColumns();
  const at = cols.indexOf(column);
  for (let i = 0; i < at; i++) if (i + cols[i]!.getColSpan(node) > at) return cols[i]!;
  return column;
}

/**
 * PageDown / PageUp from the focused cell: the page AG Grid's own navigation goes to (page-move.ts),
 * scrolled and focused through the API. Everything is read before the grid is scrolled (layout still
 * clean: nothing forced), and the focused row is brought fully into view only when the page scroll
 * leaves it cut; AG Grid's own navigation measures the grid again between its steps.
 */
function movePage(api: GridApi<GridRow>, host: HTMLElement, up: boolean): void {
  const f = api.getFocusedCell();
  if (!f || f.rowIndex == null || f.rowPinned) return;
  const range = api.getVerticalPixelRange();
  // AG Grid's page is the viewport less a horizontal scrollbar showing at its bottom (its thickness: none
  // for overlay scrollbars; the bar is not displayed when nothing scrolls sideways).
  const hBar = host.querySelector<HTMLElement>('.ag-body-horizontal-scroll-viewport');
  const hScroll = hBar ? hBar.offsetHeight - hBar.clientHeight : 0;
  const row = (i: number) => api.getDisplayedRowAtIndex(i);
  const view = {
    top: range.top,
    height: range.bottom - range.top - hScroll,
    rowCount: api.getDisplayedRowCount(),
    rowTop: (i: number) => row(i)?.rowTop ?? 0,
    rowHeight: (i: number) => row(i)?.rowHeight ?? 0,
  };
  const move = pageMove(view, f.rowIndex, up);
  if (!move) return;
  const column = spanningColumn(api, move.focusIndex, f.column);
  let columnHidden = false;
  if (!column.isPinned()) {
    const h = api.getHorizontalPixelRange();
    const left = column.getLeft() ?? 0;
    columnHidden = left < h.left || left + column.getActualWidth() > h.right;
  }
  // Where the scroll puts the viewport (AG Grid's ensureIndexVisible, within the rows' height).
  const last = view.rowCount - 1;
  const maxTop = Math.max(0, view.rowTop(last) + view.rowHeight(last) - view.height);
  const s = move.scrollIndex;
  const top = move.scrollTo === 'top' ? Math.min(view.rowTop(s), maxTop) : Math.max(0, view.rowTop(s) + view.rowHeight(s) - view.height);
  const focusTop = view.rowTop(move.focusIndex);
  const focusCut = focusTop < top || focusTop + view.rowHeight(move.focusIndex) > top + view.height;

  if (columnHidden) api.ensureColumnVisible(column);
  api.ensureIndexVisible(s, move.scrollTo);
  if (focusCut) api.ensureIndexVisible(move.focusIndex);
  api.setFocusedCell(move.focusIndex, column);
}

export function useTypeToEdit({ hostRef, catcherRef, apiRef, onOwnKey }: TypeToEditOptions) {
  const ownKey = useRef(onOwnKey);
  ownKey.current = onOwnKey;
  // Text typed for a cell whose editor is opening (the editor may take a frame or two to focus).
  const pending = useRef<{ text: string; started: number } | null>(null);
  const composing = useRef(false);
  // When the last page key was carried out (performance.now()).
  const lastPageKey = useRef(-Infinity);

  const focusedCellElement = useCallback((): HTMLElement | null => {
    const api = apiRef.current;
    const host = hostRef.current;
    const f = api?.getFocusedCell();
    if (!api || !host || !f || f.rowIndex == null) return null;
    const node = api.getDisplayedRowAtIndex(f.rowIndex);
    if (!node) return null;
    const colId = f.column.getColId();
    // A section's title spans 序号 and 工作任务: its cell is the 序号 one.
    return (
      host.querySelector<HTMLElement>(`.ag-row[row-id="${CSS.escape(String(node.id))}"] .ag-cell[col-id="${CSS.escape(colId)}"]`) ??
      (colId === 'task' ? host.querySelector<HTMLElement>(`.ag-row[row-id="${CSS.escape(String(node.id))}"] .ag-cell[col-id="code"]`) : null)
    );
  }, [apiRef, hostRef]);

  /** Puts the catcher over the focused cell (measuring both: a layout if the page changed since the last one). */
  const placeCatcher = useCallback(() => {
    const catcher = catcherRef.current;
    const host = hostRef.current;
    const cell = focusedCellElement();
    if (!catcher || !host || !cell) return;
    const hr = host.getBoundingClientRect();
    const cr = cell.getBoundingClientRect();
    catcher.style.left = `${cr.left - hr.left}px`;
    catcher.style.top = `${cr.top - hr.top}px`;
    catcher.style.width = `${Math.max(cr.width, 40)}px`;
    catcher.style.height = `${cr.height}px`;
  }, [catcherRef, hostRef, focusedCellElement]);

  // The catcher is transparent: only a composition shows it (and the IME's candidate window follows it).
  // So it is placed in the next frame, once the grid's own changes are laid out, instead of measuring
  // in the middle of them (a forced layout on every focus move and every scroll event).
  const placeFrame = useRef(0);
  const placeSoon = useCallback(() => {
    if (placeFrame.current) return;
    placeFrame.current = requestAnimationFrame(() => {
      placeFrame.current = 0;
      if (document.activeElement === catcherRef.current) placeCatcher();
    });
  }, [catcherRef, placeCatcher]);

  /** Gives the catcher the keyboard focus (and puts it over the focused cell in the next frame). */
  const focusCatcher = useCallback(() => {
    const catcher = catcherRef.current;
    const host = hostRef.current;
    const api = apiRef.current;
    if (!catcher || !host || !api || api.getEditingCells().length) return;
    if (!focusedCellElement()) return;
    // Only take the focus from a grid cell (or nowhere): never from a dialog or a field opened meanwhile.
    const active = document.activeElement;
    if (active && active !== catcher && active !== document.body && !(active.closest('.ag-cell') && !active.matches(EDITABLE))) return;
    if (document.activeElement !== catcher) catcher.focus({ preventScroll: true });
    placeSoon();
  }, [apiRef, catcherRef, hostRef, focusedCellElement, placeSoon]);

  /** Hands the pending text to the editor once it has the focus. */
  const deliver = useCallback(() => {
    const p = pending.current;
    const catcher = catcherRef.current;
    if (!p || !catcher) return;
    const el = document.activeElement;
    if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el !== catcher && el.closest('.ag-root-wrapper, .ag-popup')) {
      // Whatever reached the catcher while the editor was opening belongs after the first text.
      const text = p.text + catcher.value;
      catcher.value = '';
      pending.current = null;
      typeInto(el, text);
      return;
    }
    if (!apiRef.current?.getEditingCells().length || performance.now() - p.started > 2000) {
      // The editor did not open (a computed cell) or closed: drop the text rather than leave it around.
      pending.current = null;
      catcher.value = '';
      return;
    }
    requestAnimationFrame(deliver);
  }, [apiRef, catcherRef]);

  const startTyping = useCallback(
    (text: string) => {
      const api = apiRef.current;
      const catcher = catcherRef.current;
      if (!api || !catcher) return;
      if (pending.current) {
        // The editor is still opening: keep collecting (delivered together).
        return;
      }
      catcher.value = '';
      const f = api.getFocusedCell();
      if (!text || !f || f.rowIndex == null || f.rowPinned) return;
      const col = f.column;
      const node = api.getDisplayedRowAtIndex(f.rowIndex);
      const editable = col.getColDef().editable;
      if (!node || editable === false || editable == null) return;
      pending.current = { text, started: performance.now() };
      // The editor takes the focus when it is ready (at once, or in a React effect that also selects its
      // text): the text goes in right after that, before the next key can reach the editor.
      const onEditorFocus = (e: FocusEvent) => {
        if (e.target === catcher || !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) return;
        document.removeEventListener('focusin', onEditorFocus, true);
        queueMicrotask(deliver);
      };
      document.addEventListener('focusin', onEditorFocus, true);
      setTimeout(() => document.removeEventListener('focusin', onEditorFocus, true), 2000);
      api.startEditingCell({ rowIndex: f.rowIndex, colKey: col.getColId() });
      queueMicrotask(deliver);
    },
    [apiRef, catcherRef, deliver],
  );

  useEffect(() => {
    const host = hostRef.current;
    const catcher = catcherRef.current;
    if (!host || !catcher) return;

    // Set while an Enter moves the focus to the next cell (onEditorEnter): that cell's focus is handed on at once.
    let enterMoving = false;

    // A cell took the focus (click, AG Grid's navigation, the end of an edit): the catcher takes it over.
    const onFocusIn = (e: FocusEvent) => {
      const t = e.target as HTMLElement | null;
      if (!t || t === catcher || t.matches(EDITABLE) || !t.closest('.ag-cell')) return;
      if (t.closest('.ag-cell-inline-editing, .ag-popup-editor')) return;
      if (enterMoving) {
        enterMoving = false;
        catcher.focus({ preventScroll: true });
        return;
      }
      // After the key that moved the focus has done its default action: an Enter that ends an edit must
      // not put a line break into the catcher (it would open the next cell's editor with it).
      setTimeout(focusCatcher, 0);
    };

    // Enter (Shift+Enter) in a cell's inline editor: the edit ends and the cell below (above) is focused,
    // as AG Grid's enterNavigatesVerticallyAfterEdit does, but in an order that forces little. Focusing the
    // next cell (the API always gives it the browser's focus) ends the edit there, and it is saved. The
    // catcher takes the focus over from inside that cell's focus event, before the edit ends (AG Grid takes
    // it for a component's popup: losing the focus to it does not end the edit): the page is still laid
    // out, so that focus forces nearly nothing. Focused after the edit's end, it forced the style
    // and layout the end changed (~2 ms), the Enter's task ran past the next frame, and a key released
    // after that frame held the save's answer back one more frame (Chromium defers other tasks after a key
    // until the next frame). In the same task all the same: an IME composition right after lands in it.
    const onEditorEnter = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229 || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      const api = apiRef.current;
      if (!(t instanceof HTMLInputElement) || !t.closest('.ag-cell-inline-editing') || !api) return;
      const f = api.getFocusedCell();
      if (!f || f.rowIndex == null || f.rowPinned) return;
      const below = f.rowIndex + (e.shiftKey ? -1 : 1);
      const to = below >= 0 && below < api.getDisplayedRowCount() ? below : f.rowIndex;
      // Read before anything changes: whether the grid must scroll to the row.
      const range = api.getVerticalPixelRange();
      const node = api.getDisplayedRowAtIndex(to);
      const top = node?.rowTop ?? 0;
      const cut = !node || top < range.top || top + (node.rowHeight ?? 0) > range.bottom;
      e.preventDefault();
      e.stopPropagation();
      if (cut) api.ensureIndexVisible(to);
      enterMoving = true;
      try {
        api.setFocusedCell(to, spanningColumn(api, to, f.column));
      } finally {
        enterMoving = false;
      }
      // The same cell (Enter on the last row) took no focus from the editor: the catcher takes it, and the edit is ended here.
      if (document.activeElement !== catcher) catcher.focus({ preventScroll: true });
      api.stopEditing();
      placeSoon();
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing || e.keyCode === 229 || e.key === 'Process' || composing.current) return;
      if (ownKey.current(e)) {
        e.preventDefault();
        return;
      }
      const ctrl = e.ctrlKey || e.metaKey;
      // Text goes into the catcher (its input event opens the editor); Ctrl+C/V/X fire clipboard events here.
      if (!ctrl && !e.altKey && e.key.length === 1) return;
      if (ctrl && !e.altKey && CLIPBOARD_KEYS.has(e.key.toLowerCase())) return;
      if (e.key === 'Shift' || e.key === 'Control' || e.key === 'Alt' || e.key === 'Meta' || e.key === 'CapsLock') return;
      e.preventDefault();
      e.stopPropagation();
      if ((e.key === 'PageDown' || e.key === 'PageUp') && !ctrl && !e.altKey && !e.shiftKey) {
        const api = apiRef.current;
        const now = performance.now();
        if (!api || now - lastPageKey.current < PAGE_KEY_THROTTLE_MS) return;
        lastPageKey.current = now;
        movePage(api, host, e.key === 'PageUp');
        // The new cell took the browser focus (AG Grid's focusing forced the new page's style and
        // layout): taken back at once, nothing is left to force; after the frame it forced them again.
        focusCatcher();
        return;
      }
      const init: KeyboardEventInit = {
        key: e.key,
        code: e.code,
        ctrlKey: e.ctrlKey,
        shiftKey: e.shiftKey,
        altKey: e.altKey,
        metaKey: e.metaKey,
        repeat: e.repeat,
        bubbles: true,
        cancelable: true,
      };
      const send = (cell: HTMLElement) => {
        cell.dispatchEvent(new KeyboardEvent('keydown', init));
        // AG Grid moved to another cell (or started editing): follow it.
        queueMicrotask(focusCatcher);
      };
      const cell = focusedCellElement();
      if (cell) {
        send(cell);
        return;
      }
      // The focused cell was scrolled out of the rendered rows: bring it back, then hand it the key.
      const api = apiRef.current;
      const f = api?.getFocusedCell();
      if (!api || !f || f.rowIndex == null) return;
      api.ensureIndexVisible(f.rowIndex);
      api.ensureColumnVisible(f.column);
      requestAnimationFrame(() => {
        const again = focusedCellElement();
        if (again) send(again);
      });
    };

    const onInput = (e: Event) => {
      const ie = e as InputEvent;
      if (ie.isComposing || composing.current) return;
      if (pending.current) return;
      // Line breaks and tabs are not text to type into a cell.
      if (!/[^\r\n\t]/.test(catcher.value)) {
        catcher.value = '';
        return;
      }
      startTyping(catcher.value);
    };
    const onCompositionStart = () => {
      composing.current = true;
      // Over its cell before the composition shows (a frame may not have passed since the focus moved).
      placeCatcher();
      catcher.classList.add('is-composing');
    };
    const onCompositionEnd = (e: CompositionEvent) => {
      composing.current = false;
      catcher.classList.remove('is-composing');
      // The committed text only: the pinyin letters were the composition's and are gone.
      const text = catcher.value || e.data || '';
      if (pending.current) return;
      startTyping(text);
    };
    const onBlur = () => {
      if (composing.current) return;
      if (!pending.current) catcher.value = '';
    };

    host.addEventListener('focusin', onFocusIn);
    host.addEventListener('keydown', onEditorEnter, true);
    catcher.addEventListener('keydown', onKeyDown);
    catcher.addEventListener('input', onInput);
    catcher.addEventListener('compositionstart', onCompositionStart);
    catcher.addEventListener('compositionend', onCompositionEnd);
    catcher.addEventListener('blur', onBlur);
    return () => {
      host.removeEventListener('focusin', onFocusIn);
      host.removeEventListener('keydown', onEditorEnter, true);
      catcher.removeEventListener('keydown', onKeyDown);
      catcher.removeEventListener('input', onInput);
      catcher.removeEventListener('compositionstart', onCompositionStart);
      catcher.removeEventListener('compositionend', onCompositionEnd);
      catcher.removeEventListener('blur', onBlur);
    };
  }, [hostRef, catcherRef, apiRef, focusCatcher, focusedCellElement, startTyping, placeCatcher, placeSoon]);

  useEffect(() => () => cancelAnimationFrame(placeFrame.current), []);

  /** The grid scrolled: keep the catcher over its cell (the IME's candidate window follows it). */
  const followScroll = useCallback(() => {
    if (document.activeElement === catcherRef.current) placeSoon();
  }, [catcherRef, placeSoon]);

  return { focusCatcher, followScroll };
}
