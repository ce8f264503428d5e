// The report charts drawn with the CJK font subset to their characters (reports/chart-font.ts): the PNGs
// renderReportCharts makes are the pixels of the same charts drawn with the full font files, and their Chinese
// text is drawn (they differ from the charts without text). The subset is made by a worker thread; whatever goes
// wrong there leaves the charts drawn with the full fonts. Needs a CJK font of chart-font.ts's list (CI has Noto).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { afterAll, describe, expect, it } from 'vitest';
import { reportCharts, type ReportChart } from '#shared/report-charts.js';
import type { ReportFigures } from '#shared/report-figures.js';
import { chartCharacters, chartFontFamily, chartFontFor, fullChartFont, stopChartFontWorker, subsetOffThread, useChartFontWorker } from '../../electron/backend/reports/chart-font.js';
import { faceIndexOf } from '../../electron/backend/reports/font-subset.js';
import { CHART_SCALE, renderReportCharts } from '../../electron/backend/reports/report-charts.js';
import { unitFigure as unit } from '../helpers/report-figures.js';
// @ts-expect-error plain .mjs build script without types
import { buildElectron } from '../../scripts/build-electron.mjs';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

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
afterAll(() => stopChartFontWorker());

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

  it('is made off the thread: a timer set before the subset fires before it is ready', async () => {
    // Once the wasm is compiled and the worker started, what is left is the subsetting itself, which on this
    // thread would run to its end before any timer.
    await chartFontFor(chartCharacters(['先编译一次']));
    let fired = false;
    const timer = setTimeout(() => (fired = true), 0);
    const subset = await chartFontFor(chartCharacters(['在另一个线程里裁剪字体']));
    clearTimeout(timer);
    expect(subset.fontFiles![0]).not.toBe(full.fontFiles![0]);
    expect(fired).toBe(true);
  });

  it('is refused, with the reason, for a font file it cannot cut down', async () => {
    const notAFont = path.join(os.tmpdir(), `not-a-font-${process.pid}.ttc`);
    fs.writeFileSync(notAFont, Buffer.alloc(4096));
    try {
      await expect(subsetOffThread({ ...full, fontFiles: [notAFont] }, chartCharacters(['字']), `bad-${process.pid}`)).rejects.toThrow(/no face of/);
    } finally {
      fs.rmSync(notAFont, { force: true });
    }
  });

  it('falls back to the full font files when the worker goes away', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-font-worker-'));
    const dying = path.join(dir, 'dying-worker.mjs');
    fs.writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
    try {
      useChartFontWorker(pathToFileURL(dying));
      // Characters no other test asks for: not a subset made before.
      expect(await chartFontFor(chartCharacters(['回退到完整字体']))).toBe(full);
    } finally {
      useChartFontWorker(new URL('../../electron/backend/reports/chart-font-worker.ts', import.meta.url));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is made by the bundled worker (chart-font-worker.mjs) as by the source one', async () => {
    const tmp = makeTempDir();
    try {
      const out: string = await buildElectron(REPO_ROOT, tmp.dir);
      useChartFontWorker(pathToFileURL(`${out}/chart-font-worker.mjs`));
      const made = await subsetOffThread(full, chartCharacters(['打包后的字体线程']), `bundle-${process.pid}`);
      expect(made.fontFiles).toHaveLength(full.fontFiles!.length);
      for (const file of made.fontFiles!) expect(faceIndexOf(new Uint8Array(fs.readFileSync(file)), chartFontFamily())).toBe(0);
    } finally {
      useChartFontWorker(new URL('../../electron/backend/reports/chart-font-worker.ts', import.meta.url));
      tmp.cleanup();
    }
  }, 120_000);

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
