// 选择文件… on every page: the native open dialog with the kind's filters in the desktop shell, the
// page's hidden file input in the browser host (shared/host-files.ts says which files each kind takes).
import { useCallback, useRef, type ReactElement } from 'react';
import { acceptFor, OPEN_KINDS, type OpenKind } from '#shared/host-files.js';
import { hasNativeFileDialogs, openFilesNatively } from '../api/host-files.js';

export interface FilePicker {
  /** Opens the dialog; the chosen files go to `onFiles` (nothing when cancelled). */
  open(): void;
  /** The browser host's hidden input (render it once); null in the desktop shell. */
  input: ReactElement | null;
}

export function useFilePicker(
  kind: OpenKind,
  onFiles: (files: File[]) => void,
  options: { testId?: string; onError(err: unknown): void },
): FilePicker {
  const inputRef = useRef<HTMLInputElement>(null);
  const latest = useRef({ onFiles, onError: options.onError });
  latest.current = { onFiles, onError: options.onError };
  const native = hasNativeFileDialogs();

  const open = useCallback(() => {
    if (!native) {
      inputRef.current?.click();
      return;
    }
    openFilesNatively(kind).then(
      (files) => files.length > 0 && latest.current.onFiles(files),
      (err: unknown) => latest.current.onError(err),
    );
  }, [kind, native]);

  const input = native ? null : (
    <input
      ref={inputRef}
      type="file"
      hidden
      accept={acceptFor(kind)}
      multiple={OPEN_KINDS[kind].multiple}
      data-testid={options.testId}
      onChange={(e) => {
        const files = Array.from(e.target.files ?? []);
        // Cleared so that choosing the same file again reads it again.
        e.target.value = '';
        if (files.length) latest.current.onFiles(files);
      }}
    />
  );
  return { open, input };
}
