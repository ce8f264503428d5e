// The charts of the reports as Apache ECharts options, built from the figures. Pure (no Node, no DOM):
// the backend renders them server-side to PNG for the Word document, the 统计 page renders the same
// options in the browser.
import type { EChartsOption } from 'echarts';
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

/** The most units one bar chart shows (the table lists all of them). */
export const MAX_CHART_UNITS = 30;

const base = (title: string, subtitle?: string): EChartsOption => ({
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontSize: 13 },
  title: { text: title, subtext: subtitle, left: 'center', textStyle: { fontSize: 16 } },
});

/** 任务完成情况: done / in progress / not started / lagging. */
export function statusChartOption(figures: ReportFigures): EChartsOption {
  const t = figures.totals;
  const data = [
    { name: '已完成', value: t.done, itemStyle: { color: CHART_COLORS.done } },
    { name: '推进中', value: t.inProgress, itemStyle: { color: CHART_COLORS.inProgress } },
    { name: '未启动', value: t.notStarted, itemStyle: { color: CHART_COLORS.notStarted } },
    { name: '滞后', value: t.lagging, itemStyle: { color: CHART_COLORS.lagging } },
  ];
  return {
    ...base('重点任务完成情况', `共${t.tasks}项，完成率${t.completionRate.toFixed(1)}%`),
    legend: { bottom: 4 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '62%'],
        center: ['50%', '52%'],
        label: { formatter: '{b}\n{c}项（{d}%）' },
        data: data.filter((d) => d.value > 0).length ? data.filter((d) => d.value > 0) : data,
      },
    ],
  };
}

/** 亮灯情况: green / yellow / red tasks. */
export function lightsChartOption(figures: ReportFigures): EChartsOption {
  const t = figures.totals;
  const names = ['绿灯', '黄灯', '红灯'];
  return {
    ...base('序时进度亮灯情况', `逾期${t.overdue}项`),
    grid: { left: 48, right: 24, top: 64, bottom: 36 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', minInterval: 1, name: '项' },
    series: [
      {
        type: 'bar',
        barWidth: '45%',
        label: { show: true, position: 'top', formatter: '{c}项' },
        data: [
          { value: t.green, itemStyle: { color: CHART_COLORS.green } },
          { value: t.yellow, itemStyle: { color: CHART_COLORS.yellow } },
          { value: t.red, itemStyle: { color: CHART_COLORS.red } },
        ],
      },
    ],
  };
}

/** 各单位完成率, ranked (the first MAX_CHART_UNITS). */
export function unitsChartOption(figures: ReportFigures): EChartsOption {
  const units = figures.units.slice(0, MAX_CHART_UNITS);
  const subtitle = figures.units.length > units.length ? `按名次前${units.length}个单位（共${figures.units.length}个）` : `共${figures.units.length}个单位`;
  // Horizontal bars, the first rank on top.
  const shown = [...units].reverse();
  return {
    ...base('各单位任务完成率', subtitle),
    grid: { left: 8, right: 56, top: 64, bottom: 24, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((u) => u.unit), axisLabel: { fontSize: 12 } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        label: { show: true, position: 'right', formatter: '{c}%' },
        data: shown.map((u) => ({
          value: u.completionRate,
          itemStyle: { color: u.red > 0 ? CHART_COLORS.red : u.yellow > 0 ? CHART_COLORS.yellow : CHART_COLORS.green },
        })),
      },
    ],
  };
}

/** 月度趋势: completion rate by month and the lights' counts. */
export function trendChartOption(figures: ReportFigures): EChartsOption {
  const months = figures.trend.map((p) => `${Number(p.period.slice(5))}月`);
  const stack = (name: string, key: 'green' | 'yellow' | 'red') => ({
    name,
    type: 'bar' as const,
    stack: 'lights',
    yAxisIndex: 1,
    barMaxWidth: 28,
    itemStyle: { color: CHART_COLORS[key] },
    data: figures.trend.map((p) => p[key]),
  });
  return {
    ...base('逐月推进趋势'),
    legend: { bottom: 4 },
    grid: { left: 56, right: 56, top: 56, bottom: 56 },
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
