// Files dropped anywhere on the window go to the import flow: a work plan (.txt/.docx) to the plan
// import page, a filled form (.xlsx/.xls/.csv) to the submissions page. Works in Electron and the browser.
import { useEffect } from 'react';

/**
 * Dropped files handed to a page: `file` the first, `files` all that go to that page (many forms at once);
 * `seq` changes with every drop so a page can react to the same file twice.
 */
export interface DroppedFile {
  file: File;
  files: File[];
  seq: number;
}

export function importPageFor(fileName: string): 'plan-import' | 'submissions' | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'txt' || ext === 'docx' || ext === 'doc') return 'plan-import';
  // A .zip: a school's form with its 佐证材料 photos.
  if (ext === 'xlsx' || ext === 'xls' || ext === 'xlsm' || ext === 'csv' || ext === 'zip') return 'submissions';
  return null;
}

let seq = 0;

export function useFileDrop(onDrop: (pageId: string | null, dropped: DroppedFile) => void): void {
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // Without this the browser (or Electron) would navigate to the file.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      // Read through the File API, which works in Electron's sandboxed renderer as in a browser (no paths needed).
      const all = Array.from(e.dataTransfer?.files ?? []);
      const file = all[0];
      if (!file) return;
      const target = importPageFor(file.name);
      onDrop(target, { file, files: all.filter((f) => importPageFor(f.name) === target), seq: ++seq });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onDrop]);
}
