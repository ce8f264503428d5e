// Thumbnails of image evidence, made in one worker thread (heap and time limited, started on first use,
// never keeping the process alive) and cached in the database by content: the grid and the panel ask
// for them asynchronously, so a slow photo delays only its own thumbnail.
import type { Worker } from 'node:worker_threads';
import { spawn } from '../excel/safe-load.js';
import type { ThumbnailJob, ThumbnailReply } from './thumbnail-worker.js';

export const THUMBNAIL_SIZE = 160;
const TIMEOUT_MS = 20_000;
const MAX_HEAP_MB = 512;

function defaultWorkerUrl(): URL {
  // From source (vitest, tsx) the worker is .ts; in the Electron bundle it is thumbnail-worker.mjs beside main.cjs.
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.mjs';
  return new URL(new URL(`./thumbnail-worker${ext}`, import.meta.url).href.replace('/app.asar/', '/app.asar.unpacked/'));
}

let workerUrl = defaultWorkerUrl;
let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (png: Uint8Array<ArrayBuffer> | null) => void; timer: ReturnType<typeof setTimeout> }>();

function settleAll(): void {
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    p.resolve(null);
    pending.delete(id);
  }
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = spawn(workerUrl(), MAX_HEAP_MB);
  w.unref();
  w.on('message', (reply: ThumbnailReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    clearTimeout(p.timer);
    p.resolve(reply.png ? new Uint8Array(reply.png) : null);
    if (!pending.size) w.unref();
  });
  // A crashed or out-of-memory worker costs its pending thumbnails (shown as icons), never the app.
  const drop = () => {
    if (worker === w) worker = null;
    settleAll();
  };
  w.on('error', drop);
  w.on('exit', drop);
  worker = w;
  return w;
}

/** A PNG thumbnail of a JPEG/PNG, or null when it cannot be made (bad image, timeout, worker failure). */
export function makeThumbnail(bytes: Uint8Array, mime: ThumbnailJob['mime'], size = THUMBNAIL_SIZE): Promise<Uint8Array<ArrayBuffer> | null> {
  const w = ensureWorker();
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve(null);
      // A photo that takes this long is hostile or broken: start afresh for the next one.
      if (worker === w) worker = null;
      void w.terminate();
    }, TIMEOUT_MS);
    pending.set(id, { resolve, timer });
    // Keep the process alive only while a thumbnail is being made.
    w.ref();
    w.postMessage({ id, bytes, mime, size } satisfies ThumbnailJob);
  });
}

/** Runs thumbnails in another worker build (the bundled .mjs: tests of the Electron bundle). */
export function useThumbnailWorker(url: URL): void {
  workerUrl = () => url;
  void stopThumbnailWorker();
}

/** Stops the worker (tests, shutdown). */
export async function stopThumbnailWorker(): Promise<void> {
  const w = worker;
  worker = null;
  settleAll();
  if (w) await w.terminate();
}
