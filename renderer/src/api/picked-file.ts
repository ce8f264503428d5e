// A file the clerk picked or dropped: its size is checked against the same caps the backend applies
// (shared/file-limits.ts) before any byte is read into the page.
import { AppError } from '#shared/errors.js';
import { fileTooLargeMessage, isWithinLimit, type FileKind } from '#shared/file-limits.js';

export async function readPickedFile(file: File, kind: FileKind): Promise<Uint8Array<ArrayBuffer>> {
  if (!isWithinLimit(kind, file.size)) throw new AppError('file_too_large', `“${file.name}”：${fileTooLargeMessage(kind, file.size)}`);
  return new Uint8Array(await file.arrayBuffer());
}
