// Loads an untrusted workbook in a worker thread with a heap limit and a time limit, so a
// zip bomb or a whole-sheet merge costs at most one terminated worker.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LoadWorkerInput, LoadWorkerOutput } from './load-worker.js';
import { WorkbookError, isWorkbookError } from './workbook-error.js';
import { DEFAULT_GUARD_LIMITS, checkContainer, type GuardLimits } from './workbook-guard.js';
import type { WorkbookModel } from './workbook-model.js';

export interface SafeLoadOptions {
  /** Whole load, worker start included. */
  timeoutMs?: number;
  /** V8 old-generation limit of the worker. */
  maxHeapMb?: number;
  limits?: Partial<GuardLimits>;
  /** Override where the worker lives (e.g. a bundled .js next to the app's main file). */
  workerUrl?: URL;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_HEAP_MB = 1024;

function defaultWorkerUrl(): URL {
  // Run from source (vitest, tsx) this module is .ts and so is the worker; in the Electron bundle
  // (scripts/build-electron.mjs) the worker is load-worker.mjs beside main.cjs.
  // A packaged app keeps the worker outside the asar archive (build/electron-builder.yml asarUnpack).
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.mjs';
  return new URL(new URL(`./load-worker${ext}`, import.meta.url).href.replace('/app.asar/', '/app.asar.unpacked/'));
}

/** tsx's ESM API file; its CommonJS twin cannot register hooks when imported from a worker. */
let tsxApiUrl: string | undefined;

function tsxEsmApiUrl(): string {
  if (tsxApiUrl) return tsxApiUrl;
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const entry = pkg.exports['./esm/api']?.import?.default;
  if (!entry) throw new WorkbookError('internal', undefined, 'tsx/esm/api has no ESM entry');
  tsxApiUrl = new URL(entry, pathToFileURL(pkgPath)).href;
  return tsxApiUrl;
}

/**
 * A worker running TypeScript needs tsx registered inside it: Node 20 ignores `--import tsx`
 * in a worker's execArgv, so a two-line bootstrap registers tsx and then imports the real entry.
 */
function spawn(workerUrl: URL, input: LoadWorkerInput, maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl, { workerData: input, resourceLimits });
  const tsxApi = tsxEsmApiUrl();
  const bootstrap = `import(${JSON.stringify(tsxApi)})
    .then((m) => { (m.register ?? m.default.register)(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: input, resourceLimits });
}

function timeoutError(timeoutMs: number): WorkbookError {
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  return new WorkbookError(
    'timeout',
    `读取文件超过 ${seconds} 秒仍未完成，已停止。文件可能过大或已损坏，请在 Excel 中打开检查并另存为 .xlsx 后重新导入`,
    `worker exceeded ${timeoutMs} ms`,
  );
}

function outOfMemoryError(maxHeapMb: number): WorkbookError {
  return new WorkbookError(
    'too_large',
    '文件内容过多，读取时超出内存上限，已停止。请删除多余的工作表、空行或合并单元格后重新导入',
    `worker exceeded its ${maxHeapMb} MB heap`,
  );
}

/**
 * Workers running at once. Clerks import dozens of files in one go; each worker may use up to
 * maxHeapMb, so the rest wait their turn (the time limit starts when a worker starts).
 */
export const MAX_CONCURRENT_LOADS = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function acquireSlot(): Promise<() => void> {
  if (running >= MAX_CONCURRENT_LOADS) await new Promise<void>((resume) => waiting.push(resume));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

function runWorker(bytes: Uint8Array, limits: GuardLimits, options: SafeLoadOptions): Promise<WorkbookModel> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
  const worker = spawn(options.workerUrl ?? defaultWorkerUrl(), { bytes, limits }, maxHeapMb);
  return new Promise<WorkbookModel>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(timeoutError(timeoutMs))), timeoutMs);
    worker.on('message', (out: LoadWorkerOutput) =>
      finish(() => (out.ok ? resolve(out.model) : reject(WorkbookError.fromPlain(out.error)))),
    );
    worker.on('error', (err: Error & { code?: string }) =>
      finish(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? outOfMemoryError(maxHeapMb)
            : new WorkbookError('internal', undefined, `worker failed: ${err.stack ?? err.message}`),
        ),
      ),
    );
    worker.on('exit', (code) =>
      finish(() => reject(new WorkbookError('internal', undefined, `worker exited with code ${code} without a result`))),
    );
  });
}

/**
 * Guard + exceljs + model for a file from outside. Resolves to the plain WorkbookModel or rejects
 * with a WorkbookError (never anything else): 'timeout' and 'too_large' when the worker is stopped.
 */
export async function loadWorkbookSafely(bytes: Uint8Array, options: SafeLoadOptions = {}): Promise<WorkbookModel> {
  const limits = { ...DEFAULT_GUARD_LIMITS, ...options.limits };
  // Cheap checks first, in this thread: most bad files (xls, CSV, encrypted, bombs with honest
  // directories) are refused without starting a worker.
  checkContainer(bytes, limits);
  const release = await acquireSlot();
  try {
    return await runWorker(bytes, limits, options);
  } catch (err) {
    if (isWorkbookError(err)) throw err;
    throw new WorkbookError('internal', undefined, `cannot start the worker: ${(err as Error).stack ?? String(err)}`);
  } finally {
    release();
  }
}
