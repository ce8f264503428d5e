// Handlers for 佐证材料 (shared/api/evidence-api.ts): attach, list, count, thumbnail, open, rename, remove,
// restore, export the package.
import { EVIDENCE_MIME, type evidenceApi } from '#shared/api/evidence-api.js';
import { AppError } from '#shared/errors.js';
import { ledgerPeriod } from '../as-of/ledger-as-of.js';
import { buildPackage, periodRange, planPackage } from '../evidence/evidence-package.js';
import { attachEvidence, checkEvidenceFiles } from '../evidence/evidence-service.js';
import { openExternally } from '../evidence/external-open.js';
import { sanitiseFileName } from '../evidence/file-name.js';
import { submissionEvidencePreview } from '../evidence/submission-evidence.js';
import { makeThumbnail } from '../evidence/thumbnails.js';
import type { Store } from '../store.js';
import { notFound, now, raise, type HandlersFor } from './handler-types.js';

export function evidenceHandlers(store: Store): HandlersFor<keyof typeof evidenceApi> {
  const requireEvidence = (id: number) => store.evidence.get(id) ?? raise(notFound('该佐证材料'));
  const requireRow = (id: number) => store.rows.get(id) ?? raise(notFound('该行'));
  const requireLedger = (id: number) => store.ledgers.get(id) ?? raise(notFound('该台账'));

  return {
    'submissions.evidence': ({ previewId }) => submissionEvidencePreview(store, previewId),

    'evidence.add': ({ rowId, period, files }, ctx) => {
      const row = requireRow(rowId);
      const month = ledgerPeriod(store, row.ledgerId, period);
      const checked = checkEvidenceFiles(files, store.evidenceLimits);
      const result = attachEvidence(store, [{ ledgerId: row.ledgerId, rowId, period: month, unit: null }], checked, ctx, now());
      return { period: month, ...result };
    },

    'evidence.list': ({ ledgerId, rowId, period, includeRemoved }) => {
      if (ledgerId != null) requireLedger(ledgerId);
      if (rowId != null) requireRow(rowId);
      return store.evidence.list({ ledgerId, rowIds: rowId != null ? [rowId] : undefined, ...periodRange(period), includeRemoved });
    },

    'evidence.counts': ({ ledgerId, period }) => {
      requireLedger(ledgerId);
      return store.evidence.counts(ledgerId, ledgerPeriod(store, ledgerId, period));
    },

    'evidence.thumbnail': async ({ id }) => {
      const e = requireEvidence(id);
      if (e.type !== 'jpeg' && e.type !== 'png') return { png: null };
      const cached = store.evidence.thumbnail(e.sha256);
      if (cached) return { png: new Uint8Array(cached) };
      const png = await makeThumbnail(store.evidenceBlobs.read(e.sha256), e.type === 'jpeg' ? 'image/jpeg' : 'image/png');
      if (png) store.evidence.saveThumbnail(e.sha256, png);
      return { png };
    },

    'evidence.open': async ({ id, external }) => {
      const e = requireEvidence(id);
      const bytes = new Uint8Array(store.evidenceBlobs.read(e.sha256));
      const openedExternally = external ? await openExternally(e.id, e.type, bytes) : false;
      return { name: e.name, type: e.type, mime: EVIDENCE_MIME[e.type], bytes: openedExternally ? new Uint8Array(0) : bytes, openedExternally };
    },

    'evidence.rename': ({ id, name }, ctx) => {
      const e = requireEvidence(id);
      const clean = sanitiseFileName(name, e.type);
      if (!name.trim() || clean === '文件') throw new AppError('invalid_input', '文件名不能为空，请输入新的文件名。');
      if (clean === e.name) return e;
      return store.evidence.rename(id, clean, ctx, now());
    },

    'evidence.remove': ({ id }, ctx) => {
      const e = requireEvidence(id);
      if (e.removedAt) return e;
      return store.evidence.setRemoved(id, true, ctx, now());
    },

    'evidence.restore': ({ id }, ctx) => {
      const e = requireEvidence(id);
      if (!e.removedAt) return e;
      if (!store.rows.get(e.rowId)) throw new AppError('not_found', '这份材料所在的行已被删除，无法恢复。');
      return store.evidence.setRemoved(id, false, ctx, now());
    },

    'evidence.export': async ({ ledgerId, period, unit, rowIds }) => {
      const ledger = requireLedger(ledgerId);
      const range = periodRange(period);
      const evidence = store.evidence.list({ ledgerId, ...range });
      const rows = store.rows.listInOrder(ledgerId, null, 'plan');
      const units = store.units.list();
      if (unit && !units.some((u) => u.name === unit || u.aliases.includes(unit)) && !rows.some((r) => [r.values.leadDept, r.values.units].some((t) => t.includes(unit)))) {
        throw new AppError('not_found', `单位目录和台账中都没有“${unit}”，请检查单位名称。`);
      }
      const items = planPackage(rows, units, evidence, { unit, rowIds });
      if (!items.length) {
        const what = [period ? `${period} ` : '', unit ? `${unit} ` : '', rowIds ? '所选行' : ''].join('');
        throw new AppError('empty_input', `${what || '该台账'}没有佐证材料可导出。请先在台账行上添加佐证材料，或换一个期间/单位。`);
      }
      const title = `${ledger.name} 佐证材料清单${period ? `（${period}）` : ''}${unit ? `（${unit}）` : ''}`;
      const { bytes, totalBytes } = await buildPackage(items, (sha) => store.evidenceBlobs.read(sha), title);
      const fileName = sanitiseFileName(`${ledger.name}-佐证材料${period ? `-${period}` : ''}${unit ? `-${unit}` : ''}.zip`);
      return { fileName, bytes: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), files: items.length, totalBytes, paths: items.map((i) => i.path) };
    },
  };
}
