// Thumbnails of image evidence, made in one worker thread (heap and time limited, started on first use,
// never keeping the process alive) and cached in the database by content: the grid and the panel ask
// for them asynchronously, so a slow photo delays only its own thumbnail.
import { oneWorker } from '../workers/one-worker.js';
import type { ThumbnailJob, ThumbnailReply } from './thumbnail-worker.js';
import { workerBeside } from '../workers/worker-url.js';

export const THUMBNAIL_SIZE = 160;
const TIMEOUT_MS = 20_000;
const MAX_HEAP_MB = 512;

const jobs = oneWorker<ThumbnailJob, ThumbnailReply>(() => workerBeside(import.meta.url, 'thumbnail-worker'), MAX_HEAP_MB);

/** A PNG thumbnail of a JPEG/PNG, or null when it cannot be made (bad image, timeout, worker failure). */
export function makeThumbnail(bytes: Uint8Array, mime: ThumbnailJob['mime'], size = THUMBNAIL_SIZE): Promise<Uint8Array<ArrayBuffer> | null> {
  return new Promise((resolve) => {
    // A crashed or out-of-memory worker costs its pending thumbnails (shown as icons), never the app.
    const id = jobs.post(
      { bytes, mime, size },
      {
        answered: (reply) => {
          clearTimeout(timer);
          resolve(reply.png ? new Uint8Array(reply.png) : null);
        },
        lost: () => {
          clearTimeout(timer);
          resolve(null);
        },
      },
    );
    const timer = setTimeout(() => {
      resolve(null);
      // A photo that takes this long is hostile or broken: start afresh for the next one.
      jobs.abandon(id);
    }, TIMEOUT_MS);
  });
}

/** Runs thumbnails in another worker build (the bundled .mjs: tests of the Electron bundle). */
export function useThumbnailWorker(url: URL): void {
  jobs.use(url);
}

/** Stops the worker (tests, shutdown). */
export function stopThumbnailWorker(): Promise<void> {
  return jobs.stop();
}
