// A plan .docx read off the calling thread: the worker pool of excel/safe-load.ts runs
// docx-reader.ts with a heap limit and a time limit, so a document that would keep mammoth busy for
// minutes (200,000 nested elements) or exhaust memory costs one terminated worker, and `serve`
// and the app keep answering meanwhile.
import { runIsolated } from '../excel/safe-load.js';
import { WorkbookError, isWorkbookError } from '../excel/workbook-error.js';
import type { DocxContent } from './docx-reader.js';
import { PLAN_INPUT_MESSAGES, PlanInputError } from './plan-input-error.js';

/** A plan is read in well under a second; this is for a document that will not finish. */
export const DOCX_TIMEOUT_MS = 20_000;
/** Same heap as workbook loads, so the pool's warm workers serve both. */
export const DOCX_MAX_HEAP_MB = 1024;

export interface DocxReadOptions {
  timeoutMs?: number;
  maxHeapMb?: number;
  /** Deepest element nesting accepted (docx-reader.ts DOCX_MAX_DEPTH by default). */
  maxDepth?: number;
  /** Where the worker lives (tests of the Electron bundle). */
  workerUrl?: URL;
}

export async function readDocxIsolated(bytes: Uint8Array, options: DocxReadOptions = {}): Promise<DocxContent> {
  let out;
  try {
    out = await runIsolated(
      { kind: 'docx', bytes, ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }) },
      {
        timeoutMs: options.timeoutMs ?? DOCX_TIMEOUT_MS,
        maxHeapMb: options.maxHeapMb ?? DOCX_MAX_HEAP_MB,
        ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
      },
    );
  } catch (err) {
    if (isWorkbookError(err) && (err.code === 'timeout' || err.code === 'too_large')) {
      throw new PlanInputError('document_too_complex', PLAN_INPUT_MESSAGES.tooComplex);
    }
    throw err;
  }
  if ('docx' in out) return out.docx;
  if ('planError' in out) throw new PlanInputError(out.planError.code, out.planError.message);
  if ('error' in out) throw WorkbookError.fromPlain(out.error);
  throw new WorkbookError('internal', undefined, 'worker answered a docx job with another kind of result');
}
