// Attaching files to a row for a month: limits, type by bytes, sanitised names, content-addressed storage,
// one transaction for the records. Shared by evidence.add and by submissions that carry evidence.
import { EVIDENCE_MAX_BATCH_BYTES, EVIDENCE_MAX_FILE_BYTES, type Evidence, type EvidenceType } from '#shared/api/evidence-api.js';
import { AppError } from '#shared/errors.js';
import type { WriteContext } from '../db/change-log.js';
import type { NewEvidence } from '../db/evidence-repo.js';
import type { Store } from '../store.js';
import { sha256Hex } from './evidence-folder.js';
import { detectEvidenceType, EvidenceRefused } from './evidence-type.js';
import { sanitiseFileName } from './file-name.js';

export interface EvidenceLimits {
  maxFileBytes: number;
  /** Everything one add (or one submission import) carries. */
  maxBatchBytes: number;
}

const MB = 1024 * 1024;

/** Defaults, or `TAIZHANG_EVIDENCE_MAX_MB` (per file) where an administrator set it. */
export function evidenceLimits(overrides: Partial<EvidenceLimits> = {}, env: NodeJS.ProcessEnv = process.env): EvidenceLimits {
  const fromEnv = Number(env.TAIZHANG_EVIDENCE_MAX_MB);
  const maxFileBytes = overrides.maxFileBytes ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? Math.round(fromEnv * MB) : EVIDENCE_MAX_FILE_BYTES);
  return { maxFileBytes, maxBatchBytes: overrides.maxBatchBytes ?? Math.max(EVIDENCE_MAX_BATCH_BYTES, maxFileBytes) };
}

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
}

export interface CheckedFile {
  name: string;
  bytes: Uint8Array;
  type: EvidenceType;
  sha256: string;
}

function mb(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(bytes >= 10 * MB ? 0 : 1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Checks every file before anything is stored: one refused file refuses the whole batch (the message
 * names each file and what to do), so an add is never half-applied.
 */
export function checkEvidenceFiles(files: readonly IncomingFile[], limits: EvidenceLimits): CheckedFile[] {
  const problems: string[] = [];
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > limits.maxBatchBytes) {
    throw new AppError('too_large', `这些文件共 ${mb(total)}，超过一次可添加的上限 ${mb(limits.maxBatchBytes)}。请分几次添加。`);
  }
  const out: CheckedFile[] = [];
  for (const f of files) {
    const shown = sanitiseFileName(f.name);
    if (f.bytes.length > limits.maxFileBytes) {
      problems.push(`“${shown}”有 ${mb(f.bytes.length)}，超过单个文件的上限 ${mb(limits.maxFileBytes)}，请压缩图片或拆分文件后再添加`);
      continue;
    }
    try {
      const type = detectEvidenceType(f.bytes);
      out.push({ name: sanitiseFileName(f.name, type), bytes: f.bytes, type, sha256: sha256Hex(f.bytes) });
    } catch (err) {
      if (!(err instanceof EvidenceRefused)) throw err;
      problems.push(`“${shown}”${err.message.startsWith('是') || err.message.startsWith('不是') || err.message.startsWith('压缩包中') ? '' : '：'}${err.message}`);
    }
  }
  if (problems.length) {
    const shown = problems.slice(0, 5).join('；');
    const head = files.length > 1 ? `${problems.length} 个文件不能添加，为免只添加一部分，未添加任何文件（共 ${files.length} 个）：` : '未添加：';
    throw new AppError('unsupported_file', `${head}${shown}${problems.length > 5 ? '…' : ''}。`);
  }
  return out;
}

export interface AttachTarget {
  ledgerId: number;
  rowId: number;
  period: string;
  unit: string | null;
}

/**
 * Stores the bytes (once per content) and records each file on each target in one transaction. The
 * same content already on a target (row + month) is reported as a duplicate, not added again.
 */
export function attachEvidence(
  store: Store,
  targets: readonly AttachTarget[],
  files: readonly CheckedFile[],
  ctx: WriteContext,
  at: string,
): { added: Evidence[]; duplicates: Evidence[] } {
  const duplicates: Evidence[] = [];
  const items: NewEvidence[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    for (const f of files) {
      const key = `${t.rowId}|${t.period}|${f.sha256}`;
      const existing = store.evidence.findSame(t.rowId, t.period, f.sha256);
      if (existing) {
        if (!seen.has(key)) duplicates.push(existing);
        seen.add(key);
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      items.push({ ...t, name: f.name, size: f.bytes.length, sha256: f.sha256, type: f.type });
    }
  }
  // Bytes first: a record never names content that is not stored (a file without a record is harmless).
  const stored = new Set<string>();
  for (const f of files) {
    if (stored.has(f.sha256) || !items.some((i) => i.sha256 === f.sha256)) continue;
    store.evidenceBlobs.put(f.bytes, f.sha256);
    stored.add(f.sha256);
  }
  return { added: items.length ? store.evidence.addAll(items, ctx, at) : [], duplicates };
}
