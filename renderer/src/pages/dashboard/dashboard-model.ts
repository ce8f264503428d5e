// The 统计 page's pure helpers: the periods a clerk can choose per kind, and what a click on a unit,
// a light, a status or an attention item opens in the workbench (free of React and ECharts).
import { CATEGORY_LABELS, LIGHT_LABELS, type Category, type Light } from '#shared/as-of.js';
import type { ReportFiguresDto } from '#shared/api/report-api.js';
import type { ViewState } from '#shared/api/workbench-api.js';
import { parseReportPeriod, reportPeriodOf, type ReportKind } from '#shared/report-figures.js';

export interface PeriodOption {
  value: string;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const yearOf = (period: string) => Number(period.slice(0, 4));

/** The years offered: the ledger's (else the default month's) and every year with data, newest first. */
function yearsOf(ledgerYear: number | null, withData: readonly string[], defaultPeriod: string): number[] {
  const years = new Set<number>([ledgerYear ?? yearOf(defaultPeriod), ...withData.map(yearOf)]);
  return [...years].sort((a, b) => b - a);
}

/**
 * The periods of a kind, newest first: months of the ledger's year plus months with data (● marks data);
 * quarters and years of those years.
 */
export function periodOptions(kind: ReportKind, ledgerYear: number | null, withData: readonly string[], defaultPeriod: string): PeriodOption[] {
  const years = yearsOf(ledgerYear, withData, defaultPeriod);
  const has = new Set(withData);
  if (kind === 'monthly') {
    const year = ledgerYear ?? yearOf(defaultPeriod);
    const months = new Set<string>([...Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`), ...withData, defaultPeriod]);
    return [...months]
      .sort()
      .reverse()
      .map((m) => ({ value: m, label: `${parseReportPeriod('monthly', m)?.label ?? m}${has.has(m) ? ' ●' : ''}` }));
  }
  if (kind === 'quarterly') {
    return years.flatMap((y) => [4, 3, 2, 1].map((q) => ({ value: `${y}-Q${q}`, label: parseReportPeriod('quarterly', `${y}-Q${q}`)!.label })));
  }
  return years.map((y) => ({ value: String(y), label: `${y}年度` }));
}

/** The period of a kind that contains the default month: 2020-06 → 2020-06, 2020-Q2, 2020 (reportPeriodOf, as the backend picks it). */
export const defaultReportPeriod = reportPeriodOf;

/** What the clerk clicked on the 统计 page. */
export type DashboardTarget =
  | { kind: 'all' }
  | { kind: 'unit'; unit: string }
  | { kind: 'light'; light: Light }
  | { kind: 'category'; category: Category }
  | { kind: 'overdue' }
  | { kind: 'rows'; rowIds: number[] };

export interface FilterIntent {
  view: Partial<ViewState>;
  period: string;
  /** Said in the notice after switching: 已打开台账：红灯（截至2020年6月）. */
  label: string;
}

/** The workbench filter and month a click opens: the same rows the figure counted, as of the same month. */
export function intentFor(target: DashboardTarget, figures: Pick<ReportFiguresDto, 'asOf'>): FilterIntent {
  const period = figures.asOf;
  const month = parseReportPeriod('monthly', period)?.label ?? period;
  const at = (what: string) => `${what}（截至${month}）`;
  switch (target.kind) {
    case 'unit':
      return { view: { unit: target.unit }, period, label: at(target.unit) };
    case 'light':
      return { view: { light: target.light }, period, label: at(LIGHT_LABELS[target.light]) };
    case 'category':
      return { view: { category: target.category }, period, label: at(CATEGORY_LABELS[target.category]) };
    case 'overdue':
      return { view: { overdue: true }, period, label: at('逾期') };
    case 'rows':
      return { view: { rowIds: [...target.rowIds] }, period, label: at(`${target.rowIds.length} 行需关注事项`) };
    default:
      return { view: {}, period, label: at('全部') };
  }
}

/** The rows an attention item opens: the red task and its red or overdue rows. */
export function attentionRows(item: ReportFiguresDto['attention'][number]): number[] {
  return [item.rowId, ...item.items.map((i) => i.rowId)];
}

/** A rank change for the quarterly table: ↑2 (better), ↓1, – (same), 新 (no previous rank). */
export function rankChange(rank: number, previousRank: number | null | undefined): { text: string; dir: 'up' | 'down' | 'same' | 'new' } {
  if (previousRank == null) return { text: '—', dir: 'new' };
  const d = previousRank - rank;
  if (d > 0) return { text: `↑${d}`, dir: 'up' };
  if (d < 0) return { text: `↓${-d}`, dir: 'down' };
  return { text: '–', dir: 'same' };
}

/** 2020-05 → 5月 (the annual table's 缺报月份). */
export function monthList(periods: readonly string[] | undefined): string {
  return periods?.length ? periods.map((p) => `${Number(p.slice(5, 7))}月`).join('、') : '—';
}
