// The 统计 page's pure pieces: the periods offered, the chart options built from the figures, and what
// a click opens in the workbench (filter + month), down to the rows the workbench then shows.
import { describe, expect, it } from 'vitest';
import { attachAsOf } from '#shared/as-of.js';
import { DEFAULT_STATUS_DEFS } from '#shared/api/workbench-api.js';
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS } from '#shared/fields.js';
import { UnitDirectory } from '#shared/responsibility.js';
import { lightsChart, statusChart, trendChart, unitsChart } from '../../renderer/src/pages/dashboard/dashboard-charts.js';
import { chartUnits, MAX_CHART_UNITS, unitBarColor, unitsChartOption } from '#shared/report-charts.js';
import {
  attentionRows,
  defaultReportPeriod,
  intentFor,
  monthList,
  periodOptions,
  rankChange,
} from '../../renderer/src/pages/dashboard/dashboard-model.js';
import { EMPTY_VIEW, TreeIndex, visibleRows, withDepth } from '../../renderer/src/pages/workbench/grid-model.js';

const totals = { tasks: 7, done: 2, inProgress: 3, notStarted: 0, lagging: 2, overdue: 1, completionRate: 28.6, green: 3, yellow: 1, red: 3 };
const unit = (name: string, rank: number, completionRate: number) => ({
  unit: name,
  kind: null,
  assignments: 2,
  done: 1,
  overdue: 0,
  completionRate,
  meanProgress: 50,
  green: 1,
  yellow: 0,
  red: 1,
  reported: true,
  rank,
});
const figures = {
  asOf: '2020-06',
  totals,
  units: [unit('东元中学', 2, 50), unit('和平小学', 1, 100), unit('规划建设科', 3, 0)],
  trend: [
    { period: '2020-04', tasks: 7, done: 0, completionRate: 0, green: 1, yellow: 2, red: 4 },
    { period: '2020-05', tasks: 7, done: 1, completionRate: 14.3, green: 2, yellow: 2, red: 3 },
    { period: '2020-06', tasks: 7, done: 2, completionRate: 28.6, green: 3, yellow: 1, red: 3 },
  ],
};

describe('periods of the 统计 page', () => {
  it('offers the months of a 2020 ledger plus months with data, its quarters and its year, newest first', () => {
    const months = periodOptions('monthly', 2020, ['2020-06', '2020-05', '2019-12'], '2020-06');
    expect(months.map((o) => o.value)).toEqual([
      '2020-12', '2020-11', '2020-10', '2020-09', '2020-08', '2020-07', '2020-06', '2020-05', '2020-04', '2020-03', '2020-02', '2020-01', '2019-12',
    ]);
    expect(months.find((o) => o.value === '2020-06')!.label).toBe('2020年6月 ●');
    expect(months.find((o) => o.value === '2020-07')!.label).toBe('2020年7月');
    expect(periodOptions('quarterly', 2020, ['2020-06'], '2020-06').map((o) => o.label)).toEqual([
      '2020年第四季度',
      '2020年第三季度',
      '2020年第二季度',
      '2020年第一季度',
    ]);
    expect(periodOptions('annual', 2020, ['2020-06'], '2020-06')).toEqual([{ value: '2020', label: '2020年度' }]);
    // A ledger without a year: the default month's year.
    expect(periodOptions('annual', null, [], '2021-03').map((o) => o.value)).toEqual(['2021']);
  });

  it('defaults to the period holding the ledger\'s default month', () => {
    expect(defaultReportPeriod('monthly', '2020-06')).toBe('2020-06');
    expect(defaultReportPeriod('quarterly', '2020-06')).toBe('2020-Q2');
    expect(defaultReportPeriod('quarterly', '2020-07')).toBe('2020-Q3');
    expect(defaultReportPeriod('annual', '2020-06')).toBe('2020');
  });
});

describe('chart options', () => {
  it('draws the status donut from the totals, skipping empty categories, each slice opening its category', () => {
    const spec = statusChart(figures);
    const data = (spec.option.series as { data: { name: string; value: number }[] }[])[0]!.data;
    expect(data.map((d) => [d.name, d.value])).toEqual([
      ['已完成', 2],
      ['推进中', 3],
      ['滞后', 2],
    ]);
    expect(spec.targets).toEqual([
      { kind: 'category', category: 'done' },
      { kind: 'category', category: 'inProgress' },
      { kind: 'category', category: 'lagging' },
    ]);
  });

  it('draws one bar per light and one per unit in rank order (first at the top)', () => {
    const lights = lightsChart(figures);
    expect((lights.option.series as { data: { value: number }[] }[])[0]!.data.map((d) => d.value)).toEqual([3, 1, 3]);
    expect(lights.targets.map((t) => t && 'light' in t && t.light)).toEqual(['green', 'yellow', 'red']);

    const units = unitsChart(figures);
    // Category axes draw bottom-up: the last entry is the top bar.
    expect((units.option.yAxis as { data: string[] }).data).toEqual(['3. 规划建设科', '2. 东元中学', '1. 和平小学']);
    expect((units.option.series as { data: { value: number }[] }[])[0]!.data.map((d) => d.value)).toEqual([0, 50, 100]);
    expect(units.targets.at(-1)).toEqual({ kind: 'unit', unit: '和平小学' });
  });

  it('colours each unit bar by its worst light, and shows every unit on screen (the document the first 30)', () => {
    const many = { ...figures, units: Array.from({ length: 40 }, (_, i) => ({ ...figures.units[0]!, unit: `单位${i + 1}`, rank: i + 1 })) };
    expect(unitsChart(many).targets).toHaveLength(40);
    expect((unitsChartOption(many).series as { data: unknown[] }[])[0]!.data).toHaveLength(MAX_CHART_UNITS);
    const bars = (unitsChart(figures).option.series as { data: { itemStyle: { color: string } }[] }[])[0]!.data;
    expect(bars.map((b) => b.itemStyle.color)).toEqual(chartUnits(figures.units).map(unitBarColor));
    // On screen no title (the panel heads the chart) and a tooltip; the document's chart has a title.
    expect(unitsChart(figures).option.title).toBeUndefined();
    expect(unitsChart(figures).option.tooltip).toBeDefined();
    expect(unitsChartOption(figures).title).toBeDefined();
  });

  it('draws the month-by-month trend: the lights stacked, and 完成率', () => {
    const spec = trendChart(figures);
    expect((spec.option.xAxis as { data: string[] }).data).toEqual(['4月', '5月', '6月']);
    const series = spec.option.series as { name: string; data: number[] }[];
    expect(series.map((s) => s.name)).toEqual(['绿灯', '黄灯', '红灯', '完成率']);
    expect(series[2]!.data).toEqual([4, 3, 3]);
    expect(series[3]!.data).toEqual([0, 14.3, 28.6]);
    expect(spec.targets.every((t) => t === null)).toBe(true);
  });
});

describe('click-through to the workbench', () => {
  it('turns a click into a filter as of the figures\' month', () => {
    expect(intentFor({ kind: 'unit', unit: '和平小学' }, figures)).toEqual({ view: { unit: '和平小学' }, period: '2020-06', label: '和平小学（截至2020年6月）' });
    expect(intentFor({ kind: 'light', light: 'red' }, figures).view).toEqual({ light: 'red' });
    expect(intentFor({ kind: 'category', category: 'lagging' }, figures).label).toBe('滞后（截至2020年6月）');
    expect(intentFor({ kind: 'overdue' }, figures).view).toEqual({ overdue: true });
    const item = { rowId: 5, code: '1', task: 't', units: [], light: 'red' as const, overdue: true, progress: 0, expected: 50, items: [{ rowId: 7, text: '', units: [], light: 'red' as const, overdue: true, progress: 0, expected: 50 }] };
    expect(intentFor({ kind: 'rows', rowIds: attentionRows(item) }, { asOf: '2020-09' })).toMatchObject({ view: { rowIds: [5, 7] }, period: '2020-09' });
  });

  it('the workbench then shows the rows with that light, category or id as of the month, with their ancestors', () => {
    const r = (id: number, parentId: number | null, level: Row['level'], values: Partial<Row['values']>, deadlineDate: string | null): Row => ({
      id,
      ledgerId: 1,
      parentId,
      position: 0,
      level,
      period: '2020-06',
      values: { ...(Object.fromEntries(FIELD_KEYS.map((k) => [k, ''])) as Row['values']), ...values },
      updatedAt: '',
      deadlineDate,
      periods: { status: '2020-06', progressPct: '2020-06' },
    });
    const statuses = DEFAULT_STATUS_DEFS.map((s) => ({ label: s.label, category: s.category ?? (s.done ? ('done' as const) : ('inProgress' as const)) }));
    const rows = withDepth(
      attachAsOf(
        [
          r(1, null, 'section', { task: '布局' }, null),
          r(2, 1, 'task', { code: '1', task: '已完成的', status: '已完成', deadline: '年底前' }, '2020-12-31'),
          r(3, 1, 'task', { code: '2', task: '落后的', status: '推进中', progressPct: '0%', deadline: '6月底前' }, '2020-06-30'),
          r(4, 1, 'task', { code: '3', task: '正常的', status: '推进中', progressPct: '50%', deadline: '年底前' }, '2020-12-31'),
        ],
        '2020-06',
        { statuses },
      ),
    );
    const tree = new TreeIndex(rows);
    const ctx = { statuses: DEFAULT_STATUS_DEFS, units: new UnitDirectory([]), today: '2026-01-01' };
    const show = (view: Partial<typeof EMPTY_VIEW>) => [...visibleRows(rows, { ...EMPTY_VIEW, ...view }, ctx, tree)!].sort();
    expect(show({ light: 'red' })).toEqual([1, 3]);
    expect(show({ light: 'green' })).toEqual([1, 2, 4]);
    expect(show({ category: 'done' })).toEqual([1, 2]);
    // Overdue as of June 2020 (row 3, due 6月底), not as of today (when row 4 would be too).
    expect(show({ overdue: true })).toEqual([1, 3]);
    expect(show({ rowIds: [4] })).toEqual([1, 4]);
  });

  it('says how a unit moved in the ranking and which months it missed', () => {
    expect(rankChange(1, 3)).toEqual({ text: '↑2', dir: 'up' });
    expect(rankChange(4, 3)).toEqual({ text: '↓1', dir: 'down' });
    expect(rankChange(2, 2).dir).toBe('same');
    expect(rankChange(2, null).dir).toBe('new');
    expect(monthList(['2020-05', '2020-07'])).toBe('5月、7月');
    expect(monthList([])).toBe('—');
  });
});
