// Worker entry: turns a JPEG or PNG into a small PNG thumbnail with resvg (already used for the report
// charts: an <image> inside an SVG, scaled), so decoding a 12-megapixel photo never runs on the thread
// that serves the UI. HEIC has no maintained pure-JS/prebuilt decoder we ship, and rendering a PDF page
// needs pdf.js plus a canvas: those get no thumbnail (the panel shows their type).
import { parentPort } from 'node:worker_threads';
import { Resvg } from '@resvg/resvg-js';
import { imageSize } from './evidence-type.js';

export interface ThumbnailJob {
  id: number;
  bytes: Uint8Array;
  mime: 'image/jpeg' | 'image/png';
  /** Longest side of the thumbnail in pixels. */
  size: number;
}

export interface ThumbnailReply {
  id: number;
  png: Uint8Array | null;
  error?: string;
}

export function renderThumbnail(job: Omit<ThumbnailJob, 'id'>): Uint8Array | null {
  const dims = imageSize(job.bytes);
  if (!dims || !dims.width || !dims.height) return null;
  const { width, height } = dims;
  const data = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength).toString('base64');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><image width="${width}" height="${height}" xlink:href="data:${job.mime};base64,${data}"/></svg>`;
  const fitTo = width >= height ? { mode: 'width' as const, value: Math.min(job.size, width) } : { mode: 'height' as const, value: Math.min(job.size, height) };
  const png = new Resvg(svg, { fitTo, font: { loadSystemFonts: false } }).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: ThumbnailJob) => {
    let reply: ThumbnailReply;
    try {
      reply = { id: job.id, png: renderThumbnail(job) };
    } catch (err) {
      reply = { id: job.id, png: null, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}
