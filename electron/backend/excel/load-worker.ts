// Worker entry: guard + the direct .xlsx reader (SheetJS for a legacy .xls), and a school form's rows
// normalised beside it (the app thread receives only those), isolated so a hostile workbook can only
// exhaust this thread's heap (resourceLimits) or time (terminated by safe-load.ts), never the app. The same
// workers read plan documents (.docx through mammoth, plan/docx-reader.ts) under the same limits.

import { parentPort } from 'node:worker_threads';
import type { GuardLimits } from './workbook-guard.js';
import { WorkbookError, isWorkbookError } from './workbook-error.js';
import { sniffFileKind } from './file-signature.js';
import { readPackedWorkbook } from './workbook-reader.js';
import { packedBuffers, unpackWorkbook, type PackedWorkbook } from './xlsx-reader/packed-workbook.js';
import { submissionOfModel, type ParsedSubmission, type SubmissionReadOptions } from '../import/submission-reader.js';
import { readXlsWorkbookModel } from './xls-reader.js';
import type { WorkbookModel } from './workbook-model.js';
import type { WorkbookErrorPlain } from './workbook-error.js';
import type { DocxContent } from '../plan/docx-reader.js';
import { PlanInputError, type PlanInputErrorCode } from '../plan/plan-input-error.js';

export interface WorkbookJobInput {
  kind?: 'workbook';
  bytes: Uint8Array;
  limits?: Partial<GuardLimits>;
}

/** A school's form: read and normalised here (import/submission-reader.ts), only the result goes back. */
export interface SubmissionJobInput extends SubmissionReadOptions {
  kind: 'submission';
  bytes: Uint8Array;
  limits?: Partial<GuardLimits> | undefined;
  base: Pick<ParsedSubmission, 'name' | 'size' | 'hash'>;
}

export interface DocxJobInput {
  kind: 'docx';
  bytes: Uint8Array;
  maxDepth?: number;
}

export type LoadWorkerInput = WorkbookJobInput | SubmissionJobInput | DocxJobInput;

export type LoadWorkerOutput =
  | { ok: true; model: WorkbookModel }
  /** An .xlsx, packed: the app thread builds the model (unpackWorkbook), so it is never cloned object by object. */
  | { ok: true; packed: PackedWorkbook }
  | { ok: false; error: WorkbookErrorPlain }
  | { ok: true; submission: ParsedSubmission }
  | { ok: true; docx: DocxContent }
  | { ok: false; planError: { code: PlanInputErrorCode; message: string } };

async function run(input: LoadWorkerInput): Promise<LoadWorkerOutput> {
  if (input.kind === 'docx') return runDocx(input);
  try {
    const isXls = sniffFileKind(input.bytes) === 'ole-xls';
    const options = input.limits ? { limits: input.limits } : {};
    if (input.kind === 'submission') {
      const model = isXls ? await readXlsWorkbookModel(input.bytes, input.limits) : unpackWorkbook(readPackedWorkbook(input.bytes, options));
      return { ok: true, submission: submissionOfModel(input.base, model, input) };
    }
    if (isXls) return { ok: true, model: await readXlsWorkbookModel(input.bytes, input.limits) };
    return { ok: true, packed: readPackedWorkbook(input.bytes, options) };
  } catch (err) {
    const error = isWorkbookError(err)
      ? err
      : new WorkbookError('internal', undefined, err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { ok: false, error: error.toPlain() };
  }
}

async function runDocx(input: DocxJobInput): Promise<LoadWorkerOutput> {
  try {
    // Loaded on the first plan document: mammoth costs a workbook-only worker a large part of its start-up.
    const { readDocxContent } = await import('../plan/docx-reader.js');
    return { ok: true, docx: await readDocxContent(input.bytes, input.maxDepth === undefined ? {} : { maxDepth: input.maxDepth }) };
  } catch (err) {
    if (err instanceof PlanInputError) return { ok: false, planError: { code: err.code, message: err.message } };
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { ok: false, error: new WorkbookError('internal', undefined, detail).toPlain() };
  }
}

export type LoadWorkerJob = LoadWorkerInput & { id: number };

export interface LoadWorkerReply {
  id: number;
  out: LoadWorkerOutput;
}

// A worker serves one file at a time and is reused for the next, so a batch of dozens of forms
// pays the start-up (tsx, the readers) once per worker, not once per file. A worker that runs out of
// memory or time is terminated by safe-load.ts and never reused.
if (parentPort) {
  const port = parentPort;
  port.on('message', (job: LoadWorkerJob) => {
    void run(job).then((out) => port.postMessage({ id: job.id, out } satisfies LoadWorkerReply, 'packed' in out ? packedBuffers(out.packed) : []));
  });
}
