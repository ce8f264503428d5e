// Gathers what the report figures stand on — the rows, their facts as of every month of the year up to
// the report's month (carried forward from one read of the status/完成进度 history), the rows written
// for each month, the collection months — and counts them with shared/report-figures.ts.
import { computeAsOf, type AsOf, type AsOfInputRow, type PeriodValue } from '#shared/as-of.js';
import { AppError } from '#shared/errors.js';
import type { DashboardFiguresDto } from '#shared/api/report-api.js';
import { computeFigures, DASHBOARD_FIRST_KIND, monthsUpTo, parseReportPeriod, reportPeriodOf, type ReportFigures, type ReportKind, type ReportPeriod } from '#shared/report-figures.js';
import { UnitDirectory } from '#shared/responsibility.js';
import { asOfRules, ledgerPeriods } from '../as-of/ledger-as-of.js';
import { databaseStamp } from '../db/planned-write.js';
import { readTransaction, writeTransaction } from '../db/write-transaction.js';
import type { Store } from '../store.js';

const KIND_HINT: Readonly<Record<ReportKind, string>> = {
  monthly: '月通报的期间应写成“年-月”，例如 2020-06',
  quarterly: '季点评的期间应写成“年-Q季度”，例如 2020-Q2',
  annual: '年考核的期间应写成年份，例如 2020',
};

// The figures last computed per store, for a few (ledger, kind, period), each valid while the database's stamp
// holds (any write, by this connection or another, moves it): a second open of the dashboard, or the report
// documents after it, reuse them instead of reading and counting the whole ledger again (~1 s at 50,000 rows).
const MAX_CACHED = 4;
const cached = new WeakMap<Store, Map<string, { stamp: string; figures: ReportFigures }>>();

function parsedPeriod(kind: ReportKind, periodText: string): ReportPeriod {
  const report = parseReportPeriod(kind, periodText);
  if (!report) throw new AppError('invalid_input', `${KIND_HINT[kind]}。`);
  return report;
}

const keyOf = (ledgerId: number, report: ReportPeriod) => `${ledgerId}/${report.kind}/${report.period}`;

/** Which figures a (ledger, kind, period) names: one key for the cache and for the figures counted ahead. */
export function figuresKey(ledgerId: number, kind: ReportKind, periodText: string): string {
  return keyOf(ledgerId, parsedPeriod(kind, periodText));
}

/** The figures of a report; callers only read them (the same object may be handed out again). */
export function reportFigures(store: Store, ledgerId: number, kind: ReportKind, periodText: string): ReportFigures {
  const report = parsedPeriod(kind, periodText);
  // Inside a write transaction what is being written is not committed yet (and may be buffered): no cache.
  if (store.db.inTransaction) return computeReportFigures(store, ledgerId, report);
  const key = keyOf(ledgerId, report);
  const stamp = databaseStamp(store.db);
  const hit = cached.get(store)?.get(key);
  if (hit?.stamp === stamp) return hit.figures;
  const figures = computeReportFigures(store, ledgerId, report);
  keep(store, key, stamp, figures);
  return figures;
}

function keep(store: Store, key: string, stamp: string, figures: ReportFigures): void {
  let perStore = cached.get(store);
  if (!perStore) cached.set(store, (perStore = new Map()));
  perStore.delete(key);
  perStore.set(key, { stamp, figures });
  if (perStore.size > MAX_CACHED) perStore.delete(perStore.keys().next().value!);
}

/** Whether the figures of (ledger, kind, period) are kept and still hold. */
export function hasFigures(store: Store, ledgerId: number, kind: ReportKind, periodText: string): boolean {
  return !store.db.inTransaction && cached.get(store)?.get(figuresKey(ledgerId, kind, periodText))?.stamp === databaseStamp(store.db);
}

/**
 * Keeps figures counted on another connection (reports/figures-ahead.ts) that read the database as it was
 * when this connection's stamp was `stamp`: only while that stamp still holds, i.e. nothing was committed since
 * (by any connection), so they are the figures this connection would count now. False when they were dropped.
 */
export function keepFiguresCountedAt(store: Store, ledgerId: number, kind: ReportKind, periodText: string, stamp: string, figures: ReportFigures): boolean {
  if (store.db.inTransaction || databaseStamp(store.db) !== stamp) return false;
  keep(store, figuresKey(ledgerId, kind, periodText), stamp, figures);
  return true;
}

/** The period a 统计 call means: the one given, else the one of its kind holding the ledger's default month. */
export function dashboardPeriod(store: Store, ledgerId: number, kind: ReportKind, period?: string): string {
  return period ?? reportPeriodOf(kind, ledgerPeriods(store, ledgerId).defaultPeriod);
}

/** The figures the 统计 page asks for first: its first kind, in the ledger's default period. */
export function dashboardFirst(store: Store, ledgerId: number): { kind: ReportKind; period: string } {
  return { kind: DASHBOARD_FIRST_KIND, period: dashboardPeriod(store, ledgerId, DASHBOARD_FIRST_KIND) };
}

/** The figures of (kind, period) counted afresh in one read transaction (one snapshot): what the worker counts. */
export function countFiguresNow(store: Store, ledgerId: number, kind: ReportKind, periodText: string): ReportFigures {
  const report = parsedPeriod(kind, periodText);
  return readTransaction(store.db, () => computeReportFigures(store, ledgerId, report));
}

/**
 * Runs `write`, a write the figures do not stand on (the ledger's "last used" mark, which every load of the page
 * moves), keeping the figures kept before it: otherwise each reload of the page counted the whole ledger again.
 * In one BEGIN IMMEDIATE transaction, so that no other connection commits between the stamps before and after it.
 */
export function writeKeepingFigures(store: Store, write: () => void): void {
  writeTransaction(store.db, () => {
    const before = databaseStamp(store.db);
    write();
    const after = databaseStamp(store.db);
    for (const entry of cached.get(store)?.values() ?? []) if (entry.stamp === before) entry.stamp = after;
    for (const moved of stampMoves) moved(store, before, after);
  })();
}

/** Told of each write the figures do not stand on (writeKeepingFigures): figures being counted elsewhere stay good. */
const stampMoves: ((store: Store, before: string, after: string) => void)[] = [];
export function onFiguresStampMoved(listener: (store: Store, before: string, after: string) => void): void {
  stampMoves.push(listener);
}

function computeReportFigures(store: Store, ledgerId: number, report: ReportPeriod): ReportFigures {
  // The plan fields the figures count by: the per-period facts come from the history below.
  const rows = store.rows.figureRowsInOrder(ledgerId);
  const rules = asOfRules(store, ledgerId);

  // Facts as of each month needed, carried forward month by month.
  const history = store.reports.factHistory(ledgerId, report.asOf);
  const latest = new Map<number, { status?: PeriodValue; progressPct?: PeriodValue }>();
  // A monthly report stands on its month alone; a quarter or year also on each month before (trend, deltas, credits).
  const months = report.kind === 'monthly' ? [report.asOf] : monthsUpTo(report.asOf);
  const facts = new Map<string, Map<number, AsOf>>();
  let next = 0;
  for (const month of months) {
    for (; next < history.length && history[next]!.period <= month; next++) {
      const h = history[next]!;
      let entry = latest.get(h.rowId);
      if (!entry) latest.set(h.rowId, (entry = {}));
      entry[h.field] = { value: h.value, period: h.period };
    }
    const inputs: AsOfInputRow[] = rows.map((r) => ({
      id: r.id,
      parentId: r.parentId,
      deadlineDate: r.deadlineDate,
      inheritsDeadline: r.inheritsDeadline,
      status: latest.get(r.id)?.status ?? null,
      progressPct: latest.get(r.id)?.progressPct ?? null,
    }));
    facts.set(month, computeAsOf(inputs, month, rules));
  }

  const first = months[0]!;
  const reported = store.reports.writtenRows(ledgerId, first, report.asOf);
  const collectionMonths = [...reported.keys()].sort();
  return computeFigures({
    report,
    rows,
    directory: new UnitDirectory(store.units.list()),
    facts,
    reported,
    collectionMonths,
    scheme: store.workbench.settings(ledgerId).scoring,
  });
}

/**
 * The 统计 page's one call: the figures without the per-task list the page never shows and with only the first
 * `attention` red tasks (of a 50,050-row ledger's 5 MB of figures, 2.6 MB are the tasks and 2.4 MB its 5,979 red
 * tasks; the answer is 66 KB), plus the months with data it offers. Without a period: the one of that kind
 * holding the ledger's default month.
 */
export function dashboardFigures(
  store: Store,
  ledgerId: number,
  kind: ReportKind,
  period: string | undefined,
  attention: number | undefined,
): { figures: DashboardFiguresDto; periods: string[]; defaultPeriod: string } {
  const months = ledgerPeriods(store, ledgerId);
  const { tasks: _tasks, ...figures } = reportFigures(store, ledgerId, kind, period ?? reportPeriodOf(kind, months.defaultPeriod));
  const shown = attention === undefined ? figures.attention : figures.attention.slice(0, attention);
  return { figures: { ...figures, attention: shown, attentionTotal: figures.attention.length }, ...months };
}
