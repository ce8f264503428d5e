// Showing a stored file: in the desktop app the backend hands a copy to the system viewer; in the browser
// host it opens in a new tab (images and PDFs display; other types download under their name).
import { client } from './client.js';

const INLINE = new Set(['image/jpeg', 'image/png', 'application/pdf']);

export async function openEvidenceFile(id: number): Promise<void> {
  const desktop = typeof window !== 'undefined' && !!window.taizhang;
  const file = await client.call('evidence.open', { id, external: desktop });
  if (file.openedExternally) return;
  const copy = new Uint8Array(file.bytes.byteLength);
  copy.set(file.bytes);
  const url = URL.createObjectURL(new Blob([copy.buffer], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  if (INLINE.has(file.mime)) {
    a.target = '_blank';
    a.rel = 'noopener';
  } else {
    a.download = file.name;
  }
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
