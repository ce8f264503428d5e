// A page's one-at-a-time actions: which one is running (buttons are disabled and labelled by it) and
// the message of the last one that failed, cleared when the next one starts. One wrapper for every page,
// so each shows an error the same way; `onError` adds the top-of-window notice where a page wants one.
import { useState } from 'react';
import { errorText } from './Notice.js';

export interface Busy<K extends string> {
  /** The action running now, or null. */
  busy: K | null;
  /** Why the last action failed (errorText), until the next one starts or the page clears it. */
  error: string | null;
  /** The state setter itself (stable across renders). */
  setError(text: string | null): void;
  /** Runs `work` as `what`; a failure becomes `error` (and `onError`), never an unhandled rejection. */
  run(what: K, work: () => Promise<void>): Promise<void>;
}

export function useBusy<K extends string = string>(onError?: (text: string) => void): Busy<K> {
  const [busy, setBusy] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run(what: K, work: () => Promise<void>): Promise<void> {
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (err) {
      const text = errorText(err);
      setError(text);
      onError?.(text);
    } finally {
      setBusy(null);
    }
  }
  return { busy, error, setError, run };
}
