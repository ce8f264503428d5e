// Files dropped on a grid row attach to that row as 佐证材料. Listens on a container around the grid (no
// change to the grid itself): the row is found from AG Grid's `row-id` attribute under the pointer. The drop
// stops there, so the window-wide drop (plan/submission import) does not also take the files.
import { useEffect, type RefObject } from 'react';

function rowIdAt(target: EventTarget | null): number | null {
  const el = target instanceof Element ? target.closest('[row-id]') : null;
  const id = Number(el?.getAttribute('row-id'));
  return Number.isInteger(id) && id > 0 ? id : null;
}

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function useRowFileDrop(container: RefObject<HTMLElement | null>, onDrop: (rowId: number, files: File[]) => void): void {
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let marked: Element | null = null;
    const mark = (row: Element | null) => {
      if (marked === row) return;
      marked?.classList.remove('evidence-drop-target');
      row?.classList.add('evidence-drop-target');
      marked = row;
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e) || rowIdAt(e.target) == null) return mark(null);
      e.preventDefault();
      e.stopPropagation();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      mark((e.target as Element).closest('[row-id]'));
    };
    const leave = (e: DragEvent) => {
      if (!el.contains(e.relatedTarget as Node | null)) mark(null);
    };
    const drop = (e: DragEvent) => {
      const rowId = rowIdAt(e.target);
      mark(null);
      if (!hasFiles(e) || rowId == null) return;
      e.preventDefault();
      e.stopPropagation();
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length) onDrop(rowId, files);
    };
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', drop);
    return () => {
      el.removeEventListener('dragover', over);
      el.removeEventListener('dragleave', leave);
      el.removeEventListener('drop', drop);
    };
  }, [container, onDrop]);
}

/** Files the browser gave us, as the contract's { name, bytes }. */
export async function filesToInput(files: readonly File[]): Promise<{ name: string; bytes: Uint8Array<ArrayBuffer> }[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}
