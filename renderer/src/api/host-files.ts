// Saving and opening files, whichever host the page runs in. In the browser host (`serve`) a save is a
// download and an open is the page's file input; in the desktop shell both go to the native dialogs
// over the preload bridge (electron/main/file-dialogs.ts), which writes atomically to the chosen path.
import { AppError, type ApiResult } from '#shared/errors.js';
import type { FileToSave, OpenKind } from '#shared/host-files.js';

/** What became of a save: cancelled (nothing written), or saved — `where` is the path or folder in the desktop shell. */
export type SaveResult = { saved: false } | { saved: true; where: string | null };

const MIME_BY_EXTENSION: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function downloadInBrowser(file: FileToSave): void {
  const ext = file.fileName.split('.').pop()?.toLowerCase() ?? '';
  // Copy into a plain ArrayBuffer: Blob wants one, and the bytes may be a view into a larger buffer.
  const copy = new Uint8Array(file.bytes.byteLength);
  copy.set(file.bytes);
  const url = URL.createObjectURL(new Blob([copy.buffer], { type: MIME_BY_EXTENSION[ext] ?? 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function unwrap<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new AppError(result.error.code, result.error.message);
  return result.value;
}

const desktopFiles = () => window.taizhang?.files;

/** Whether opening files goes to the native dialog (the desktop shell) rather than a file input. */
export function hasNativeFileDialogs(): boolean {
  return !!desktopFiles();
}

/** Saves one file: the save dialog in the desktop shell, a download in the browser. */
export async function saveFile(file: FileToSave): Promise<SaveResult> {
  const files = desktopFiles();
  if (!files) {
    downloadInBrowser(file);
    return { saved: true, where: null };
  }
  const outcome = unwrap(await files.save({ file: { fileName: file.fileName, bytes: file.bytes } }));
  return outcome.saved ? { saved: true, where: outcome.paths[0] ?? null } : { saved: false };
}

/**
 * Saves several files that belong together (the per-unit forms, a report and its attachment): a folder
 * dialog in the desktop shell; in the browser the bundle (a .zip) if there is one, else each file.
 */
export async function saveFiles(files: FileToSave[], bundle?: FileToSave): Promise<SaveResult> {
  if (files.length === 1) return saveFile(files[0]!);
  const desktop = desktopFiles();
  if (!desktop) {
    for (const f of bundle ? [bundle] : files) downloadInBrowser(f);
    return { saved: true, where: null };
  }
  const outcome = unwrap(await desktop.saveToFolder({ files: files.map((f) => ({ fileName: f.fileName, bytes: f.bytes })) }));
  if (!outcome.saved) return { saved: false };
  const first = outcome.paths[0] ?? '';
  return { saved: true, where: first.slice(0, Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'))) || null };
}

/** “（保存在 …）” after a desktop save; nothing for a download. */
export function savedWhere(result: SaveResult): string {
  return result.saved && result.where ? `（保存在 ${result.where}）` : '';
}

export const SAVE_CANCELLED_TEXT = '已取消保存，没有写入文件。';

/** The native open dialog (desktop shell only); cancelled gives no files. */
export async function openFilesNatively(kind: OpenKind): Promise<File[]> {
  const desktop = desktopFiles();
  if (!desktop) throw new AppError('not_available', '此环境不能打开系统的文件对话框，请使用页面上的选择文件按钮。');
  const { files } = unwrap(await desktop.open({ kind }));
  // Pages take File objects, as from a file input or a drop, so every way in reads the same.
  return files.map((f) => new File([f.bytes as Uint8Array<ArrayBuffer>], f.name));
}
