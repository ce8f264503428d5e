// The report figures (shared/report-figures.ts) on a small ledger built here, one block per rule.
import { describe, expect, it } from 'vitest';
import { computeAsOf, type AsOf, type AsOfInputRow, type AsOfRules } from '#shared/as-of.js';
import { computeFigures, gradeFor, monthsUpTo, parseReportPeriod, rankUnits, type FigureRow, type ReportKind } from '#shared/report-figures.js';
import { UnitDirectory } from '#shared/responsibility.js';

const RULES: AsOfRules = {
  statuses: [
    { label: '已完成', category: 'done' },
    { label: '推进中', category: 'inProgress' },
    { label: '未启动', category: 'notStarted' },
    { label: '滞后', category: 'lagging' },
  ],
};

const DIR = new UnitDirectory([
  { id: 1, name: '基础教育科', kind: 'department', aliases: [] },
  { id: 2, name: '和平小学', kind: 'school', aliases: ['和平小'] },
  { id: 3, name: '东元中学', kind: 'school', aliases: [] },
]);

function fr(id: number, parentId: number | null, level: FigureRow['level'], values: Partial<FigureRow['values']> = {}): FigureRow {
  return { id, parentId, level, values: { code: '', task: '', measures: '', leadDept: '', units: '', ...values } };
}

// Section 1 → task 10 (lead 基础教育科, units 和平小学/东元中学, one child row each), task 20 (和平小学 only).
const ROWS: FigureRow[] = [
  fr(1, null, 'section', { code: '一', task: '民生' }),
  fr(10, 1, 'task', { code: '5', task: '扩大学位', leadDept: '基础教育科', units: '和平小学、东元中学' }),
  fr(11, 10, 'item', { measures: '和平小学新建', units: '和平小' }),
  fr(12, 10, 'item', { measures: '东元中学扩建', units: '东元中学' }),
  fr(20, 1, 'task', { code: '6', task: '智慧校园', units: '和平小学' }),
];
const DEADLINES: Record<number, string | null> = { 10: '2020-06-30', 20: '2020-12-31' };

/** Status / 完成进度 written per month: { rowId: { 'YYYY-MM': [status, pct] } }. */
type Writes = Record<number, Record<string, [string, string]>>;

function factsFor(writes: Writes, months: readonly string[]): Map<string, Map<number, AsOf>> {
  const out = new Map<string, Map<number, AsOf>>();
  for (const month of months) {
    const inputs: AsOfInputRow[] = ROWS.map((r) => {
      const history = Object.entries(writes[r.id] ?? {}).filter(([p]) => p <= month).sort(([a], [b]) => a.localeCompare(b));
      const last = (i: 0 | 1) => {
        const hit = [...history].reverse().find(([, v]) => v[i]);
        return hit ? { value: hit[1][i], period: hit[0] } : null;
      };
      return { id: r.id, parentId: r.parentId, deadlineDate: DEADLINES[r.id] ?? null, inheritsDeadline: !(r.id in DEADLINES), status: last(0), progressPct: last(1) };
    });
    out.set(month, computeAsOf(inputs, month, RULES));
  }
  return out;
}

function figures(kind: ReportKind, period: string, writes: Writes) {
  const report = parseReportPeriod(kind, period)!;
  const months = monthsUpTo(report.asOf);
  const reported = new Map<string, Set<number>>();
  for (const [id, byMonth] of Object.entries(writes)) {
    for (const m of Object.keys(byMonth)) (reported.get(m) ?? reported.set(m, new Set()).get(m)!).add(Number(id));
  }
  return computeFigures({
    report,
    rows: ROWS,
    directory: DIR,
    facts: factsFor(writes, months),
    reported,
    collectionMonths: [...reported.keys()].filter((m) => m <= report.asOf).sort(),
  });
}

const JUNE: Writes = {
  11: { '2020-05': ['推进中', '40%'], '2020-06': ['已完成', ''] },
  12: { '2020-05': ['滞后', '10%'] },
  20: { '2020-06': ['推进中', '50%'] },
};

describe('report periods', () => {
  it('reads months, quarters and years, and refuses a period of the wrong kind', () => {
    expect(parseReportPeriod('monthly', '2020-06')).toMatchObject({ asOf: '2020-06', previous: null, label: '2020年6月' });
    expect(parseReportPeriod('quarterly', '2020-Q2')).toMatchObject({ asOf: '2020-06', previous: '2020-03', label: '2020年第二季度' });
    expect(parseReportPeriod('quarterly', '2020-Q1')).toMatchObject({ asOf: '2020-03', previous: null });
    expect(parseReportPeriod('annual', '2020')).toMatchObject({ asOf: '2020-12', label: '2020年度' });
    expect(parseReportPeriod('monthly', '2020-Q2')).toBeNull();
    expect(parseReportPeriod('annual', '2020-06')).toBeNull();
  });
});

describe('totals', () => {
  it('count task rows by category, overdue and light, with 完成率', () => {
    const f = figures('monthly', '2020-06', JUNE);
    // Task 10 rolls up: one child done, one lagging → lagging; overdue (6月底 not done) → red.
    // Task 20: 推进中 50% against 序时 50% → green.
    expect(f.totals).toEqual({ tasks: 2, done: 0, inProgress: 1, notStarted: 0, lagging: 1, overdue: 1, completionRate: 0, green: 1, yellow: 0, red: 1 });
    expect(f.tasks.map((t) => [t.code, t.category, t.light, t.units])).toEqual([
      ['5', 'lagging', 'red', ['基础教育科', '和平小学', '东元中学']],
      ['6', 'inProgress', 'green', ['和平小学']],
    ]);
  });
  it('give 完成率 = 100 × done / tasks, one decimal', () => {
    const f = figures('monthly', '2020-06', { ...JUNE, 20: { '2020-06': ['已完成', ''] } });
    expect(f.totals.completionRate).toBe(50);
  });
});

describe('units', () => {
  it("count each unit's assignments (the most specific rows naming it), aliases resolved", () => {
    const f = figures('monthly', '2020-06', JUNE);
    const by = Object.fromEntries(f.units.map((u) => [u.unit, u]));
    // Row 11 is 已完成 in June but keeps May's 40% (the written rule: a reported row's progress is its
    // carried 完成进度), so 和平小学's mean is (40 + 50) / 2 and task 10's is (40 + 10) / 2.
    expect(by['和平小学']).toMatchObject({ kind: 'school', assignments: 2, done: 1, overdue: 0, completionRate: 50, meanProgress: 45, green: 2, reported: true });
    expect(by['东元中学']).toMatchObject({ assignments: 1, done: 0, overdue: 1, completionRate: 0, meanProgress: 10, red: 1 });
    expect(by['基础教育科']).toMatchObject({ kind: 'department', assignments: 1, done: 0, meanProgress: 25 });
  });
  it('mark a unit that never reported for the month, counting values written on rows below its assignment', () => {
    const f = figures('monthly', '2020-06', JUNE);
    const by = Object.fromEntries(f.units.map((u) => [u.unit, u]));
    // 东元中学 wrote only in May; 基础教育科's assignment (task 10) had a value written below it in June.
    expect(by['东元中学']!.reported).toBe(false);
    expect(by['基础教育科']!.reported).toBe(true);
  });
  it('rank by completionRate then meanProgress, descending; equal pairs share a rank', () => {
    const units = [
      { id: 'a', completionRate: 50, meanProgress: 60 },
      { id: 'b', completionRate: 80, meanProgress: 10 },
      { id: 'c', completionRate: 50, meanProgress: 60 },
      { id: 'd', completionRate: 50, meanProgress: 20 },
    ];
    const ranks = rankUnits(units);
    expect(units.map((u) => ranks.get(u))).toEqual([2, 1, 2, 4]);
    const f = figures('monthly', '2020-06', JUNE);
    expect(f.units.map((u) => [u.unit, u.rank])).toEqual([
      ['和平小学', 1],
      ['基础教育科', 2],
      ['东元中学', 3],
    ]);
  });
});

describe('attention', () => {
  it('lists red tasks with their red or overdue rows and units', () => {
    const f = figures('monthly', '2020-06', JUNE);
    expect(f.attention).toHaveLength(1);
    expect(f.attention[0]).toMatchObject({ code: '5', light: 'red', overdue: true });
    expect(f.attention[0]!.items.map((i) => [i.text, i.units, i.overdue])).toEqual([['东元中学扩建', ['东元中学'], true]]);
  });
});

describe('quarterly', () => {
  const WRITES: Writes = {
    11: { '2020-03': ['推进中', '30%'], '2020-06': ['已完成', ''] },
    12: { '2020-03': ['推进中', '30%'] },
    20: { '2020-03': ['已完成', ''] },
  };
  it('compares with three months earlier: previous rate and rank, completed in the quarter, turned red', () => {
    const f = figures('quarterly', '2020-Q2', WRITES);
    expect(f.asOf).toBe('2020-06');
    const by = Object.fromEntries(f.units.map((u) => [u.unit, u]));
    expect(by['和平小学']).toMatchObject({ completionRate: 100, previousCompletionRate: 50, previousRank: 1, completedInQuarter: 1, turnedRed: 0 });
    // 东元中学's row was due with task 10 at the end of June: red now, green in March.
    expect(by['东元中学']).toMatchObject({ completionRate: 0, previousCompletionRate: 0, turnedRed: 1 });
    expect(f.completedInQuarter.map((t) => t.code)).toEqual([]);
    expect(f.turnedRed.map((t) => t.code)).toEqual(['5']);
    expect(f.trend.map((t) => t.period)).toEqual(['2020-01', '2020-02', '2020-03', '2020-04', '2020-05', '2020-06']);
    expect(f.trend.at(-1)).toMatchObject({ done: 1, completionRate: 50 });
  });
  it('has no previous figures for Q1', () => {
    const f = figures('quarterly', '2020-Q1', WRITES);
    expect(f.units.every((u) => u.previousRank === null && u.previousCompletionRate === null)).toBe(true);
  });
});

describe('annual', () => {
  // Collection months: 03, 06, 09, 12.
  const WRITES: Writes = {
    11: { '2020-03': ['推进中', '30%'], '2020-06': ['已完成', ''] }, // done in its deadline's month → 1.0
    12: { '2020-03': ['推进中', '30%'], '2020-09': ['已完成', ''] }, // done after June → 0.8
    20: { '2020-03': ['推进中', '20%'], '2020-12': ['推进中', '90%'] }, // not done, deadline 12-31 → overdue as of December → 0
  };
  it('credits each assignment: on time 1.0, late 0.8, open 0.5, overdue 0', () => {
    const f = figures('annual', '2020', WRITES);
    const hp = f.units.find((u) => u.unit === '和平小学')!;
    expect(hp.credits!.map((c) => [c.rowId, c.kind, c.credit, c.doneIn])).toEqual([
      [11, 'onTime', 1, '2020-06'],
      [20, 'overdue', 0, null],
    ]);
    const dy = f.units.find((u) => u.unit === '东元中学')!;
    expect(dy.credits!.map((c) => [c.kind, c.credit, c.doneIn])).toEqual([['late', 0.8, '2020-09']]);
    expect(f.scheme).toMatchObject({ missingReportDeduction: 2 });
  });
  it('deducts 2 per collection month not reported while work was still open (the first always counts)', () => {
    const f = figures('annual', '2020', WRITES);
    const by = Object.fromEntries(f.units.map((u) => [u.unit, u]));
    // 和平小学 reported 03, 06, 12 (rows 11, 20), missed 09 while row 20 was open.
    expect(by['和平小学']).toMatchObject({ missingReports: ['2020-09'], deductions: 2, score: 48, grade: '不合格' });
    // 东元中学 reported 03 and 09, missed 06 (open); missed 12 but was done as of 09 → no deduction.
    expect(by['东元中学']).toMatchObject({ missingReports: ['2020-06'], deductions: 2, score: 78, grade: '合格' });
  });
  it('counts the first collection month even when nothing was open before it', () => {
    const f = figures('annual', '2020', { ...WRITES, 12: { '2020-06': ['已完成', ''] } });
    const dy = f.units.find((u) => u.unit === '东元中学')!;
    expect(dy.missingReports).toEqual(['2020-03']);
    expect(dy.score).toBe(98);
  });
  it('grades by score: ≥ 90 优秀, ≥ 80 良好, ≥ 60 合格, else 不合格; never below 0', () => {
    expect([95, 90, 89.9, 80, 60, 59.9].map((s) => gradeFor(s))).toEqual(['优秀', '优秀', '良好', '良好', '合格', '不合格']);
    const f = figures('annual', '2020', { 20: { '2020-01': ['推进中', ''] }, 11: { '2020-02': ['推进中', ''] }, 12: { '2020-03': ['推进中', ''] }, 10: { '2020-04': ['推进中', ''], '2020-05': ['推进中', ''], '2020-07': ['推进中', ''], '2020-08': ['推进中', ''], '2020-10': ['推进中', ''], '2020-11': ['推进中', ''] } });
    expect(f.units.find((u) => u.unit === '东元中学')!.score).toBe(0);
  });
});
