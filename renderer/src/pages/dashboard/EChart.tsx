// One ECharts chart, drawn as SVG (no canvas, fits the page's CSP), only the parts the page uses.
import { useEffect, useRef } from 'react';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
// echarts' `use` registers chart parts; renamed so it is not mistaken for React's `use`.
import { init, use as registerChartParts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { hostChart, type ChartHost } from './chart-host.js';
import type { ChartSpec } from './dashboard-charts.js';
import type { DashboardTarget } from './dashboard-model.js';

registerChartParts([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface EChartProps {
  spec: ChartSpec;
  onPick?: (target: DashboardTarget) => void;
  testId: string;
  label: string;
}

export function EChart({ spec, onPick, testId, label }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartHost<ChartSpec['option']> | null>(null);
  const latest = useRef({ spec, onPick });
  latest.current = { spec, onPick };

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const c = init(el, null, { renderer: 'svg', locale: 'ZH' });
    c.on('click', (params) => {
      if (params.seriesIndex !== 0) return;
      const target = latest.current.spec.targets[params.dataIndex];
      if (target) latest.current.onPick?.(target);
    });
    chart.current = hostChart<ChartSpec['option']>(el, c);
    return () => {
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.show(spec.option);
  }, [spec]);

  return (
    <div
      ref={host}
      className={onPick ? 'chart clickable' : 'chart'}
      style={{ height: spec.height }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
