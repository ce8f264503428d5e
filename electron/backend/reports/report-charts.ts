// The report charts as PNG images for the Word document: the option builders of shared/report-charts.ts
// rendered server-side by Apache ECharts to SVG (no DOM), then rasterised by resvg with a CJK font.
// resvg is the slow part: each glyph of a text costs a read of its font file, so the charts are drawn with the
// CJK font subset to their characters (chart-font.ts), and the charts keep their labels few.
// ECharts and resvg are loaded on first use: importing ECharts costs a second at every start of serve or the app.
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { reportCharts, type ReportChart, type ReportChartId } from '#shared/report-charts.js';
import type { ReportFigures } from '#shared/report-figures.js';
import { chartCharacters, chartFontFamily, chartFontFor, type ChartFontOptions } from './chart-font.js';

export interface ChartImage {
  id: ReportChartId;
  title: string;
  /** Size in CSS pixels the chart was laid out at; the PNG has `scale` times as many pixels. */
  width: number;
  height: number;
  png: Uint8Array;
}

/** The scale of the PNG against the layout size (2: sharp when printed at ~15 cm). */
export const CHART_SCALE = 2;

type ECharts = typeof import('echarts');

/** One chart as SVG text, rendered server-side by ECharts. */
function chartSvg(echarts: ECharts, chart: ReportChart): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height });
  try {
    instance.setOption({ textStyle: { fontFamily: chartFontFamily() } });
    instance.setOption(chart.option);
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

const pngOptions = (font: ChartFontOptions, scale: number): ResvgRenderOptions => ({ font, fitTo: { mode: 'zoom', value: scale }, background: '#ffffff' });

/**
 * Every chart of a report as PNG, rasterised on resvg's thread pool so the caller writes the other documents
 * meanwhile. One chart at a time: three at once on 2 cores were slower (5.5 s against 3.8 s one after another),
 * and each text glyph reads the font file, so they would only compete for the same core and disk cache.
 */
export async function renderReportCharts(figures: ReportFigures): Promise<ChartImage[]> {
  const [echarts, { renderAsync }] = await Promise.all([import('echarts'), import('@resvg/resvg-js')]);
  const charts = reportCharts(figures).map((chart) => ({ chart, svg: chartSvg(echarts, chart) }));
  // Every chart's text is known before the first is drawn: one font subset serves them all.
  const font = await chartFontFor(chartCharacters(charts.map((c) => c.svg)));
  const images: ChartImage[] = [];
  for (const { chart, svg } of charts) {
    const png = await renderAsync(svg, pngOptions(font, CHART_SCALE));
    images.push({ id: chart.id, title: chart.title, width: chart.width, height: chart.height, png: new Uint8Array(png.asPng()) });
  }
  return images;
}
