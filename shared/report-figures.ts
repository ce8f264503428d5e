// The figures of the 月通报, 季点评 and 年考核: counted once here, from the as-of facts of each month
// (shared/as-of.ts) and each unit's assignments (shared/responsibility.ts). Pure: the backend gathers
// the facts, the documents, the dashboard and the CLI print what this returns.
//
// The rules (issue 12, written once here):
// - Totals over the task rows as of M: tasks, done, inProgress, notStarted, lagging (by category), overdue,
//   completionRate = 100 × done / tasks, green, yellow, red.
// - Units: for each unit with assignments: assignments, done, overdue, completionRate, meanProgress (mean of
//   its assignments' progress), green, yellow, red, reported (a value was written for month M on one of its
//   assignments or their descendants), rank by completionRate then meanProgress, both descending; equal
//   pairs share a rank (1, 2, 2, 4).
// - Attention: the task rows that are red, each with its red or overdue children and their units.
// - Quarterly (as of the quarter's last month): per unit previousCompletionRate and previousRank (as of
//   three months earlier; null for Q1), completedInQuarter (done now and not three months earlier) and
//   turnedRed (red now and not three months earlier).
// - Annual (as of December), scheme editable per ledger: per assignment a credit — done, first done in a
//   month ≤ its deadline's month (or no deadline) → 1.0; done later → 0.8; not done and not overdue → 0.5;
//   overdue → 0. Collection months = the months of the year that hold any progress value; a unit loses 2
//   points for each collection month it did not report while at least one of its assignments was still
//   not done as of the previous collection month (the first collection month always counts).
//   score = max(0, 100 × mean credit − deductions), one decimal; grade ≥ 90 优秀, ≥ 80 良好, ≥ 60 合格, else 不合格.
import type { AsOf, Category, Light } from './as-of.js';
import type { Unit } from './domain.js';
import { childrenByParent, descendantsOf } from './tree.js';
import { assignmentsByUnit, type UnitDirectory, type UnitRole } from './responsibility.js';

export const REPORT_KINDS = ['monthly', 'quarterly', 'annual'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The kind the 统计 page shows first (the backend counts its figures ahead: reports/figures-ahead.ts). */
export const DASHBOARD_FIRST_KIND: ReportKind = 'monthly';

export const REPORT_KIND_LABELS: Readonly<Record<ReportKind, string>> = { monthly: '月通报', quarterly: '季点评', annual: '年考核' };

export const GRADES = ['优秀', '良好', '合格', '不合格'] as const;
export type Grade = (typeof GRADES)[number];

/** The 评分细则 of the 年考核; every number is the ledger's to change. */
export interface ScoringScheme {
  credits: { onTime: number; late: number; open: number; overdue: number };
  /** Points lost per collection month a unit did not report while work was still open. */
  missingReportDeduction: number;
  /** Lowest score of each grade above 不合格. */
  grades: { excellent: number; good: number; pass: number };
}

export const DEFAULT_SCORING_SCHEME: Readonly<ScoringScheme> = {
  credits: { onTime: 1, late: 0.8, open: 0.5, overdue: 0 },
  missingReportDeduction: 2,
  grades: { excellent: 90, good: 80, pass: 60 },
};

const round1 = (n: number): number => Math.round(n * 10) / 10;
const rate = (part: number, whole: number): number => (whole ? round1((100 * part) / whole) : 0);

/** What a report period means: the month its figures stand at and the month it compares with. */
export interface ReportPeriod {
  kind: ReportKind;
  /** As written: YYYY-MM, YYYY-Qn or YYYY. */
  period: string;
  year: number;
  /** The month the figures are as of (YYYY-MM). */
  asOf: string;
  /** Three months before `asOf` for a quarter after Q1; else null. */
  previous: string | null;
  /** Chinese label: 2020年6月, 2020年第二季度, 2020年度. */
  label: string;
}

const QUARTER_LABELS = ['一', '二', '三', '四'];

/** Reads a report period; null when it does not fit the kind (2020-06 for monthly, 2020-Q2, 2020). */
export function parseReportPeriod(kind: ReportKind, text: string): ReportPeriod | null {
  const t = text.trim();
  const pad = (m: number) => String(m).padStart(2, '0');
  if (kind === 'monthly') {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t);
    if (!m) return null;
    return { kind, period: t, year: Number(m[1]), asOf: t, previous: null, label: `${m[1]}年${Number(m[2])}月` };
  }
  if (kind === 'quarterly') {
    const m = /^(\d{4})-?[Qq]([1-4])$/.exec(t);
    if (!m) return null;
    const year = Number(m[1]);
    const q = Number(m[2]);
    return {
      kind,
      period: `${year}-Q${q}`,
      year,
      asOf: `${year}-${pad(q * 3)}`,
      previous: q > 1 ? `${year}-${pad(q * 3 - 3)}` : null,
      label: `${year}年第${QUARTER_LABELS[q - 1]}季度`,
    };
  }
  const m = /^(\d{4})$/.exec(t);
  if (!m) return null;
  return { kind, period: t, year: Number(m[1]), asOf: `${t}-12`, previous: null, label: `${t}年度` };
}

/** The period of a kind that holds a month (YYYY-MM): the month itself, its quarter or its year. */
export function reportPeriodOf(kind: ReportKind, month: string): string {
  const y = month.slice(0, 4);
  if (kind === 'monthly') return month;
  if (kind === 'quarterly') return `${y}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
  return y;
}

/** The months of a year up to and including `asOf`. */
export function monthsUpTo(asOf: string): string[] {
  const [y, m] = asOf.split('-');
  return Array.from({ length: Number(m) }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
}

/** The plan fields of a row the figures need. */
export interface FigureRow {
  id: number;
  parentId: number | null;
  level: 'section' | 'task' | 'item';
  values: { code: string; task: string; measures: string; leadDept: string; units: string };
}

export interface FigureInput {
  report: ReportPeriod;
  rows: readonly FigureRow[];
  directory: UnitDirectory;
  /** Facts of every row as of each month needed: `asOf`, `previous`, and for trends/annual each month of the year up to `asOf`. */
  facts: ReadonlyMap<string, ReadonlyMap<number, AsOf>>;
  /** For each month, the rows that had a value written for that very month (by hand or by import). */
  reported: ReadonlyMap<string, ReadonlySet<number>>;
  /** Months of the year that hold any progress value, ascending. */
  collectionMonths: readonly string[];
  scheme?: ScoringScheme;
}

export interface Totals {
  tasks: number;
  done: number;
  inProgress: number;
  notStarted: number;
  lagging: number;
  overdue: number;
  completionRate: number;
  green: number;
  yellow: number;
  red: number;
}

export interface TaskFigure {
  rowId: number;
  code: string;
  task: string;
  category: Category;
  status: string | null;
  progress: number;
  expected: number;
  light: Light;
  overdue: boolean;
  /** Every unit the task or its rows name, canonical, in order. */
  units: string[];
}

export interface Credit {
  rowId: number;
  code: string;
  text: string;
  role: UnitRole;
  /** onTime / late / open / overdue. */
  kind: keyof ScoringScheme['credits'];
  credit: number;
  /** The first month it was done as of, when done. */
  doneIn: string | null;
}

export interface UnitCore {
  unit: string;
  kind: Unit['kind'] | null;
  assignments: number;
  done: number;
  overdue: number;
  completionRate: number;
  meanProgress: number;
  green: number;
  yellow: number;
  red: number;
}

export interface UnitFigure extends UnitCore {
  reported: boolean;
  rank: number;
  /** Quarterly. */
  previousCompletionRate?: number | null;
  previousRank?: number | null;
  completedInQuarter?: number;
  turnedRed?: number;
  /** Annual. */
  score?: number;
  grade?: Grade;
  missingReports?: string[];
  deductions?: number;
  meanCredit?: number;
  credits?: Credit[];
}

export interface AttentionItem {
  rowId: number;
  code: string;
  task: string;
  light: Light;
  overdue: boolean;
  progress: number;
  expected: number;
  units: string[];
  /** The task's red or overdue rows below it, with their units. */
  items: { rowId: number; text: string; units: string[]; light: Light; overdue: boolean; progress: number; expected: number }[];
}

export interface TaskRef {
  rowId: number;
  code: string;
  task: string;
  units: string[];
}

export interface TrendPoint {
  period: string;
  tasks: number;
  done: number;
  completionRate: number;
  green: number;
  yellow: number;
  red: number;
}

export interface ReportFigures {
  kind: ReportKind;
  period: string;
  label: string;
  asOf: string;
  totals: Totals;
  tasks: TaskFigure[];
  units: UnitFigure[];
  attention: AttentionItem[];
  /** Quarterly: tasks done now and not three months earlier, and those red now and not then. */
  completedInQuarter: TaskRef[];
  turnedRed: TaskRef[];
  /** Completion per month of the year up to the report's month. */
  trend: TrendPoint[];
  /** Annual: the scheme the scores were computed with. */
  scheme: ScoringScheme | null;
}

/** Competition ranking: by completionRate, then meanProgress, both descending; equal pairs share a rank. */
export function rankUnits<T extends { completionRate: number; meanProgress: number }>(units: readonly T[]): Map<T, number> {
  const sorted = [...units].sort((a, b) => b.completionRate - a.completionRate || b.meanProgress - a.meanProgress);
  const ranks = new Map<T, number>();
  sorted.forEach((u, i) => {
    const prev = sorted[i - 1];
    ranks.set(u, prev && prev.completionRate === u.completionRate && prev.meanProgress === u.meanProgress ? ranks.get(prev)! : i + 1);
  });
  return ranks;
}

export function gradeFor(score: number, scheme: ScoringScheme = DEFAULT_SCORING_SCHEME): Grade {
  if (score >= scheme.grades.excellent) return '优秀';
  if (score >= scheme.grades.good) return '良好';
  if (score >= scheme.grades.pass) return '合格';
  return '不合格';
}

function totalsOf(taskIds: readonly number[], facts: ReadonlyMap<number, AsOf>): Totals {
  const t: Totals = { tasks: 0, done: 0, inProgress: 0, notStarted: 0, lagging: 0, overdue: 0, completionRate: 0, green: 0, yellow: 0, red: 0 };
  for (const id of taskIds) {
    const f = facts.get(id);
    if (!f) continue;
    t.tasks++;
    t[f.category]++;
    if (f.overdue) t.overdue++;
    t[f.light]++;
  }
  t.completionRate = rate(t.done, t.tasks);
  return t;
}


function unitCore(unit: string, kind: Unit['kind'] | null, rowIds: readonly number[], facts: ReadonlyMap<number, AsOf>): UnitCore {
  const u: UnitCore = { unit, kind, assignments: rowIds.length, done: 0, overdue: 0, completionRate: 0, meanProgress: 0, green: 0, yellow: 0, red: 0 };
  let progress = 0;
  for (const id of rowIds) {
    const f = facts.get(id);
    if (!f) continue;
    if (f.category === 'done') u.done++;
    if (f.overdue) u.overdue++;
    u[f.light]++;
    progress += f.progress;
  }
  u.completionRate = rate(u.done, u.assignments);
  u.meanProgress = u.assignments ? round1(progress / u.assignments) : 0;
  return u;
}

export function computeFigures(input: FigureInput): ReportFigures {
  const { report, rows, directory } = input;
  const scheme = input.scheme ?? DEFAULT_SCORING_SCHEME;
  const now = input.facts.get(report.asOf);
  if (!now) throw new Error(`facts for ${report.asOf} missing`);
  const children = childrenByParent(rows);
  const descendants = (id: number): FigureRow[] => descendantsOf(children, id);
  // A task's units are listed in `tasks` and again in `attention`: resolved once per task.
  const treeUnits = new Map<number, string[]>();
  const unitsOfTree = (r: FigureRow): string[] => {
    let units = treeUnits.get(r.id);
    if (!units) treeUnits.set(r.id, (units = directory.unitsNamedIn([r, ...descendants(r.id)])));
    return [...units];
  };
  const taskRows = rows.filter((r) => r.level === 'task');
  const taskIds = taskRows.map((r) => r.id);
  const ref = (r: FigureRow): TaskRef => ({ rowId: r.id, code: r.values.code, task: r.values.task, units: unitsOfTree(r) });

  const totals = totalsOf(taskIds, now);
  const tasks: TaskFigure[] = taskRows.map((r) => {
    const f = now.get(r.id)!;
    return {
      rowId: r.id,
      code: r.values.code,
      task: r.values.task,
      category: f.category,
      status: f.status,
      progress: f.progress,
      expected: f.expected,
      light: f.light,
      overdue: f.overdue,
      units: unitsOfTree(r),
    };
  });

  const attention: AttentionItem[] = taskRows
    .filter((r) => now.get(r.id)?.light === 'red')
    .map((r) => {
      const f = now.get(r.id)!;
      const items = descendants(r.id)
        .filter((d) => {
          const g = now.get(d.id);
          return g && (g.light === 'red' || g.overdue);
        })
        .map((d) => {
          const g = now.get(d.id)!;
          return {
            rowId: d.id,
            text: d.values.measures || d.values.task || d.values.units,
            units: directory.unitsNamedIn([d]),
            light: g.light,
            overdue: g.overdue,
            progress: g.progress,
            expected: g.expected,
          };
        });
      return { rowId: r.id, code: r.values.code, task: r.values.task, light: f.light, overdue: f.overdue, progress: f.progress, expected: f.expected, units: unitsOfTree(r), items };
    });

  // Units and their assignments; "reported" looks at the assignment and everything below it.
  const assignments = assignmentsByUnit(rows, directory);
  const reportedNow = input.reported.get(report.asOf) ?? new Set<number>();
  const reportedIn = (month: string, rowIds: readonly number[]): boolean => {
    const set = input.reported.get(month);
    if (!set || !set.size) return false;
    return rowIds.some((id) => set.has(id) || descendants(id).some((d) => set.has(d.id)));
  };
  const cores = [...assignments].map(([unit, list]) => ({
    core: unitCore(unit, directory.unit(unit)?.kind ?? null, list.map((a) => a.rowId), now),
    list,
  }));
  const ranks = rankUnits(cores.map((c) => c.core));
  const previousFacts = report.previous ? input.facts.get(report.previous) : undefined;
  const previousCores = previousFacts ? cores.map((c) => unitCore(c.core.unit, null, c.list.map((a) => a.rowId), previousFacts)) : [];
  const previousRanks = previousFacts ? rankUnits(previousCores) : null;
  const byId = new Map(rows.map((r) => [r.id, r]));

  const units: UnitFigure[] = cores.map(({ core, list }, i) => {
    const ids = list.map((a) => a.rowId);
    const figure: UnitFigure = { ...core, reported: ids.some((id) => reportedNow.has(id) || descendants(id).some((d) => reportedNow.has(d.id))), rank: ranks.get(core)! };
    if (report.kind === 'quarterly') {
      const prev = previousCores[i];
      figure.previousCompletionRate = prev ? prev.completionRate : null;
      figure.previousRank = prev && previousRanks ? previousRanks.get(prev)! : null;
      figure.completedInQuarter = ids.filter((id) => now.get(id)?.category === 'done' && previousFacts?.get(id)?.category !== 'done').length;
      figure.turnedRed = ids.filter((id) => now.get(id)?.light === 'red' && previousFacts?.get(id)?.light !== 'red').length;
    }
    if (report.kind === 'annual') Object.assign(figure, annualScore(input, list, byId, reportedIn, scheme));
    return figure;
  });
  units.sort((a, b) => a.rank - b.rank || a.unit.localeCompare(b.unit, 'zh-CN'));

  const changed = (test: (nowFact: AsOf | undefined, before: AsOf | undefined) => boolean): TaskRef[] =>
    report.kind === 'quarterly' ? taskRows.filter((r) => test(now.get(r.id), previousFacts?.get(r.id))).map(ref) : [];

  const trend: TrendPoint[] = monthsUpTo(report.asOf)
    .filter((m) => input.facts.has(m))
    .map((m) => {
      const t = totalsOf(taskIds, input.facts.get(m)!);
      return { period: m, tasks: t.tasks, done: t.done, completionRate: t.completionRate, green: t.green, yellow: t.yellow, red: t.red };
    });

  return {
    kind: report.kind,
    period: report.period,
    label: report.label,
    asOf: report.asOf,
    totals,
    tasks,
    units,
    attention,
    completedInQuarter: changed((n, b) => n?.category === 'done' && b?.category !== 'done'),
    turnedRed: changed((n, b) => n?.light === 'red' && b?.light !== 'red'),
    trend,
    scheme: report.kind === 'annual' ? scheme : null,
  };
}

function annualScore(
  input: FigureInput,
  list: readonly { rowId: number; role: UnitRole }[],
  byId: ReadonlyMap<number, FigureRow>,
  reportedIn: (month: string, rowIds: readonly number[]) => boolean,
  scheme: ScoringScheme,
): Pick<UnitFigure, 'score' | 'grade' | 'missingReports' | 'deductions' | 'meanCredit' | 'credits'> {
  const months = monthsUpTo(input.report.asOf);
  const now = input.facts.get(input.report.asOf)!;
  const credits: Credit[] = list.map(({ rowId, role }) => {
    const row = byId.get(rowId)!;
    const f = now.get(rowId)!;
    const doneIn = f.category === 'done' ? (months.find((m) => input.facts.get(m)?.get(rowId)?.category === 'done') ?? input.report.asOf) : null;
    const deadlineMonth = f.deadline ? f.deadline.slice(0, 7) : null;
    const kind: Credit['kind'] = doneIn ? (!deadlineMonth || doneIn <= deadlineMonth ? 'onTime' : 'late') : f.overdue ? 'overdue' : 'open';
    return { rowId, code: row.values.code, text: row.values.measures || row.values.task, role, kind, credit: scheme.credits[kind], doneIn };
  });
  const ids = list.map((a) => a.rowId);
  const missingReports: string[] = [];
  input.collectionMonths.forEach((month, i) => {
    const previous = input.collectionMonths[i - 1];
    // The first collection month always counts; later ones only while some work was still open.
    const open = previous === undefined || ids.some((id) => input.facts.get(previous)?.get(id)?.category !== 'done');
    if (open && !reportedIn(month, ids)) missingReports.push(month);
  });
  const meanCredit = credits.length ? credits.reduce((s, c) => s + c.credit, 0) / credits.length : 0;
  const deductions = round1(missingReports.length * scheme.missingReportDeduction);
  const score = Math.max(0, round1(100 * meanCredit - deductions));
  return { score, grade: gradeFor(score, scheme), missingReports, deductions, meanCredit: Math.round(meanCredit * 1000) / 1000, credits };
}
