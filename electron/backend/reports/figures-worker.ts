// Worker entry: the 统计 page's first figures counted ahead (reports/figures-ahead.ts) on a read-only
// connection of its own, in one read transaction, so that a big ledger's ~1 s of counting never holds the
// thread that serves the clerk.
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { ReportFigures, ReportKind } from '#shared/report-figures.js';
import { useNativeBinding } from '../db/connection.js';
import { openStore } from '../store.js';
import { countFiguresNow } from './report-data.js';

export interface FiguresJob {
  id: number;
  /** The live database file (WAL: the read transaction sees one committed state of it). */
  source: string;
  ledgerId: number;
  kind: ReportKind;
  period: string;
  /** The native build the thread that asks runs on (db/connection.ts). */
  nativeBinding?: string | undefined;
}

export type FiguresReply = { id: number; ok: true; figures: ReportFigures } | { id: number; ok: false; message: string };

export function runFiguresJob(job: FiguresJob): FiguresReply {
  try {
    useNativeBinding(job.nativeBinding);
    const store = openStore(job.source, { readonly: true });
    try {
      return { id: job.id, ok: true, figures: countFiguresNow(store, job.ledgerId, job.kind, job.period) };
    } finally {
      store.close();
    }
  } catch (err) {
    return { id: job.id, ok: false, message: (err as Error).message };
  }
}

if (parentPort) {
  // A head start must not slow what the clerk waits for (the first rows being drawn, the rest read): on Linux
  // the nice value is per thread, so this lowers the worker alone. (Elsewhere it would lower the whole app.)
  if (process.platform === 'linux') {
    try {
      os.setPriority(os.constants.priority.PRIORITY_LOW);
    } catch {
      // Not allowed here: counted at the normal priority.
    }
  }
  const port = parentPort;
  port.on('message', (job: FiguresJob) => port.postMessage(runFiguresJob(job)));
}
