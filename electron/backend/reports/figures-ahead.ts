// The 统计 page's first figures, counted ahead: once a big ledger's first rows are answered, a worker
// (reports/figures-worker.ts) counts the figures the page asks for first on its own read-only connection, and
// they are kept (report-data.ts) only if nothing was committed meanwhile. The clerk's first 统计 then shows
// at once instead of counting for ~1 s; a 统计 asked for while the worker counts waits for it rather than
// counting a second time. Whatever goes wrong (worker lost, a write in between, a stuck worker), the page's
// call counts on demand as before: figures are never taken from a state of the database that has moved on.
import type { ReportKind } from '#shared/report-figures.js';
import { databaseStamp } from '../db/planned-write.js';
import { nativeBindingInUse } from '../db/connection.js';
import { oneWorker } from '../workers/one-worker.js';
import type { Store } from '../store.js';
import type { FiguresJob, FiguresReply } from './figures-worker.js';
import { dashboardFirst, dashboardPeriod, figuresKey, hasFigures, keepFiguresCountedAt, onFiguresStampMoved } from './report-data.js';
import { workerBeside } from '../workers/worker-url.js';

/** Below this many rows the page's own call counts in well under 0.1 s: no worker. */
export const AHEAD_MIN_ROWS = 5000;
// The counted figures of a 50,000-row ledger with its history: a few hundred MB at the peak.
const MAX_HEAP_MB = 1024;
/** How long a 统计 call waits for the worker before counting itself. */
const WAIT_MS = 5000;

const jobs = oneWorker<FiguresJob, FiguresReply>(() => workerBeside(import.meta.url, 'figures-worker'), MAX_HEAP_MB);
// Only the long-lived hosts (serve, the desktop app) count ahead: a one-shot CLI call would wait for the
// worker. Per store: the fewest rows a ledger needs for it.
const enabled = new WeakMap<Store, number>();
// The jobs being counted, per store and figures key, with the stamp they were started at.
const counting = new WeakMap<Store, Map<string, { stamp: string; done: Promise<void> }>>();
// Opening the ledger writes its "last used" mark, which the figures do not read, often while the worker counts.
onFiguresStampMoved((store, before, after) => {
  for (const entry of counting.get(store)?.values() ?? []) if (entry.stamp === before) entry.stamp = after;
});

/** Lets `store`'s first rows of a ledger of `minRows` rows or more start counting its 统计 figures ahead. */
export function enableFiguresAhead(store: Store, minRows = AHEAD_MIN_ROWS): void {
  enabled.set(store, minRows);
}

/** After a ledger's first rows are answered (`rows` in all): counts its 统计 figures ahead, once the answer has left. */
export function countFiguresAheadSoon(store: Store, ledgerId: number, rows: number): void {
  const minRows = enabled.get(store);
  if (minRows === undefined || rows < minRows) return;
  setImmediate(() => void countFiguresAhead(store, ledgerId));
}

/**
 * Has the worker count the figures the 统计 page asks for first, unless they are kept already or being
 * counted; resolves once they are kept or dropped (never rejects).
 */
export function countFiguresAhead(store: Store, ledgerId: number): Promise<void> {
  const db = store.db;
  try {
    if (db.memory || !db.name || db.inTransaction) return Promise.resolve();
    const { kind, period } = dashboardFirst(store, ledgerId);
    if (hasFigures(store, ledgerId, kind, period)) return Promise.resolve();
    const key = figuresKey(ledgerId, kind, period);
    let perStore = counting.get(store);
    if (!perStore) counting.set(store, (perStore = new Map()));
    const stamp = databaseStamp(db);
    const running = perStore.get(key);
    if (running?.stamp === stamp) return running.done;
    const entry = { stamp, done: Promise.resolve() };
    entry.done = new Promise<void>((resolve) => {
      const finish = () => {
        if (perStore.get(key) === entry) perStore.delete(key);
        resolve();
      };
      jobs.post(
        { source: db.name, ledgerId, kind, period, nativeBinding: nativeBindingInUse() },
        {
          answered: (reply) => {
            if (reply.ok) keepFiguresCountedAt(store, ledgerId, kind, period, entry.stamp, reply.figures);
            finish();
          },
          lost: finish,
        },
      );
    });
    perStore.set(key, entry);
    return entry.done;
  } catch {
    // Counting ahead is only ever a head start: the page's call counts on demand.
    return Promise.resolve();
  }
}

/**
 * Waits (at most WAIT_MS) for the worker counting the figures of a 统计 call (`period` as the call gives it:
 * none means the default one) while what it counts can still be kept.
 */
export async function figuresCountedAhead(store: Store, ledgerId: number, kind: ReportKind, period: string | undefined): Promise<void> {
  const perStore = counting.get(store);
  // Nothing is being counted (nearly always): the period is not even worked out.
  if (!perStore?.size) return;
  let key: string;
  try {
    key = figuresKey(ledgerId, kind, dashboardPeriod(store, ledgerId, kind, period));
  } catch {
    return;
  }
  const running = perStore.get(key);
  if (!running || store.db.inTransaction || running.stamp !== databaseStamp(store.db)) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([running.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, WAIT_MS)))]);
  clearTimeout(timer);
}

/** Runs the counting in another worker build (the bundled .mjs: tests of the bundles). */
export function useFiguresWorker(url: URL): void {
  jobs.use(url);
}

export function stopFiguresWorker(): Promise<void> {
  return jobs.stop();
}
