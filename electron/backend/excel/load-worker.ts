// Worker entry: guard + exceljs (SheetJS for a legacy .xls) + model, isolated so a hostile workbook can only exhaust this
// thread's heap (resourceLimits) or time (terminated by safe-load.ts), never the app.

import { parentPort } from 'node:worker_threads';
import type { GuardLimits } from './workbook-guard.js';
import { WorkbookError, isWorkbookError } from './workbook-error.js';
import { sniffFileKind } from './file-signature.js';
import { readWorkbookModel } from './workbook-reader.js';
import { readXlsWorkbookModel } from './xls-reader.js';
import type { WorkbookModel } from './workbook-model.js';
import type { WorkbookErrorPlain } from './workbook-error.js';

export interface LoadWorkerInput {
  bytes: Uint8Array;
  limits?: Partial<GuardLimits>;
}

export type LoadWorkerOutput = { ok: true; model: WorkbookModel } | { ok: false; error: WorkbookErrorPlain };

async function run(input: LoadWorkerInput): Promise<LoadWorkerOutput> {
  try {
    if (sniffFileKind(input.bytes) === 'ole-xls') return { ok: true, model: await readXlsWorkbookModel(input.bytes, input.limits) };
    const options = input.limits ? { limits: input.limits } : {};
    return { ok: true, model: await readWorkbookModel(input.bytes, options) };
  } catch (err) {
    const error = isWorkbookError(err)
      ? err
      : new WorkbookError('internal', undefined, err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { ok: false, error: error.toPlain() };
  }
}

export interface LoadWorkerJob extends LoadWorkerInput {
  id: number;
}

export interface LoadWorkerReply {
  id: number;
  out: LoadWorkerOutput;
}

// A worker serves one file at a time and is reused for the next, so a batch of dozens of forms
// pays the start-up (tsx, exceljs) once per worker, not once per file. A worker that runs out of
// memory or time is terminated by safe-load.ts and never reused.
if (parentPort) {
  const port = parentPort;
  port.on('message', (job: LoadWorkerJob) => {
    void run(job).then((out) => port.postMessage({ id: job.id, out } satisfies LoadWorkerReply));
  });
}
