// The report charts as PNG images for the Word document: the option builders of shared/report-charts.ts
// rendered server-side by Apache ECharts to SVG (no DOM), then rasterised by resvg with a CJK font.
// resvg is the slow part: loading every system font costs ~0.5–1.5 s, and each glyph of a text costs a read of
// its font file (~2–6 ms with the 19 MB Noto Sans CJK collection), so the fonts are chosen once per process (a few
// known CJK font files where present, else the system fonts), and the charts keep their labels few.
import fs from 'node:fs';
// ECharts and resvg are loaded on first use: importing ECharts costs a second at every start of serve or the app.
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { reportCharts, type ReportChart, type ReportChartId } from '#shared/report-charts.js';
import type { ReportFigures } from '#shared/report-figures.js';

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

interface FontChoice {
  family: string;
  files: string[];
}

// CJK fonts by platform, most preferred first: a font's file list is used when its first file exists.
const FONT_CANDIDATES: readonly FontChoice[] = [
  { family: 'Microsoft YaHei', files: ['C:\\Windows\\Fonts\\msyh.ttc', 'C:\\Windows\\Fonts\\msyhbd.ttc'] },
  { family: 'SimHei', files: ['C:\\Windows\\Fonts\\simhei.ttf'] },
  {
    family: 'Noto Sans CJK SC',
    files: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'],
  },
  { family: 'Noto Sans CJK SC', files: ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc'] },
  { family: 'PingFang SC', files: ['/System/Library/Fonts/PingFang.ttc'] },
];

let fontOptions: ResvgRenderOptions['font'] | undefined;

/** The font options for resvg: known CJK font files when present (fast), else every system font. */
export function chartFontOptions(): NonNullable<ResvgRenderOptions['font']> {
  if (!fontOptions) {
    const found = FONT_CANDIDATES.find((c) => fs.existsSync(c.files[0]!));
    fontOptions = found
      ? { loadSystemFonts: false, fontFiles: found.files.filter((f) => fs.existsSync(f)), defaultFontFamily: found.family, sansSerifFamily: found.family }
      : { loadSystemFonts: true, defaultFontFamily: process.platform === 'win32' ? 'Microsoft YaHei' : 'Noto Sans CJK SC' };
  }
  return fontOptions;
}

type ECharts = typeof import('echarts');

/** One chart as SVG text, rendered server-side by ECharts. */
function chartSvg(echarts: ECharts, chart: ReportChart): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height });
  try {
    const font = chartFontOptions().defaultFontFamily;
    instance.setOption({ textStyle: { fontFamily: font } });
    instance.setOption(chart.option);
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

const pngOptions = (scale: number): ResvgRenderOptions => ({ font: chartFontOptions(), fitTo: { mode: 'zoom', value: scale }, background: '#ffffff' });

/**
 * Every chart of a report as PNG, rasterised on resvg's thread pool so the caller writes the other documents
 * meanwhile. One chart at a time: three at once on 2 cores were slower (5.5 s against 3.8 s one after another),
 * and each text glyph reads the font file, so they would only compete for the same core and disk cache.
 */
export async function renderReportCharts(figures: ReportFigures): Promise<ChartImage[]> {
  const [echarts, { renderAsync }] = await Promise.all([import('echarts'), import('@resvg/resvg-js')]);
  const images: ChartImage[] = [];
  for (const chart of reportCharts(figures)) {
    const png = await renderAsync(chartSvg(echarts, chart), pngOptions(CHART_SCALE));
    images.push({ id: chart.id, title: chart.title, width: chart.width, height: chart.height, png: new Uint8Array(png.asPng()) });
  }
  return images;
}
