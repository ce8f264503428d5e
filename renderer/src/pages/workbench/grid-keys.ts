// What a key pressed on a grid cell asks for (outside an editor): the grid's own shortcuts on top of
// AG Grid's navigation. Pure: LedgerGrid carries the command out.
import { isArrowKey } from './cell-range.js';

export type GridKeyCommand =
  | 'undo'
  | 'redo'
  /** Delete: the target cells become empty. */
  | 'clear'
  /** Alt+← / Alt+→: collapse the row (or its parent) / expand it. */
  | 'collapse'
  | 'expand'
  /** Alt+↑ / Alt+↓: move the row among its siblings. */
  | 'moveUp'
  | 'moveDown'
  /** Shift+arrows (Ctrl too): grow or shrink the rectangle. */
  | 'extend';

type Keys = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

export function gridKeyCommand(e: Keys): GridKeyCommand | null {
  const ctrl = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (ctrl && !e.altKey && ((key === 'z' && e.shiftKey) || key === 'y')) return 'redo';
  if (ctrl && !e.altKey && key === 'z') return 'undo';
  if (e.key === 'Delete' && !ctrl && !e.altKey) return 'clear';
  if (e.altKey && !ctrl) {
    if (e.key === 'ArrowLeft') return 'collapse';
    if (e.key === 'ArrowRight') return 'expand';
    if (e.key === 'ArrowUp') return 'moveUp';
    if (e.key === 'ArrowDown') return 'moveDown';
  }
  if (e.shiftKey && isArrowKey(e.key)) return 'extend';
  return null;
}
