// Handlers for opening an Excel ledger as a new ledger and taking back edits made in an exported
// workbook (shared/api/ledger-import-api.ts). Previews are held here by previewId; nothing is written
// until create / mergeApply.
import { randomUUID } from 'node:crypto';
import type { ImportNode, LedgerImportPreview, ledgerImportApi } from '#shared/api/ledger-import-api.js';
import { AppError } from '#shared/errors.js';
import { FIELD_BY_KEY, type FieldKey } from '#shared/fields.js';
import { applyMerge, buildMerge, mergeFileFor, recogniseLedger, type MergeFile, type MergeSession } from '../ledger-import/export-merge.js';
import { createLedgerFromFile } from '../ledger-import/ledger-create.js';
import { storeMergeReads } from '../ledger-import/merge-reads.js';
import { warmBackupWorker } from '../db/backup-off-thread.js';
import { countNodes, readLedgerData, readLedgerFile, suggestedName, type LedgerFile, type LedgerNode } from '../ledger-import/ledger-reader.js';
import type { Store } from '../store.js';
import { now, type HandlersFor } from './handler-types.js';

const MAX_SESSIONS = 10;

interface ImportSession {
  kind: 'import';
  file: LedgerFile;
  bytes: Uint8Array;
}

interface HeldMerge extends MergeSession {
  kind: 'merge';
  how: string;
}

const GONE = '这次导入的预览已关闭或已完成，请重新选择文件。';

/** The tree in depth-first order, with custom values by their column's label. */
export function flattenNodes(file: LedgerFile): ImportNode[] {
  const labels = new Map(file.columns.flatMap((c) => (c.use.kind === 'custom' ? [[c.use.key, c.use.label] as const] : [])));
  const out: ImportNode[] = [];
  const visit = (n: LedgerNode, depth: number) => {
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(n.custom)) custom[labels.get(k) ?? k] = v;
    out.push({ key: String(out.length), depth, level: n.level, cell: n.cell, values: { ...n.values }, custom });
    n.children.forEach((c) => visit(c, depth + 1));
  };
  file.roots.forEach((n) => visit(n, 0));
  return out;
}

export function previewDto(previewId: string, file: LedgerFile): LedgerImportPreview {
  return {
    previewId,
    fileName: file.name,
    sheet: file.sheet,
    title: file.title,
    suggestedName: suggestedName(file),
    year: file.year,
    period: file.period,
    columns: file.columns.map((c) => ({
      col: c.col,
      letter: c.letter,
      header: c.header,
      use: c.use.kind,
      field: c.use.kind === 'field' ? c.use.field : null,
      label: c.use.kind === 'field' ? FIELD_BY_KEY[c.use.field as FieldKey].label : c.use.kind === 'custom' ? c.use.label : '（流水号）',
      note: c.note,
    })),
    nodes: flattenNodes(file),
    counts: countNodes(file.roots),
    issues: file.issues,
    skipped: file.skipped,
  };
}

export function ledgerImportHandlers(store: Store): HandlersFor<keyof typeof ledgerImportApi> {
  const sessions = new Map<string, ImportSession | HeldMerge>();
  const hold = (s: ImportSession | HeldMerge): string => {
    const id = randomUUID();
    sessions.set(id, s);
    while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    return id;
  };

  return {
    'ledgerimport.preview': async ({ fileName, bytes, period }) => {
      const file = await readLedgerFile(fileName, bytes, period ? { period } : {});
      const id = hold({ kind: 'import', file, bytes });
      return previewDto(id, file);
    },

    'ledgerimport.create': ({ previewId, name, year, period }, ctx) => {
      const s = sessions.get(previewId);
      if (!s || s.kind !== 'import') throw new AppError('not_found', GONE);
      const result = createLedgerFromFile(
        store,
        period ? { ...s.file, period } : s.file,
        s.bytes,
        { name: name ?? suggestedName(s.file), year: year === undefined ? s.file.year : year },
        ctx,
        now(),
      );
      sessions.delete(previewId);
      return result;
    },

    'ledgerimport.discard': ({ previewId }) => ({ discarded: sessions.delete(previewId) }),

    'ledgerimport.mergePreview': async ({ fileName, bytes, ledgerId }) => {
      // An apply may follow: its backup's worker starts while the workbook is read.
      if (!store.readOnly) warmBackupWorker();
      const read = await readLedgerData(fileName, bytes);
      const reads = storeMergeReads(store);
      const { ledgerId: id, how } = recogniseLedger(reads, read, ledgerId);
      const kept: MergeFile = mergeFileFor(reads, read, id);
      const plan = buildMerge(reads, kept, id, how);
      const previewId = hold({ kind: 'merge', id: '', ledgerId: id, file: kept, how });
      return { previewId, ...plan.dto };
    },

    'ledgerimport.mergeApply': async ({ previewId, keys }, ctx) => {
      const s = sessions.get(previewId);
      if (!s || s.kind !== 'merge') throw new AppError('not_found', GONE);
      const result = await applyMerge(store, s, s.how, keys, ctx, now);
      sessions.delete(previewId);
      return result;
    },
  };
}
