// The as-of rules (shared/as-of.ts), one block per rule of issue 11, with its edge cases.
import { describe, expect, it } from 'vitest';
import {
  AS_OF_FIELDS,
  asOfInput,
  computeAsOf,
  defaultCategory,
  defaultPeriod,
  expectedProgress,
  lastDayOfPeriod,
  lightForGap,
  percentValue,
  valueAsOf,
  type AsOfInputRow,
  type AsOfRules,
} from '#shared/as-of.js';
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS } from '#shared/fields.js';

const RULES: AsOfRules = {
  statuses: [
    { label: '已完成', category: 'done' },
    { label: '推进中', category: 'inProgress' },
    { label: '未启动', category: 'notStarted' },
    { label: '滞后', category: 'lagging' },
    { label: '已办结', category: 'done' },
  ],
};

function row(id: number, parentId: number | null, opts: { status?: string; pct?: string; deadline?: string; period?: string } = {}): AsOfInputRow {
  const p = opts.period ?? '2020-06';
  return {
    id,
    parentId,
    deadlineDate: opts.deadline ?? null,
    status: opts.status ? { value: opts.status, period: p } : null,
    progressPct: opts.pct ? { value: opts.pct, period: p } : null,
  };
}

const asOf = (rows: AsOfInputRow[], period = '2020-06', rules = RULES) => computeAsOf(rows, period, rules);

describe('carry forward', () => {
  const history = [
    { period: '2020-03', value: '未启动' },
    { period: '2020-05', value: '推进中' },
    { period: '2020-08', value: '已完成' },
    { period: '2020-09', value: '' },
  ];
  it('takes the latest month at or before M that has a value', () => {
    expect(valueAsOf(history, '2020-06')).toEqual({ period: '2020-05', value: '推进中' });
    expect(valueAsOf(history, '2020-05')).toEqual({ period: '2020-05', value: '推进中' });
  });
  it('gives nothing before the first report (a month with no report)', () => {
    expect(valueAsOf(history, '2020-02')).toBeUndefined();
  });
  it('skips blank values', () => {
    expect(valueAsOf(history, '2020-12')).toEqual({ period: '2020-08', value: '已完成' });
  });
});

describe('categories', () => {
  it('defaults from the done flag and the words of the label', () => {
    expect(defaultCategory('已完成', true)).toBe('done');
    expect(defaultCategory('办结', false)).toBe('done');
    expect(defaultCategory('推进中', false)).toBe('inProgress');
    expect(defaultCategory('序时推进', false)).toBe('inProgress');
    expect(defaultCategory('未启动', false)).toBe('notStarted');
    expect(defaultCategory('进展滞后', false)).toBe('lagging');
    expect(defaultCategory('未完成', false)).toBe('inProgress');
  });
});

describe('a reported row', () => {
  it('takes its status category and its 完成进度', () => {
    const a = asOf([row(1, null, { status: '推进中', pct: '60%' })]).get(1)!;
    expect(a).toMatchObject({ category: 'inProgress', progress: 60, progressPct: 60, status: '推进中', statusPeriod: '2020-06', derived: false });
  });
  it('without a status is inProgress when progress > 0, else notStarted', () => {
    expect(asOf([row(1, null, { pct: '20%' })]).get(1)!.category).toBe('inProgress');
    expect(asOf([row(1, null, { pct: '0%' })]).get(1)!.category).toBe('notStarted');
  });
  it('without 完成进度 has progress 100 when done, else 0', () => {
    expect(asOf([row(1, null, { status: '已办结' })]).get(1)!.progress).toBe(100);
    expect(asOf([row(1, null, { status: '推进中' })]).get(1)!.progress).toBe(0);
  });
  it('with a status outside the vocabulary falls back to its progress', () => {
    expect(asOf([row(1, null, { status: '正在办理', pct: '30%' })]).get(1)!.category).toBe('inProgress');
    expect(asOf([row(1, null, { status: '待定' })]).get(1)!.category).toBe('notStarted');
  });
  it('reads 80%, ８０％, 80 and 0.8 as 80; clamps to 0–100; unreadable is none', () => {
    expect(['80%', '８０％', '80', '0.8'].map(percentValue)).toEqual([80, 80, 80, 80]);
    expect(percentValue('150%')).toBe(100);
    expect(percentValue('-5')).toBe(0);
    expect(percentValue('八十')).toBeNull();
    expect(asOf([row(1, null, { pct: '八十' })]).get(1)).toMatchObject({ progressPct: null, progress: 0, category: 'notStarted' });
  });
  it('keeps its own status even when it has children (a parent with a reported status of its own)', () => {
    const facts = asOf([row(1, null, { status: '推进中', pct: '50%' }), row(2, 1, { status: '已完成' }), row(3, 1, { status: '滞后' })]);
    expect(facts.get(1)).toMatchObject({ category: 'inProgress', progress: 50, derived: false });
  });
});

describe('roll-up of an unreported row with children', () => {
  const parent = (...kids: AsOfInputRow[]) => asOf([row(1, null), ...kids]).get(1)!;
  it('is done when all children are done', () => {
    expect(parent(row(2, 1, { status: '已完成' }), row(3, 1, { status: '已办结' }))).toMatchObject({ category: 'done', progress: 100, derived: true });
  });
  it('is lagging when any child is lagging', () => {
    expect(parent(row(2, 1, { status: '已完成' }), row(3, 1, { status: '滞后' })).category).toBe('lagging');
  });
  it('is notStarted when all children are notStarted (reported or not)', () => {
    expect(parent(row(2, 1, { status: '未启动' }), row(3, 1)).category).toBe('notStarted');
  });
  it('is inProgress otherwise', () => {
    expect(parent(row(2, 1, { status: '已完成' }), row(3, 1)).category).toBe('inProgress');
  });
  it('has the mean of its children progress, one decimal', () => {
    expect(parent(row(2, 1, { pct: '50%' }), row(3, 1, { pct: '20%' }), row(4, 1)).progress).toBe(23.3);
  });
  it('rolls up through several levels', () => {
    const facts = asOf([row(1, null), row(2, 1), row(3, 2, { status: '已完成' }), row(4, 2, { status: '已完成' })]);
    expect(facts.get(1)).toMatchObject({ category: 'done', derived: true, progress: 100 });
  });
  it('an unreported row without children is notStarted with progress 0', () => {
    expect(asOf([row(1, null)]).get(1)).toMatchObject({ category: 'notStarted', progress: 0, derived: false });
  });
});

describe('overdue', () => {
  it('is a row not done whose deadline is on or before the last day of M (a deadline in the viewed month)', () => {
    expect(asOf([row(1, null, { status: '推进中', deadline: '2020-06-30' })]).get(1)!.overdue).toBe(true);
    expect(asOf([row(1, null, { status: '推进中', deadline: '2020-06-30' })], '2020-05').get(1)!.overdue).toBe(false);
    expect(asOf([row(1, null, { status: '推进中', deadline: '2020-07-01' })]).get(1)!.overdue).toBe(false);
  });
  it('is never a done row', () => {
    expect(asOf([row(1, null, { status: '已完成', deadline: '2020-03-31' })]).get(1)!.overdue).toBe(false);
  });
  it('is judged against the month viewed, not today', () => {
    // A 2020 ledger viewed as of March 2020: the June deadline has not come yet.
    expect(asOf([row(1, null, { deadline: '2020-06-30' })], '2020-03').get(1)!.overdue).toBe(false);
  });
  it("takes the parent's deadline when the row states none, but not when it says 长期坚持", () => {
    const blank = { ...row(2, 1, { status: '推进中' }), inheritsDeadline: true };
    const standing = { ...row(3, 1, { status: '推进中' }), inheritsDeadline: false };
    const facts = asOf([row(1, null, { deadline: '2020-06-30' }), blank, standing]);
    expect(facts.get(2)).toMatchObject({ overdue: true, expected: 100 });
    expect(facts.get(3)).toMatchObject({ overdue: false, expected: 50 });
  });
  it('spreads up from an overdue child; rows without a date are never overdue by themselves', () => {
    const facts = asOf([row(1, null), row(2, 1, { deadline: '2020-05-31', status: '推进中' }), row(3, 1)]);
    expect(facts.get(3)!.overdue).toBe(false);
    expect(facts.get(1)!.overdue).toBe(true);
  });
});

describe('序时进度', () => {
  it('is 100 × month(M) / month(D) with a deadline in the year', () => {
    expect(expectedProgress('2020-12-31', '2020-06')).toBe(50);
    expect(expectedProgress('2020-09-30', '2020-06')).toBe(66.7);
  });
  it('is 100 once the deadline has passed, and in its month', () => {
    expect(expectedProgress('2020-03-31', '2020-06')).toBe(100);
    expect(expectedProgress('2020-06-15', '2020-06')).toBe(100);
  });
  it('is 100 × month(M) / 12 without a date', () => {
    expect(expectedProgress(null, '2020-03')).toBe(25);
    expect(expectedProgress(null, '2020-12')).toBe(100);
  });
});

describe('lights', () => {
  it('by the gap: ≤ 10 green, ≤ 30 yellow, above red; thresholds settable', () => {
    expect(lightForGap(50, 40)).toBe('green');
    expect(lightForGap(50, 39)).toBe('yellow');
    expect(lightForGap(50, 20)).toBe('yellow');
    expect(lightForGap(50, 19)).toBe('red');
    expect(lightForGap(50, 45, { green: 0, yellow: 5 })).toBe('yellow');
    const facts = computeAsOf([row(1, null, { pct: '45%' })], '2020-06', { ...RULES, thresholds: { green: 0, yellow: 5 } });
    expect(facts.get(1)!.light).toBe('yellow');
  });
  it('done is green, even far behind 序时', () => {
    expect(asOf([row(1, null, { status: '已完成', pct: '10%', deadline: '2020-01-31' })]).get(1)!.light).toBe('green');
  });
  it('overdue is red, even at 序时', () => {
    expect(asOf([row(1, null, { status: '推进中', pct: '100%', deadline: '2020-05-31' })]).get(1)!.light).toBe('red');
  });
  it("an unreported row with children takes its worst child's light", () => {
    const facts = asOf([row(1, null), row(2, 1, { pct: '50%' }), row(3, 1, { pct: '25%' })]);
    expect(facts.get(2)!.light).toBe('green');
    expect(facts.get(3)!.light).toBe('yellow');
    expect(facts.get(1)!.light).toBe('yellow');
  });
  it('a reported parent is lit by its own gap', () => {
    const facts = asOf([row(1, null, { pct: '50%' }), row(2, 1, { pct: '0%' })]);
    expect(facts.get(1)!.light).toBe('green');
  });
});

describe('the default month', () => {
  const now = new Date(2026, 11, 1);
  it('is the latest month with data', () => {
    expect(defaultPeriod(['2020-05', '2020-06', '2020-03'], 2020, now)).toBe('2020-06');
  });
  it('is this month for this year\'s ledger (or one without a year) with no data', () => {
    expect(defaultPeriod([], 2026, now)).toBe('2026-12');
    expect(defaultPeriod([], null, now)).toBe('2026-12');
  });
  it("is December of a past year's ledger, January of a coming year's", () => {
    expect(defaultPeriod([], 2020, now)).toBe('2020-12');
    expect(defaultPeriod([], 2027, now)).toBe('2027-01');
  });
  it('knows the last day of a month', () => {
    expect(lastDayOfPeriod('2020-02')).toBe('2020-02-29');
    expect(lastDayOfPeriod('2021-02')).toBe('2021-02-28');
    expect(lastDayOfPeriod('2020-12')).toBe('2020-12-31');
  });
});

describe('deep trees', () => {
  it('roll up without recursion', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i + 1, i === 0 ? null : i, i === 19_999 ? { status: '已完成' } : {}));
    expect(asOf(rows).get(1)).toMatchObject({ category: 'done', derived: true });
  });
});

describe('AS_OF_FIELDS', () => {
  // The grid recomputes facts after an edit only when a written cell is one of these.
  it('names exactly the cells asOfInput reads', () => {
    const blank = Object.fromEntries(FIELD_KEYS.map((k) => [k, ''])) as Row['values'];
    const base: Row = { id: 1, ledgerId: 1, parentId: null, position: 0, level: 'task', period: '2020-06', values: blank, updatedAt: '' };
    const input = JSON.stringify(asOfInput(base));
    const changing = FIELD_KEYS.filter((k) => JSON.stringify(asOfInput({ ...base, values: { ...blank, [k]: '50%' } })) !== input);
    expect(changing.sort()).toEqual([...AS_OF_FIELDS].sort());
  });
});
