// Opening the ledger (workbench tab) on a filter and a month from another page (the 统计 page's
// click-through). The shell keeps the intent; the workbench applies it when it mounts or `seq` changes.
import { useEffect, useRef } from 'react';
import type { ViewState } from '#shared/api/workbench-api.js';

export interface WorkbenchIntent {
  /** The filters to show (the rest of the view is cleared). */
  view: Partial<ViewState>;
  /** The month the rows are shown as of (YYYY-MM). */
  period: string;
  /** Changes with every click, so the same target opens again. */
  seq: number;
}

export type OpenWorkbench = (intent: Omit<WorkbenchIntent, 'seq'>) => void;

/** Calls `apply` once per intent (after the page's own reset effects, when declared after them). */
export function useWorkbenchIntent(intent: WorkbenchIntent | undefined, apply: (intent: WorkbenchIntent) => void): void {
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const seq = intent?.seq;
  const intentRef = useRef(intent);
  intentRef.current = intent;
  useEffect(() => {
    if (seq != null && intentRef.current) applyRef.current(intentRef.current);
  }, [seq]);
}
