// Loads an untrusted workbook in a worker thread with a heap limit and a time limit, so a
// zip bomb or a whole-sheet merge costs at most one terminated worker.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LoadWorkerInput, LoadWorkerJob, LoadWorkerOutput, LoadWorkerReply } from './load-worker.js';
import { WorkbookError, isWorkbookError } from './workbook-error.js';
import { DEFAULT_GUARD_LIMITS, checkFile, type GuardLimits } from './workbook-guard.js';
import type { WorkbookModel } from './workbook-model.js';
import { unpackWorkbook } from './xlsx-reader/packed-workbook.js';
import { workerBeside } from '../workers/worker-url.js';

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
  return workerBeside(import.meta.url, 'load-worker');
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
export function spawn(workerUrl: URL, maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl, { resourceLimits });
  const tsxApi = tsxEsmApiUrl();
  const bootstrap = `import(${JSON.stringify(tsxApi)})
    .then((m) => { (m.register ?? m.default.register)(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
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
 * maxHeapMb, so the rest wait their turn (the time limit starts when a worker takes the file).
 */
export const MAX_CONCURRENT_LOADS = 2;

interface PooledWorker {
  worker: Worker;
  key: string;
}

/** Workers are kept warm only after files up to this size (a school's form is tens of KB). */
export const KEEP_WARM_MAX_BYTES = 2 * 1024 * 1024;

let busy = 0;
const idle: PooledWorker[] = [];
const waiting: (() => void)[] = [];
let nextJobId = 1;
let spawned = 0;

/** How many workers were started and how many wait warm (tests check that workers are reused). */
export function workerPoolStats(): { spawned: number; idle: number; busy: number } {
  return { spawned, idle: idle.length, busy };
}

/** A warm worker for these settings, or a new one; waits while MAX_CONCURRENT_LOADS are busy. */
async function acquireWorker(workerUrl: URL, maxHeapMb: number): Promise<PooledWorker> {
  while (busy >= MAX_CONCURRENT_LOADS) await new Promise<void>((resume) => waiting.push(resume));
  busy++;
  const key = `${workerUrl.href}|${maxHeapMb}`;
  const index = idle.findIndex((w) => w.key === key);
  if (index >= 0) return idle.splice(index, 1)[0]!;
  // Idle workers of other settings would only hold memory: the pool keeps one kind warm.
  for (const stale of idle.splice(0)) void stale.worker.terminate();
  const worker = spawn(workerUrl, maxHeapMb);
  spawned++;
  // An idle worker must not keep the app (or a CLI run) alive.
  worker.unref();
  const pooled = { worker, key };
  // A worker that dies while idle is dropped, never handed a file.
  worker.once('exit', () => {
    const at = idle.indexOf(pooled);
    if (at >= 0) idle.splice(at, 1);
  });
  return pooled;
}

function releaseWorker(pooled: PooledWorker, reusable: boolean): void {
  busy--;
  if (reusable) idle.push(pooled);
  else void pooled.worker.terminate();
  waiting.shift()?.();
}

function runInWorker(pooled: PooledWorker, input: LoadWorkerInput, timeoutMs: number, maxHeapMb: number): Promise<LoadWorkerOutput> {
  const { worker } = pooled;
  const id = nextJobId++;
  const bytes = input.bytes;
  return new Promise<LoadWorkerOutput>((resolve, reject) => {
    let settled = false;
    const finish = (reusable: boolean, fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      releaseWorker(pooled, reusable);
      fn();
    };
    const onMessage = (reply: LoadWorkerReply) => {
      if (reply.id !== id) return;
      const out = reply.out;
      // After a big file the worker holds a large heap of garbage: end it rather than keep it warm.
      finish(bytes.length <= KEEP_WARM_MAX_BYTES, () => resolve(out));
    };
    const onError = (err: Error & { code?: string }) =>
      finish(false, () =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? outOfMemoryError(maxHeapMb)
            : new WorkbookError('internal', undefined, `worker failed: ${err.stack ?? err.message}`),
        ),
      );
    const onExit = (code: number) =>
      finish(false, () => reject(new WorkbookError('internal', undefined, `worker exited with code ${code} without a result`)));
    const timer = setTimeout(() => finish(false, () => reject(timeoutError(timeoutMs))), timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    try {
      worker.postMessage({ ...input, id } satisfies LoadWorkerJob);
    } catch (err) {
      finish(false, () => reject(new WorkbookError('internal', undefined, `cannot send the file to the worker: ${String(err)}`)));
    }
  });
}

/**
 * Guard + direct .xlsx reader (SheetJS for a legacy .xls) + model for a file from outside. Resolves to the plain WorkbookModel or rejects
 * with a WorkbookError (never anything else): 'timeout' and 'too_large' when the worker is stopped.
 */
export async function loadWorkbookSafely(bytes: Uint8Array, options: SafeLoadOptions = {}): Promise<WorkbookModel> {
  const limits = { ...DEFAULT_GUARD_LIMITS, ...options.limits };
  // Cheap checks first, in this thread: most bad files (CSV, encrypted .xlsx, bombs with honest
  // directories) are refused without starting a worker. A legacy .xls is read in the same worker.
  checkFile(bytes, limits);
  const out = await runIsolated({ kind: 'workbook', bytes, limits }, options);
  if ('packed' in out) return unpackWorkbook(out.packed);
  if ('model' in out) return out.model;
  if ('error' in out) throw WorkbookError.fromPlain(out.error);
  throw new WorkbookError('internal', undefined, 'worker answered a workbook job with another kind of result');
}

export interface IsolatedRunOptions {
  timeoutMs?: number;
  maxHeapMb?: number;
  workerUrl?: URL;
}

/**
 * Runs one job (a workbook or a plan document) in a pooled worker under a heap limit and a time
 * limit. Resolves to the worker's answer; rejects with WorkbookError 'timeout' or 'too_large' when
 * the worker was stopped, 'internal' when it could not run.
 */
export async function runIsolated(input: LoadWorkerInput, options: IsolatedRunOptions = {}): Promise<LoadWorkerOutput> {
  const maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
  const pooled = await acquireWorker(options.workerUrl ?? defaultWorkerUrl(), maxHeapMb);
  try {
    return await runInWorker(pooled, input, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxHeapMb);
  } catch (err) {
    if (isWorkbookError(err)) throw err;
    throw new WorkbookError('internal', undefined, `cannot start the worker: ${(err as Error).stack ?? String(err)}`);
  }
}
