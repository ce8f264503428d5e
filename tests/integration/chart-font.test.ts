// The report charts drawn with the CJK font subset to their characters (reports/chart-font.ts): the PNGs
// renderReportCharts makes are the pixels of the same charts drawn with the full font files, and their Chinese
// text is drawn (they differ from the charts without text). Needs a CJK font of chart-font.ts's list (CI has Noto).
import fs from 'node:fs';
import os from 'node:os';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { describe, expect, it, vi } from 'vitest';
import { reportCharts, type ReportChart } from '#shared/report-charts.js';
import type { ReportFigures } from '#shared/report-figures.js';
import { chartCharacters, chartFontFamily, chartFontFor, faceIndexOf, fullChartFont } from '../../electron/backend/reports/chart-font.js';
import { CHART_SCALE, renderReportCharts } from '../../electron/backend/reports/report-charts.js';
import { unitFigure as unit } from '../helpers/report-figures.js';

const figures: ReportFigures = {
  kind: 'monthly',
  period: '2020-06',
  label: '2020年6月',
  asOf: '2020-06',
  totals: { tasks: 33, done: 12, inProgress: 18, notStarted: 0, lagging: 3, overdue: 2, completionRate: 36.4, green: 20, yellow: 7, red: 6 },
  tasks: [],
  units: [unit('和平小学', 1, 75), unit('东元中学', 2, 50), unit('汉都第三幼儿园', 3, 25), unit('基础教育科', 4, 0)],
  attention: [],
  completedInQuarter: [],
  turnedRed: [],
  trend: [],
  scheme: null,
};

function chartSvg(chart: ReportChart): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height });
  instance.setOption({ textStyle: { fontFamily: chartFontFamily() } });
  instance.setOption(chart.option);
  const svg = instance.renderToSVGString();
  instance.dispose();
  return svg;
}

const png = (svg: string, font: ResvgRenderOptions['font']) =>
  Buffer.from(new Resvg(svg, { font, fitTo: { mode: 'zoom', value: CHART_SCALE }, background: '#ffffff' }).render().asPng());

const full = fullChartFont();

// Skipped only off CI: CI installs fonts-noto-cjk, so a missing font there must fail, not hide the test.
describe.skipIf(!full.fontFiles?.length && !process.env.CI)('the chart font subset', () => {
  const svgs = reportCharts(figures).map(chartSvg);

  it('is a small file per font file of the chosen font, under the same family name, reused for the same characters', async () => {
    const chars = chartCharacters(svgs);
    for (const c of '重点任务完成情况和平小学汉都第三幼儿园%') expect(chars.has(c.codePointAt(0)!)).toBe(true);
    const subset = await chartFontFor(chars);
    expect(subset).toMatchObject({ loadSystemFonts: false, defaultFontFamily: full.defaultFontFamily, sansSerifFamily: full.sansSerifFamily });
    expect(subset.fontFiles).toHaveLength(full.fontFiles!.length);
    for (const [i, file] of subset.fontFiles!.entries()) {
      expect(file.startsWith(os.tmpdir())).toBe(true);
      expect(fs.statSync(file).size).toBeLessThan(fs.statSync(full.fontFiles![i]!).size / 20);
      expect(faceIndexOf(new Uint8Array(fs.readFileSync(file)), chartFontFamily())).toBe(0);
    }
    expect(await chartFontFor(new Set(chars))).toBe(subset);
  });

  it('falls back to the full font files when the subset cannot be made', async () => {
    // A font file that cannot be read (here: every read of it fails) leaves the charts drawn with the full files.
    const read = fs.readFileSync;
    const spy = vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (full.fontFiles!.includes(String(file))) throw new Error('EIO: unreadable font');
      return (read as (...a: unknown[]) => unknown)(file, ...rest);
    }) as typeof fs.readFileSync);
    try {
      // Characters no other test asks for: not a subset made before.
      const chars = chartCharacters(['回退到完整字体']);
      expect(await chartFontFor(chars)).toBe(full);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('draws the charts of a report with the Chinese text as the full font does', async () => {
    const images = await renderReportCharts(figures);
    expect(images).toHaveLength(svgs.length);
    for (const [i, svg] of svgs.entries()) {
      const withFullFont = png(svg, full);
      const withoutText = png(svg.replace(/<text[\s\S]*?<\/text>/g, ''), full);
      expect(withFullFont.equals(withoutText)).toBe(false);
      expect(Buffer.from(images[i]!.png).equals(withFullFont), `chart ${images[i]!.id}`).toBe(true);
    }
  }, 120_000);
});
