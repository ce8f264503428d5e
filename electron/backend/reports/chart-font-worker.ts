// Worker entry: cuts the charts' CJK font down to their characters (font-subset.ts), off the backend's thread.
import { parentPort } from 'node:worker_threads';
import { subsetFontFiles, type SubsetRequest } from './font-subset.js';

export interface ChartFontJob extends SubsetRequest {
  id: number;
}

export interface ChartFontReply {
  id: number;
  /** The subset files, one per font file; absent when subsetting failed (`error` says why). */
  fontFiles?: string[];
  error?: string;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: ChartFontJob) => {
    let reply: ChartFontReply;
    try {
      reply = { id: job.id, fontFiles: subsetFontFiles(job) };
    } catch (err) {
      reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}
