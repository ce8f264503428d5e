// The 统计 page's charts: the option builders of shared/report-charts.ts (the same charts as the Word
// 公文, in their interactive form) plus, per data item of the first series, what a click on it opens.
import type { EChartsOption } from 'echarts';
import type { ReportFiguresDto } from '#shared/api/report-api.js';
import {
  CHART_LIGHTS,
  chartUnits,
  lightsChartOption,
  statusCategories,
  statusChartOption,
  trendChartOption,
  unitsChartOption,
  type ChartOptions,
} from '#shared/report-charts.js';
import type { DashboardTarget } from './dashboard-model.js';

/** An option and, per data index of its first series, what a click on that item opens. */
export interface ChartSpec {
  option: EChartsOption;
  targets: (DashboardTarget | null)[];
  /** Pixel height the chart wants (the unit bars grow with the number of units). */
  height: number;
}

type Figures = Pick<ReportFiguresDto, 'totals' | 'units' | 'trend'>;

/** On screen: tooltips, no titles, every unit. */
const SCREEN: ChartOptions = { interactive: true, maxUnits: Infinity };

/** 任务状态: each slice opens its category. */
export function statusChart(figures: Figures): ChartSpec {
  return {
    height: 240,
    targets: statusCategories(figures).map((category) => ({ kind: 'category', category })),
    option: statusChartOption(figures, SCREEN),
  };
}

/** 亮灯情况: each bar opens its light. */
export function lightsChart(figures: Figures): ChartSpec {
  return { height: 240, targets: CHART_LIGHTS.map((light) => ({ kind: 'light', light })), option: lightsChartOption(figures, SCREEN) };
}

/** 各单位完成率: each bar opens its unit. */
export function unitsChart(figures: Figures): ChartSpec {
  const shown = chartUnits(figures.units, SCREEN);
  return {
    height: Math.max(200, 26 * shown.length + 50),
    targets: shown.map((u) => ({ kind: 'unit', unit: u.unit })),
    option: unitsChartOption(figures, SCREEN),
  };
}

/** 逐月趋势 (季/年): not clickable. */
export function trendChart(figures: Figures): ChartSpec {
  return { height: 260, targets: figures.trend.map(() => null), option: trendChartOption(figures, SCREEN) };
}
