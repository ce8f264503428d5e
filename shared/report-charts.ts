// The charts of the reports as Apache ECharts options, built from the figures. Pure (no Node, no DOM):
// the backend renders them server-side to PNG for the Word document, the 统计 page renders the same
// options in the browser (`{ interactive: true }`: tooltips, no title — the page heads each chart —,
// every unit, the units' ranks on their axis).
import type { EChartsOption } from 'echarts';
import { CATEGORIES, CATEGORY_LABELS, LIGHT_LABELS, LIGHTS, type Category, type Light } from './as-of.js';
import type { ReportFigures } from './report-figures.js';

export const CHART_COLORS = {
  done: '#2e7d32',
  inProgress: '#1565c0',
  notStarted: '#9e9e9e',
  lagging: '#c62828',
  green: '#43a047',
  yellow: '#f9a825',
  red: '#e53935',
} as const;

export type ReportChartId = 'status' | 'units' | 'lights' | 'trend';

export interface ReportChart {
  id: ReportChartId;
  title: string;
  width: number;
  height: number;
  option: EChartsOption;
}

/** The most units one bar chart of the document shows (the table lists all of them). */
export const MAX_CHART_UNITS = 30;

/** What the charts read of the figures. */
export type ChartFigures = Pick<ReportFigures, 'totals' | 'units' | 'trend'>;

export interface ChartOptions {
  /** On screen: tooltips, no title (the page heads the chart), less margin. Default: the document's static chart. */
  interactive?: boolean;
  /** The most units the bar chart shows, by rank (default MAX_CHART_UNITS). */
  maxUnits?: number;
}

const base = (title: string, subtitle: string | undefined, o: ChartOptions): EChartsOption =>
  o.interactive
    ? { animation: false, textStyle: { fontSize: 12, fontFamily: 'Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif' } }
    : {
        animation: false,
        backgroundColor: '#ffffff',
        textStyle: { fontSize: 13 },
        title: { text: title, subtext: subtitle, left: 'center', textStyle: { fontSize: 16 } },
      };

/** The grid's top: room for the title and subtitle in the document. */
const top = (o: ChartOptions, forTitle: number, onScreen: number) => (o.interactive ? onScreen : forTitle);

/** The categories the status donut draws, in order: those with tasks (all four when none has any). */
export function statusCategories(figures: ChartFigures): Category[] {
  const some = CATEGORIES.filter((c) => figures.totals[c] > 0);
  return some.length ? some : [...CATEGORIES];
}

/** The lights the lights chart draws, one bar each, in order. */
export const CHART_LIGHTS: readonly Light[] = LIGHTS;

/** The colour of a unit's bar: its worst light. */
export function unitBarColor(u: Pick<ReportFigures['units'][number], 'red' | 'yellow'>): string {
  return u.red > 0 ? CHART_COLORS.red : u.yellow > 0 ? CHART_COLORS.yellow : CHART_COLORS.green;
}

/** The units the bar chart draws, bottom-up (category axes draw bottom-up: the first rank is last, on top). */
export function chartUnits<U extends { rank: number }>(units: readonly U[], o: ChartOptions = {}): U[] {
  return [...units]
    .sort((a, b) => a.rank - b.rank)
    .slice(0, o.maxUnits ?? MAX_CHART_UNITS)
    .reverse();
}

/** 任务完成情况: done / in progress / not started / lagging. */
export function statusChartOption(figures: ChartFigures, o: ChartOptions = {}): EChartsOption {
  const t = figures.totals;
  return {
    ...base('重点任务完成情况', `共${t.tasks}项，完成率${t.completionRate.toFixed(1)}%`, o),
    ...(o.interactive ? { tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' } } : {}),
    legend: o.interactive ? { bottom: 0, icon: 'circle', itemWidth: 10, itemHeight: 10 } : { bottom: 4 },
    series: [
      {
        type: 'pie',
        name: '任务状态',
        radius: o.interactive ? ['42%', '68%'] : ['35%', '62%'],
        center: o.interactive ? ['50%', '44%'] : ['50%', '52%'],
        label: o.interactive ? { formatter: '{b}\n{c}项', fontSize: 12 } : { formatter: '{b}\n{c}项（{d}%）' },
        data: statusCategories(figures).map((c) => ({ name: CATEGORY_LABELS[c], value: t[c], itemStyle: { color: CHART_COLORS[c] } })),
      },
    ],
  };
}

/** 亮灯情况: green / yellow / red tasks. */
export function lightsChartOption(figures: ChartFigures, o: ChartOptions = {}): EChartsOption {
  const t = figures.totals;
  return {
    ...base('序时进度亮灯情况', `逾期${t.overdue}项`, o),
    ...(o.interactive ? { tooltip: { trigger: 'item', formatter: '{b}：{c} 项' } } : {}),
    grid: o.interactive ? { left: 40, right: 16, top: 24, bottom: 28 } : { left: 48, right: 24, top: 64, bottom: 36 },
    xAxis: { type: 'category', data: CHART_LIGHTS.map((l) => LIGHT_LABELS[l]) },
    yAxis: { type: 'value', minInterval: 1, name: o.interactive ? undefined : '项' },
    series: [
      {
        type: 'bar',
        name: '亮灯',
        barWidth: '45%',
        ...(o.interactive ? { barMaxWidth: 48 } : {}),
        label: { show: true, position: 'top', formatter: '{c}项' },
        data: CHART_LIGHTS.map((l) => ({ value: t[l], itemStyle: { color: CHART_COLORS[l] } })),
      },
    ],
  };
}

/** 各单位完成率, ranked (the first `maxUnits`). */
export function unitsChartOption(figures: ChartFigures, o: ChartOptions = {}): EChartsOption {
  const shown = chartUnits(figures.units, o);
  const all = figures.units.length;
  const subtitle = all > shown.length ? `按名次前${shown.length}个单位（共${all}个）` : `共${all}个单位`;
  return {
    ...base('各单位任务完成率', subtitle, o),
    ...(o.interactive
      ? { tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${String(v)}%` } }
      : {}),
    grid: { left: 8, right: o.interactive ? 48 : 56, top: top(o, 64, 8), bottom: 24, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: shown.map((u) => (o.interactive ? `${u.rank}. ${u.unit}` : u.unit)),
      axisLabel: { fontSize: 12 },
      axisTick: { show: !o.interactive },
    },
    series: [
      {
        type: 'bar',
        name: '完成率',
        barMaxWidth: o.interactive ? 16 : 18,
        ...(o.interactive ? { showBackground: true, backgroundStyle: { color: 'rgba(180, 180, 180, 0.12)' } } : {}),
        label: { show: true, position: 'right', formatter: '{c}%' },
        data: shown.map((u) => ({ value: u.completionRate, itemStyle: { color: unitBarColor(u) } })),
      },
    ],
  };
}

/** 月度趋势: completion rate by month and the lights' counts. */
export function trendChartOption(figures: ChartFigures, o: ChartOptions = {}): EChartsOption {
  const months = figures.trend.map((p) => `${Number(p.period.slice(5))}月`);
  const stack = (name: string, key: Light) => ({
    name,
    type: 'bar' as const,
    stack: 'lights',
    yAxisIndex: 1,
    barMaxWidth: 28,
    itemStyle: { color: CHART_COLORS[key] },
    data: figures.trend.map((p) => p[key]),
  });
  return {
    ...base('逐月推进趋势', undefined, o),
    ...(o.interactive ? { tooltip: { trigger: 'axis' } } : {}),
    legend: { bottom: o.interactive ? 0 : 4 },
    grid: o.interactive ? { left: 48, right: 40, top: 32, bottom: 48 } : { left: 56, right: 56, top: 56, bottom: 56 },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', name: '完成率', max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', name: '任务数', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      stack('绿灯', 'green'),
      stack('黄灯', 'yellow'),
      stack('红灯', 'red'),
      {
        name: '完成率',
        type: 'line',
        yAxisIndex: 0,
        symbolSize: 7,
        lineStyle: { width: 3, color: CHART_COLORS.inProgress },
        itemStyle: { color: CHART_COLORS.inProgress },
        label: { show: true, formatter: '{c}%' },
        data: figures.trend.map((p) => p.completionRate),
      },
    ],
  };
}

/** The charts of one report, in the order the document shows them (the trend only for 季点评 and 年考核). */
export function reportCharts(figures: ReportFigures): ReportChart[] {
  const charts: ReportChart[] = [
    { id: 'status', title: '重点任务完成情况', width: 720, height: 400, option: statusChartOption(figures) },
    { id: 'lights', title: '序时进度亮灯情况', width: 720, height: 360, option: lightsChartOption(figures) },
    {
      id: 'units',
      title: '各单位任务完成率',
      width: 720,
      height: Math.max(240, 96 + 24 * Math.min(figures.units.length, MAX_CHART_UNITS)),
      option: unitsChartOption(figures),
    },
  ];
  if (figures.kind !== 'monthly' && figures.trend.length) {
    charts.push({ id: 'trend', title: '逐月推进趋势', width: 720, height: 400, option: trendChartOption(figures) });
  }
  return charts;
}
