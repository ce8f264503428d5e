// Handlers for importing school submissions (shared/api/submission-api.ts).
import type { submissionApi } from '#shared/api/submission-api.js';
import { AppError } from '#shared/errors.js';
import { applyPreview, batchDto, showPreview, undoBatch } from '../import/import-apply.js';
import { PreviewSessions } from '../import/import-preview.js';
import { readSubmission } from '../import/submission-reader.js';
import { submissionTracker } from '../import/submission-tracker.js';
import { warmBackupWorker } from '../db/backup-off-thread.js';
import { splitUnitText, UnitDirectory } from '#shared/responsibility.js';
import type { Store } from '../store.js';
import { detachBatchEvidence, dropHeldEvidence, holdSubmissionEvidence, planHeldEvidence } from '../evidence/submission-evidence.js';
import { notFound, now, raise, type HandlersFor } from './handler-types.js';

export function submissionHandlers(store: Store): HandlersFor<keyof typeof submissionApi> {
  const sessions = new PreviewSessions();

  /** The 报送单位 text of a file of an open preview, when it names one unit the directory lacks. */
  const unknownUnitText = (previewId: string, fileKey: string): string => {
    const file = sessions.get(previewId).files.find((f) => f.key === fileKey);
    if (!file) throw new AppError('not_found', '预览中没有这个文件，请刷新后重试。');
    const text = file.parsed.unitText?.trim();
    if (!text) throw new AppError('invalid_input', '这个文件的表中没有填写报送单位，不能据此添加单位；请在“报送单位”中选择（文件名不作为单位名称）。');
    const found = new UnitDirectory(store.units.list()).findInText(text);
    if (found.length) throw new AppError('conflict', `表中报送单位“${text}”已对应目录中的 ${found.map((u) => u.name).join('、')}，请在“报送单位”中选择。`);
    if (splitUnitText(text).length > 1) throw new AppError('invalid_input', `表中报送单位“${text}”写了多个单位，请在“报送单位”中选择，或在单位目录中逐个添加。`);
    return text;
  };
  const requireUnit = (id: number) => store.units.list().find((u) => u.id === id) ?? raise(notFound('该单位'));

  return {
    'submissions.preview': async ({ ledgerId, period, batchPeriod, previewId, files }) => {
      const ledger = store.ledgers.get(ledgerId);
      if (!ledger) throw notFound('台账');
      const session = previewId ? sessions.get(previewId) : sessions.create(ledgerId, period, batchPeriod);
      if (session.ledgerId !== ledgerId) throw new AppError('invalid_input', '这次导入属于另一本台账，请重新选择文件。');
      if (batchPeriod) session.batchPeriod = batchPeriod;
      // An apply may follow: its backup's worker starts while the forms are read.
      if (!store.readOnly) warmBackupWorker();
      // Files are read concurrently; the Excel core limits how many workers run at once.
      // 佐证材料 in a .zip or dropped with the forms are held for the apply (evidence/submission-evidence.ts).
      const forms = holdSubmissionEvidence(store, session, files);
      const statuses = store.workbench.statuses(ledgerId).map((s) => s.label);
      const parsed = await Promise.all(forms.map((f) => readSubmission(f.name, f.bytes, { ledgerYear: ledger.year, statuses })));
      for (const p of parsed) session.files.push({ key: `f${session.nextKey++}`, parsed: p, included: true, rowChoices: new Map() });
      return showPreview(store, session).dto;
    },

    'submissions.resolve': ({ previewId, fileKey, unitId, period, batchPeriod, included, rows }) => {
      const session = sessions.get(previewId);
      const file = session.files.find((f) => f.key === fileKey);
      if (!file) throw new AppError('not_found', '预览中没有这个文件，请刷新后重试。');
      if (unitId !== undefined) {
        if (unitId !== null && !store.units.list().some((u) => u.id === unitId)) throw notFound('单位');
        file.unitId = unitId ?? undefined;
      }
      if (period !== undefined) file.period = period;
      if (batchPeriod !== undefined) session.batchPeriod = batchPeriod;
      if (included !== undefined) file.included = included;
      for (const r of rows ?? []) file.rowChoices.set(r.key, r.included);
      return showPreview(store, session).dto;
    },

    'submissions.get': ({ previewId }) => showPreview(store, sessions.get(previewId)).dto,

    'submissions.addUnit': ({ previewId, fileKey, kind, name }) => {
      const text = unknownUnitText(previewId, fileKey);
      const unitName = name ?? text;
      // What the form says stays an alias when the clerk writes the full name instead.
      const aliases = unitName === text ? [] : [text];
      for (const n of [unitName, ...aliases]) {
        const owner = store.units.findByNameOrAlias(n);
        if (owner !== undefined) throw new AppError('conflict', `单位名称或简称“${n}”已属于目录中的“${requireUnit(owner).name}”，请改用“设为已有单位的别名”。`);
      }
      const unit = requireUnit(store.units.add(unitName, kind, aliases, now()));
      return { unit, preview: showPreview(store, sessions.get(previewId)).dto };
    },

    'submissions.aliasUnit': ({ previewId, fileKey, unitId }) => {
      const text = unknownUnitText(previewId, fileKey);
      const unit = requireUnit(unitId);
      const owner = store.units.findByNameOrAlias(text);
      if (owner !== undefined && owner !== unitId) throw new AppError('conflict', `“${text}”已是目录中“${requireUnit(owner).name}”的名称或简称。`);
      store.units.update(unitId, unit.name, unit.kind, [...unit.aliases, text]);
      return { unit: requireUnit(unitId), preview: showPreview(store, sessions.get(previewId)).dto };
    },

    'submissions.apply': async ({ previewId }, ctx) => {
      const session = sessions.get(previewId);
      const attachEvidence = planHeldEvidence(store, previewId);
      const result = await applyPreview(store, session, ctx, now);
      attachEvidence?.({ ...ctx, batchId: result.batch.id });
      sessions.delete(previewId);
      return result;
    },

    'submissions.discard': ({ previewId }) => {
      dropHeldEvidence(previewId);
      return { discarded: sessions.delete(previewId) };
    },

    'submissions.undo': ({ batchId }, ctx) => {
      const undone = undoBatch(store, batchId, ctx, now());
      detachBatchEvidence(store, batchId, ctx);
      return undone;
    },

    'submissions.batches': ({ ledgerId }) => store.submissions.batches(ledgerId).map((b) => batchDto(store, b)),

    'submissions.tracker': ({ ledgerId, period }) => {
      if (!store.ledgers.get(ledgerId)) throw notFound('台账');
      return submissionTracker(store, ledgerId, period);
    },
  };
}
