// Worker entry: turns a JPEG or PNG into a small PNG thumbnail with resvg (already used for the report
// charts: an <image> inside an SVG, scaled), so decoding a 12-megapixel photo never runs on the thread
// that serves the UI. HEIC has no maintained pure-JS/prebuilt decoder we ship, and rendering a PDF page
// needs pdf.js plus a canvas: those get no thumbnail (the panel shows their type).
import { parentPort } from 'node:worker_threads';
import { Resvg } from '@resvg/resvg-js';
import { imageSize, jpegOrientation } from './evidence-type.js';

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

/** EXIF orientation → the SVG transform that shows the photo upright (w×h: the stored pixels). */
function orientationMatrix(o: number, w: number, h: number): string | null {
  switch (o) {
    case 2: return `matrix(-1,0,0,1,${w},0)`;
    case 3: return `matrix(-1,0,0,-1,${w},${h})`;
    case 4: return `matrix(1,0,0,-1,0,${h})`;
    case 5: return 'matrix(0,1,1,0,0,0)';
    case 6: return `matrix(0,1,-1,0,${h},0)`;
    case 7: return `matrix(0,-1,-1,0,${h},${w})`;
    case 8: return `matrix(0,-1,1,0,0,${w})`;
    default: return null;
  }
}

export function renderThumbnail(job: Omit<ThumbnailJob, 'id'>): Uint8Array | null {
  const dims = imageSize(job.bytes);
  if (!dims || !dims.width || !dims.height) return null;
  const { width: w, height: h } = dims;
  // resvg draws the stored pixels; a phone's portrait photo is stored sideways with an EXIF orientation.
  const orientation = job.mime === 'image/jpeg' ? jpegOrientation(job.bytes) : 1;
  const turned = orientation >= 5;
  const [width, height] = turned ? [h, w] : [w, h];
  const matrix = orientationMatrix(orientation, w, h);
  const data = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength).toString('base64');
  const image = `<image width="${w}" height="${h}" xlink:href="data:${job.mime};base64,${data}"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${matrix ? `<g transform="${matrix}">${image}</g>` : image}</svg>`;
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
