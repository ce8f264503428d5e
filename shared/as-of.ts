// Progress as of a month: the rules every view, export and report of the ledger counts by.
// Pure: rows (with their carried values) in, facts out; the backend, the grid and the reports all
// call this module and nothing else decides what a row's status, progress or light is as of month M.
//
// The rules (issue 11, written once here):
// - Carry forward: a per-period field as of M is its value from the latest month ≤ M that has one.
// - Each status of the vocabulary belongs to a category: done, inProgress, notStarted, lagging.
// - A row is reported as of M when it has a status or 完成进度 value from a month ≤ M. Its category is
//   its status's (no status: inProgress if progress > 0, else notStarted); its progress is its
//   完成进度 (no value: 100 if done, else 0).
// - An unreported row with children rolls up: done if all children are done; else lagging if any child
//   is lagging; else notStarted if all are notStarted; else inProgress; progress = mean of the children's.
//   An unreported row without children: notStarted, progress 0.
// - Overdue as of M: not done, and its deadline date is on or before the last day of M, or a child is
//   overdue. Rows without a date (长期坚持) are never overdue by themselves.
//   A row whose 完成时限 cell is blank takes its parent's deadline (a unit's row under task 5 is due
//   when task 5 is); a row that says 长期坚持 has no date and takes none.
// - 序时进度 (expected) as of M: with a deadline date D in M's year, 100 × month(M) / month(D), at most 100
//   (100 once D has passed); without a date, 100 × month(M) / 12.
// - Light: done → green; overdue → red; an unreported row with children → its worst child's light;
//   else by gap = expected − progress: ≤ green threshold (10) green, ≤ yellow threshold (30) yellow, else red.
import type { Row } from './domain.js';
import { childrenByParent } from './tree.js';
import { toHalfWidth } from './text-normalise.js';

export const CATEGORIES = ['done', 'inProgress', 'notStarted', 'lagging'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  done: '已完成',
  inProgress: '推进中',
  notStarted: '未启动',
  lagging: '滞后',
};

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];
export const LIGHT_LABELS: Readonly<Record<Light, string>> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

export interface LightThresholds {
  /** A gap (expected − progress, in points) at most this is green. */
  green: number;
  /** A gap at most this (and above green) is yellow; above it red. */
  yellow: number;
}
export const DEFAULT_LIGHT_THRESHOLDS: Readonly<LightThresholds> = { green: 10, yellow: 30 };

/** A status's category when the clerk has not chosen one: by its done flag and its words. */
export function defaultCategory(label: string, done: boolean): Category {
  if (done) return 'done';
  if (/滞后|落后|逾期|超期|延期|未按期/.test(label)) return 'lagging';
  if (/未启动|未开始|未开展|待启动|暂未/.test(label)) return 'notStarted';
  if (/已完成|已办结|完成$|办结|销号/.test(label) && !/未/.test(label)) return 'done';
  return 'inProgress';
}

export interface StatusCategory {
  label: string;
  category: Category;
}

export interface AsOfRules {
  statuses: readonly StatusCategory[];
  thresholds?: LightThresholds;
}

/** A value with the month it was written for. */
export interface PeriodValue {
  value: string;
  period: string;
}

/** Carry forward: the value of the latest month ≤ period that has one (blank values do not count). */
export function valueAsOf(history: readonly PeriodValue[], period: string): PeriodValue | undefined {
  let best: PeriodValue | undefined;
  for (const h of history) {
    if (!h.value.trim() || h.period > period) continue;
    if (!best || h.period > best.period) best = h;
  }
  return best;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function periodParts(period: string): { year: number; month: number } {
  const [y, m] = period.split('-').map(Number);
  return { year: y!, month: m! };
}

/** The last day of a month, YYYY-MM-DD. */
export function lastDayOfPeriod(period: string): string {
  const { year, month } = periodParts(period);
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${period}-${String(day).padStart(2, '0')}`;
}

/** A 完成进度 value as a number 0–100: `80%`, `８０％`, `80`, `0.8` (a fraction); null when unreadable. */
export function percentValue(text: string): number | null {
  const t = toHalfWidth(text).replace(/\s/g, '');
  const m = /^([+-]?\d+(?:\.\d+)?)(%?)$/.exec(t);
  if (!m) return null;
  let n = Number(m[1]);
  if (!m[2] && m[1]!.includes('.') && n > 0 && n <= 1) n *= 100;
  return Math.min(100, Math.max(0, n));
}

/** 序时进度 as of `period` for a deadline date (YYYY-MM-DD) or none; one decimal. */
export function expectedProgress(deadlineDate: string | null | undefined, period: string): number {
  const m = periodParts(period).month;
  if (!deadlineDate) return round1((100 * m) / 12);
  if (deadlineDate <= lastDayOfPeriod(period)) return 100;
  const d = periodParts(deadlineDate.slice(0, 7));
  // A deadline in a later year than M: the no-date rule (the year's share) applies.
  if (d.year !== periodParts(period).year) return round1((100 * m) / 12);
  return round1(Math.min(100, (100 * m) / d.month));
}

/** The light for a gap between expected and actual progress (points). */
export function lightForGap(expected: number, progress: number, thresholds: LightThresholds = DEFAULT_LIGHT_THRESHOLDS): Light {
  const gap = expected - progress;
  if (gap <= thresholds.green) return 'green';
  if (gap <= thresholds.yellow) return 'yellow';
  return 'red';
}

const LIGHT_RANK: Readonly<Record<Light, number>> = { green: 0, yellow: 1, red: 2 };

export interface AsOfInputRow {
  id: number;
  parentId: number | null;
  /** The deadline as a date, YYYY-MM-DD; null for none (长期坚持). */
  deadlineDate: string | null | undefined;
  /** True when the row's 完成时限 cell is blank: it takes its parent's deadline. */
  inheritsDeadline?: boolean;
  /** The status and 完成进度 as of the month (carried forward), with the month each came from. */
  status: PeriodValue | null | undefined;
  progressPct: PeriodValue | null | undefined;
}

export interface AsOf {
  period: string;
  /** The status as of the month (carried), and the month it was written for; null when none. */
  status: string | null;
  statusPeriod: string | null;
  /** 完成进度 as of the month (0–100), and its month; null when none or unreadable. */
  progressPct: number | null;
  progressPeriod: string | null;
  category: Category;
  /** 0–100, one decimal. */
  progress: number;
  /** 序时进度, 0–100, one decimal. */
  expected: number;
  /** The deadline date the row is held to (its own, else its parent's when its cell is blank); null for none. */
  deadline: string | null;
  light: Light;
  overdue: boolean;
  /** True when status and progress are rolled up from the children (the row reported nothing itself). */
  derived: boolean;
}

function rollUpCategory(children: readonly AsOf[]): Category {
  if (children.every((c) => c.category === 'done')) return 'done';
  if (children.some((c) => c.category === 'lagging')) return 'lagging';
  if (children.every((c) => c.category === 'notStarted')) return 'notStarted';
  return 'inProgress';
}

/** Every row's facts as of `period`. Rows may come in any order; parents must be among them to roll up. */
export function computeAsOf(rows: readonly AsOfInputRow[], period: string, rules: AsOfRules): Map<number, AsOf> {
  const categoryOf = new Map(rules.statuses.map((s) => [s.label, s.category]));
  const thresholds = rules.thresholds ?? DEFAULT_LIGHT_THRESHOLDS;
  const end = lastDayOfPeriod(period);
  const children = childrenByParent(rows);
  const ids = new Set(rows.map((r) => r.id));
  const out = new Map<number, AsOf>();

  // Children before parents, without recursion (deep trees must not overflow the stack).
  // A pre-order walk has every parent before its rows; reversed, every row comes before its parent.
  const order: AsOfInputRow[] = [];
  const stack = rows.filter((r) => r.parentId == null || !ids.has(r.parentId));
  while (stack.length) {
    const r = stack.pop()!;
    order.push(r);
    const kids = children.get(r.id);
    if (kids) for (const k of kids) stack.push(k);
  }
  order.reverse();

  // Ledgers repeat a few deadlines and percentages over thousands of rows: work each out once per call.
  const expectedByDeadline = new Map<string | null, number>();
  const expectedFor = (due: string | null): number => {
    let e = expectedByDeadline.get(due);
    if (e === undefined) expectedByDeadline.set(due, (e = expectedProgress(due, period)));
    return e;
  };
  const pctByText = new Map<string, number | null>();
  const pctOf = (text: string): number | null => {
    let v = pctByText.get(text);
    if (v === undefined) pctByText.set(text, (v = percentValue(text)));
    return v;
  };

  // Deadlines flow down to rows that state none (parents come after their children in `order`).
  const deadline = new Map<number, string | null>();
  for (let i = order.length - 1; i >= 0; i--) {
    const r = order[i]!;
    const inherited = r.inheritsDeadline && r.parentId != null ? (deadline.get(r.parentId) ?? null) : null;
    deadline.set(r.id, r.deadlineDate || inherited);
  }

  for (const r of order) {
    const kids = (children.get(r.id) ?? []).map((k) => out.get(k.id)!);
    const due = deadline.get(r.id) ?? null;
    const status = r.status?.value.trim() ? r.status : null;
    const pct = r.progressPct?.value.trim() ? r.progressPct : null;
    const pctValue = pct ? pctOf(pct.value) : null;
    const reported = status !== null || pct !== null;
    const expected = expectedFor(due);
    let category: Category;
    let progress: number;
    const derived = !reported && kids.length > 0;
    if (reported) {
      const known = status ? categoryOf.get(status.value.trim()) : undefined;
      category = known ?? ((pctValue ?? 0) > 0 ? 'inProgress' : 'notStarted');
      progress = pctValue ?? (category === 'done' ? 100 : 0);
    } else if (derived) {
      category = rollUpCategory(kids);
      progress = kids.reduce((s, k) => s + k.progress, 0) / kids.length;
    } else {
      category = 'notStarted';
      progress = 0;
    }
    const done = category === 'done';
    const overdue = !done && ((!!due && due <= end) || kids.some((k) => k.overdue));
    let light: Light;
    if (done) light = 'green';
    else if (overdue) light = 'red';
    else if (derived) light = kids.reduce<Light>((w, k) => (LIGHT_RANK[k.light] > LIGHT_RANK[w] ? k.light : w), 'green');
    else light = lightForGap(expected, progress, thresholds);
    out.set(r.id, {
      period,
      status: status?.value.trim() ?? null,
      statusPeriod: status?.period ?? null,
      progressPct: pctValue === null ? null : round1(pctValue),
      progressPeriod: pct?.period ?? null,
      category,
      progress: round1(progress),
      expected,
      deadline: due,
      light,
      overdue,
      derived,
    });
  }
  return out;
}

/**
 * The month a view shows when none is chosen: the latest month with data in the ledger; a ledger
 * without data shows this month when it is this year's (or has no year), else its year's last month
 * (a past year) or first month (a coming year).
 */
export function defaultPeriod(periodsWithData: readonly string[], ledgerYear: number | null, now = new Date()): string {
  const latest = [...periodsWithData].sort().at(-1);
  if (latest) return latest;
  const thisYear = now.getFullYear();
  if (ledgerYear == null || ledgerYear === thisYear) return `${thisYear}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  return ledgerYear < thisYear ? `${ledgerYear}-12` : `${ledgerYear}-01`;
}

/** The only cells of a row its facts (and its relatives' facts) are computed from: asOfInput reads these. */
export const AS_OF_FIELDS: ReadonlySet<string> = new Set(['status', 'progressPct', 'deadline']);

/** The as-of input of a row read as of a month (values carried, `periods` saying from which month). */
export function asOfInput(row: Row): AsOfInputRow {
  const carried = (field: 'status' | 'progressPct'): PeriodValue | null => {
    const value = row.values[field];
    return value.trim() ? { value, period: row.periods?.[field] ?? row.period ?? '' } : null;
  };
  return {
    id: row.id,
    parentId: row.parentId,
    deadlineDate: row.deadlineDate,
    inheritsDeadline: !row.values.deadline.trim(),
    status: carried('status'),
    progressPct: carried('progressPct'),
  };
}

/** Sets `asOf` on rows read as of `period` (in place: rows from a read are fresh objects). */
export function attachAsOf<R extends Row>(rows: R[], period: string, rules: AsOfRules): R[] {
  const facts = computeAsOf(rows.map(asOfInput), period, rules);
  for (const r of rows) r.asOf = facts.get(r.id);
  return rows;
}
