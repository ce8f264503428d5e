// ECharts options of the 统计 page, built from report.figures (pure: figures in, option and click
// targets out). shared/report-charts.ts (report-docs branch) builds the charts of the Word 公文; the two
// should be unified once it lands.
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { CATEGORIES, CATEGORY_LABELS, LIGHT_LABELS, LIGHTS, type Category, type Light } from '../../../../shared/as-of.js';
import type { ReportFiguresDto } from '../../../../shared/api/report-api.js';
import type { DashboardTarget } from './dashboard-model.js';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** An option and, per data index of its first series, what a click on that item opens. */
export interface ChartSpec {
  option: ChartOption;
  targets: (DashboardTarget | null)[];
  /** Pixel height the chart wants (the unit bars grow with the number of units). */
  height: number;
}

type Figures = Pick<ReportFiguresDto, 'totals' | 'units' | 'trend'>;

export const CATEGORY_COLORS: Readonly<Record<Category, string>> = {
  done: '#2ba471',
  inProgress: '#3370ff',
  notStarted: '#a0a4ab',
  lagging: '#e37318',
};
export const LIGHT_COLORS: Readonly<Record<Light, string>> = { green: '#2ba471', yellow: '#f0b400', red: '#d54941' };
/** The unit bars' colour (also how tests find the bars in the SVG). */
export const UNIT_BAR_COLOR = '#4a7ff7';

const TEXT = { fontFamily: 'Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif', color: '#1f2329' };

/** 任务状态: a donut of the task rows by category as of the month. */
export function statusChart(figures: Figures): ChartSpec {
  const cats = CATEGORIES.filter((c) => figures.totals[c] > 0);
  return {
    height: 240,
    targets: cats.map((category) => ({ kind: 'category', category })),
    option: {
      textStyle: TEXT,
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' },
      legend: { bottom: 0, icon: 'circle', itemWidth: 10, itemHeight: 10 },
      series: [
        {
          type: 'pie',
          name: '任务状态',
          radius: ['42%', '68%'],
          center: ['50%', '44%'],
          label: { formatter: '{b}\n{c}项', fontSize: 12 },
          data: cats.map((c) => ({ name: CATEGORY_LABELS[c], value: figures.totals[c], itemStyle: { color: CATEGORY_COLORS[c] } })),
        },
      ],
    },
  };
}

/** 亮灯情况: one bar per light. */
export function lightsChart(figures: Figures): ChartSpec {
  return {
    height: 240,
    targets: LIGHTS.map((light) => ({ kind: 'light', light })),
    option: {
      textStyle: TEXT,
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}：{c} 项' },
      grid: { left: 40, right: 16, top: 24, bottom: 28 },
      xAxis: { type: 'category', data: LIGHTS.map((l) => LIGHT_LABELS[l]) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: '亮灯',
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: LIGHTS.map((l) => ({ value: figures.totals[l], itemStyle: { color: LIGHT_COLORS[l] } })),
        },
      ],
    },
  };
}

/** 各单位完成率: horizontal bars in rank order (first at the top). */
export function unitsChart(figures: Figures): ChartSpec {
  const units = [...figures.units].sort((a, b) => a.rank - b.rank);
  const shown = [...units].reverse();
  return {
    height: Math.max(200, 26 * units.length + 50),
    targets: shown.map((u) => ({ kind: 'unit', unit: u.unit })),
    option: {
      textStyle: TEXT,
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}%` },
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: shown.map((u) => `${u.rank}. ${u.unit}`), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: '完成率',
          barMaxWidth: 16,
          itemStyle: { color: UNIT_BAR_COLOR, borderRadius: [0, 3, 3, 0] },
          showBackground: true,
          backgroundStyle: { color: 'rgba(180, 180, 180, 0.12)' },
          label: { show: true, position: 'right', formatter: '{c}%' },
          data: shown.map((u) => u.completionRate),
        },
      ],
    },
  };
}

/** 逐月趋势 (季/年): 完成率 by month, and the red lights on a second axis. */
export function trendChart(figures: Figures): ChartSpec {
  const months = figures.trend.map((t) => `${Number(t.period.slice(5, 7))}月`);
  return {
    height: 240,
    targets: figures.trend.map(() => null),
    option: {
      textStyle: TEXT,
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 44, right: 40, top: 20, bottom: 48 },
      xAxis: { type: 'category', data: months, boundaryGap: false },
      yAxis: [
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'line',
          name: '完成率',
          data: figures.trend.map((t) => t.completionRate),
          itemStyle: { color: '#3370ff' },
          label: { show: true, formatter: '{c}%' },
        },
        { type: 'line', name: '红灯', yAxisIndex: 1, data: figures.trend.map((t) => t.red), itemStyle: { color: LIGHT_COLORS.red } },
      ],
    },
  };
}
