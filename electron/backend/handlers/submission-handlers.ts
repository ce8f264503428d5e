// Handlers for importing school submissions (shared/api/submission-api.ts).
import type { submissionApi } from '../../../shared/api/submission-api.js';
import { AppError } from '../../../shared/errors.js';
import { applyPreview, batchDto, undoBatch } from '../import/import-apply.js';
import { buildPreview, PreviewSessions } from '../import/import-preview.js';
import { readSubmission } from '../import/submission-reader.js';
import { submissionTracker } from '../import/submission-tracker.js';
import type { Store } from '../store.js';
import { notFound, now, type HandlersFor } from './handler-types.js';

export function submissionHandlers(store: Store): HandlersFor<keyof typeof submissionApi> {
  const sessions = new PreviewSessions();

  return {
    'submissions.preview': async ({ ledgerId, period, previewId, files }) => {
      const ledger = store.ledgers.get(ledgerId);
      if (!ledger) throw notFound('台账');
      const session = previewId ? sessions.get(previewId) : sessions.create(ledgerId, period);
      if (session.ledgerId !== ledgerId) throw new AppError('invalid_input', '这次导入属于另一本台账，请重新选择文件。');
      // Files are read concurrently; the Excel core limits how many workers run at once.
      const parsed = await Promise.all(files.map((f) => readSubmission(f.name, f.bytes, { ledgerYear: ledger.year })));
      for (const p of parsed) session.files.push({ key: `f${session.nextKey++}`, parsed: p, included: true, rowChoices: new Map() });
      return buildPreview(store, session).dto;
    },

    'submissions.resolve': ({ previewId, fileKey, unitId, period, included, rows }) => {
      const session = sessions.get(previewId);
      const file = session.files.find((f) => f.key === fileKey);
      if (!file) throw new AppError('not_found', '预览中没有这个文件，请刷新后重试。');
      if (unitId !== undefined) {
        if (unitId !== null && !store.units.list().some((u) => u.id === unitId)) throw notFound('单位');
        file.unitId = unitId ?? undefined;
      }
      if (period !== undefined) file.period = period;
      if (included !== undefined) file.included = included;
      for (const r of rows ?? []) file.rowChoices.set(r.key, r.included);
      return buildPreview(store, session).dto;
    },

    'submissions.apply': async ({ previewId }, ctx) => {
      const session = sessions.get(previewId);
      const result = await applyPreview(store, session, ctx, now);
      sessions.delete(previewId);
      return result;
    },

    'submissions.discard': ({ previewId }) => ({ discarded: sessions.delete(previewId) }),

    'submissions.undo': ({ batchId }, ctx) => undoBatch(store, batchId, ctx, now()),

    'submissions.batches': ({ ledgerId }) => store.submissions.batches(ledgerId).map((b) => batchDto(store, b)),

    'submissions.tracker': ({ ledgerId, period }) => {
      if (!store.ledgers.get(ledgerId)) throw notFound('台账');
      return submissionTracker(store, ledgerId, period);
    },
  };
}
