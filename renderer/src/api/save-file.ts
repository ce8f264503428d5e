// Saving a file the backend produced. In the browser host (`serve`) this is a download; the Electron
// shell can replace `saveFile` with a save dialog plus an atomic write, without the pages changing.

const MIME_BY_EXTENSION: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export type SaveFile = (fileName: string, bytes: Uint8Array) => Promise<void>;

function downloadInBrowser(fileName: string, bytes: Uint8Array): Promise<void> {
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  // Copy into a plain ArrayBuffer: Blob wants one, and the bytes may be a view into a larger buffer.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const url = URL.createObjectURL(new Blob([copy.buffer], { type: MIME_BY_EXTENSION[ext] ?? 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return Promise.resolve();
}

let current: SaveFile = downloadInBrowser;

/** Saves bytes under a suggested file name (download in the browser; a save dialog where the host provides one). */
export function saveFile(fileName: string, bytes: Uint8Array): Promise<void> {
  return current(fileName, bytes);
}

/** Lets a host (the Electron shell) provide its own way of saving. */
export function setSaveFile(save: SaveFile): void {
  current = save;
}
