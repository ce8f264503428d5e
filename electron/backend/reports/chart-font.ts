// The CJK font resvg draws the report charts with. resvg-js reads a font file again for every glyph it draws
// (~6 ms a glyph with the 19 MB Noto Sans CJK collection), and on Node it takes files only, no buffers. So the
// chosen font is cut down with HarfBuzz's subsetter (harfbuzzjs's standalone wasm) to the characters of a
// report's charts and resvg gets that small file. The subsetting (about a second of CPU for the collection)
// runs in a worker thread (chart-font-worker.ts), so the backend answers other requests meanwhile. Subsets are
// cached per process by character set, in a temp folder removed at exit. If anything about subsetting fails
// (a font it cannot read, the worker lost or too slow), the full font files are used as before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { oneWorker } from '../workers/one-worker.js';
import type { ChartFontJob, ChartFontReply } from './chart-font-worker.js';
import { compileSubsetter, type WasmModule } from './font-subset.js';
import { workerBeside } from '../workers/worker-url.js';

export type ChartFontOptions = NonNullable<ResvgRenderOptions['font']>;

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

let fullFont: ChartFontOptions | undefined;

/** The full font files for resvg: known CJK font files when present, else every system font (slow). */
export function fullChartFont(): ChartFontOptions {
  if (!fullFont) {
    const found = FONT_CANDIDATES.find((c) => fs.existsSync(c.files[0]!));
    fullFont = found
      ? { loadSystemFonts: false, fontFiles: found.files.filter((f) => fs.existsSync(f)), defaultFontFamily: found.family, sansSerifFamily: found.family }
      : { loadSystemFonts: true, defaultFontFamily: process.platform === 'win32' ? 'Microsoft YaHei' : 'Noto Sans CJK SC' };
  }
  return fullFont;
}

/** The family the charts' SVG asks for (the same whether the full font or a subset draws it). */
export const chartFontFamily = (): string => fullChartFont().defaultFontFamily!;

/** The characters a chart SVG can draw: every character of its text (a superset: the markup too), and printable ASCII for ECharts' entities. */
export function chartCharacters(svgs: readonly string[]): Set<number> {
  const chars = new Set<number>();
  for (let c = 0x20; c < 0x7f; c++) chars.add(c);
  for (const svg of svgs) for (const ch of svg) chars.add(ch.codePointAt(0)!);
  return chars;
}

const MAX_CACHED = 8;
const cache = new Map<string, Promise<ChartFontOptions>>();
let tempDir: string | undefined;

/**
 * Font options for resvg that cover `chars`: the chosen font's files subset to those characters (same family
 * name), or the full files if there is nothing to subset or subsetting fails.
 */
export function chartFontFor(chars: ReadonlySet<number>): Promise<ChartFontOptions> {
  const full = fullChartFont();
  if (!full.fontFiles?.length) return Promise.resolve(full);
  const key = createHash('sha256').update([...chars].sort((a, b) => a - b).join(',')).digest('hex').slice(0, 16);
  let entry = cache.get(key);
  if (!entry) {
    entry = subsetOffThread(full, chars, key).catch(() => full);
    cache.set(key, entry);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  return entry;
}

/** The subset of `full` to `chars` made by the worker; rejects when it cannot be made (the caller falls back). */
export async function subsetOffThread(full: ChartFontOptions, chars: ReadonlySet<number>, key: string): Promise<ChartFontOptions> {
  const module = await wasmModule();
  const job = { files: full.fontFiles!, family: full.defaultFontFamily!, chars: [...chars], dir: chartFontDir(), key, module };
  const fontFiles = await new Promise<string[]>((resolve, reject) => {
    const id = jobs.post(job, {
      answered: (reply) => {
        clearTimeout(timer);
        if (reply.fontFiles) resolve(reply.fontFiles);
        else reject(new Error(reply.error ?? 'no subset'));
      },
      lost: (why) => {
        clearTimeout(timer);
        reject(new Error(`the font worker went away (${why})`));
      },
    });
    const timer = setTimeout(() => {
      jobs.abandon(id);
      reject(new Error(`no subset after ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
  });
  return { ...full, fontFiles };
}

// Subsetting the 19 MB collection takes ~1 s of CPU; a worker this slow is stuck, and the full fonts draw the charts.
const TIMEOUT_MS = 30_000;
// The font files are copied into wasm memory (outside this heap); the heap holds one file's bytes at a time.
const MAX_HEAP_MB = 256;

function defaultWorkerUrl(): URL {
  return workerBeside(import.meta.url, 'chart-font-worker');
}

const jobs = oneWorker<ChartFontJob, ChartFontReply>(defaultWorkerUrl, MAX_HEAP_MB);

/** Subsets in another worker build (the bundled .mjs: tests of the bundles). */
export function useChartFontWorker(url: URL): void {
  jobs.use(url);
}

/** Stops the worker (tests, shutdown); a subset it was making falls back to the full fonts. */
export function stopChartFontWorker(): Promise<void> {
  return jobs.stop();
}

function chartFontDir(): string {
  if (!tempDir) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-chart-font-'));
    const dir = tempDir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return tempDir;
}

let compiled: Promise<WasmModule> | undefined;
// Read and compiled here, not in the worker: in the packaged app the wasm is inside app.asar, which this thread reads.
const wasmModule = (): Promise<WasmModule> =>
  (compiled ??= fs.promises.readFile(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')).then((b) => compileSubsetter(b)));
