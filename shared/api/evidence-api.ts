// 佐证材料: files attached to a row for a month (photos, minutes, notices, sign-in sheets), listed per month,
// opened, renamed, removed (undoable) and exported as the package an inspector asks for.
import { z } from 'zod';
import { idSchema, periodSchema } from '../domain.js';
import { method } from './method.js';

/** What a stored file is, recognised from its bytes (never from its name). */
export const EVIDENCE_TYPES = ['jpeg', 'png', 'heic', 'pdf', 'docx', 'doc', 'xlsx', 'xls', 'pptx', 'ppt', 'ofd', 'zip'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const EVIDENCE_TYPE_LABELS: Readonly<Record<EvidenceType, string>> = {
  jpeg: 'JPEG 图片',
  png: 'PNG 图片',
  heic: 'HEIC 图片',
  pdf: 'PDF 文档',
  docx: 'Word 文档',
  doc: 'Word/WPS 文字（旧格式）',
  xlsx: 'Excel 表格',
  xls: 'Excel/WPS 表格（旧格式）',
  pptx: 'PowerPoint 演示',
  ppt: 'PowerPoint/WPS 演示（旧格式）',
  ofd: 'OFD 版式文档',
  zip: '压缩包',
};

/** The extension a file of this type gets when its name has none (export, download). */
export const EVIDENCE_EXTENSIONS: Readonly<Record<EvidenceType, string>> = {
  jpeg: 'jpg',
  png: 'png',
  heic: 'heic',
  pdf: 'pdf',
  docx: 'docx',
  doc: 'doc',
  xlsx: 'xlsx',
  xls: 'xls',
  pptx: 'pptx',
  ppt: 'ppt',
  ofd: 'ofd',
  zip: 'zip',
};

export const EVIDENCE_MIME: Readonly<Record<EvidenceType, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ppt: 'application/vnd.ms-powerpoint',
  ofd: 'application/ofd',
  zip: 'application/zip',
};

/** Default limits: one file, and everything one add (or one submission import) carries. */
export const EVIDENCE_MAX_FILE_BYTES = 50 * 1024 * 1024;
// 200 MB: what the browser host (`serve`, 300 MB per request once encoded) can carry in one add.
export const EVIDENCE_MAX_BATCH_BYTES = 200 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 200;

/** The documented record (CLI `evidence list --json`): id, rowId, period, name, size, sha256, type, addedAt, addedBy. */
export const evidenceSchema = z.object({
  id: idSchema,
  rowId: idSchema,
  period: periodSchema,
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  type: z.enum(EVIDENCE_TYPES),
  addedAt: z.string(),
  addedBy: z.string(),
  ledgerId: idSchema,
  /** The unit that sent it (from a submission), when known. */
  unit: z.string().nullable(),
  /** Set when removed (evidence.restore brings it back). */
  removedAt: z.string().nullable(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

const fileInput = z.object({
  name: z.string().max(1000),
  bytes: z.instanceof(Uint8Array),
});

/** A month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY). */
export const evidencePeriodSchema = z
  .string()
  .regex(/^(19|20|21)\d\d(-(0[1-9]|1[0-2])|-Q[1-4])?$/, '期间应写成“年-月”（2020-06）、季度（2020-Q2）或年份（2020）');

export const evidenceExportInput = z
  .object({
    ledgerId: idSchema,
    period: evidencePeriodSchema.optional(),
    /** Only this unit's evidence: what it sent, and what is attached to its rows (aliases resolved). */
    unit: z.string().trim().min(1).max(100).optional(),
    /** Only these rows (e.g. a report's attention list) and their sub-rows. */
    rowIds: z.array(idSchema).max(100_000).optional(),
  })
  .strict();

/** A file carried by a submission (in its .zip, or dropped with it): where it will be attached, or why not. */
export const submissionEvidenceItemSchema = z.object({
  name: z.string(),
  /** Path inside the zip (or the dropped file's name). */
  path: z.string(),
  /** The zip it came in, if any. */
  container: z.string().nullable(),
  size: z.number().int(),
  type: z.enum(EVIDENCE_TYPES).nullable(),
  unit: z.string().nullable(),
  period: periodSchema.nullable(),
  rows: z.array(z.object({ rowId: idSchema, label: z.string() })),
  /** Attached when the import is applied. */
  attach: z.boolean(),
  /** Chinese: how the rows were chosen, or why it is not attached. */
  reason: z.string(),
});
export type SubmissionEvidenceItem = z.infer<typeof submissionEvidenceItemSchema>;

export const evidenceApi = {
  'submissions.evidence': method({
    summary: 'The 佐证材料 an open submission preview carries (a .zip with the form and photos, or files dropped with it): unit, month and rows each goes to when applied',
    input: z.object({ previewId: z.string().max(100) }).strict(),
    output: z.array(submissionEvidenceItemSchema),
  }),
  'evidence.add': method({
    summary: 'Attach files to a row for a month (types recognised by their bytes; the same content on the same row and month is not added twice)',
    input: z
      .object({
        rowId: idSchema,
        period: periodSchema.optional(),
        files: z.array(fileInput).min(1, '请选择要添加的佐证材料').max(EVIDENCE_MAX_FILES, `一次最多添加 ${EVIDENCE_MAX_FILES} 个文件`),
      })
      .strict(),
    output: z.object({
      period: periodSchema,
      added: z.array(evidenceSchema),
      /** Already attached to this row for this month (same content): nothing new stored. */
      duplicates: z.array(evidenceSchema),
    }),
  }),
  'evidence.list': method({
    summary: 'Evidence of a ledger, a row, a month/quarter/year (removed ones with includeRemoved), by month then row',
    input: z
      .object({
        ledgerId: idSchema.optional(),
        rowId: idSchema.optional(),
        period: evidencePeriodSchema.optional(),
        includeRemoved: z.boolean().optional(),
      })
      .strict(),
    output: z.array(evidenceSchema),
  }),
  'evidence.counts': method({
    summary: "Per row: how many files are attached in the month and in all months (the grid's badge)",
    input: z.object({ ledgerId: idSchema, period: periodSchema.optional() }).strict(),
    output: z.array(z.object({ rowId: idSchema, inPeriod: z.number().int(), total: z.number().int() })),
  }),
  'evidence.thumbnail': method({
    summary: 'A small PNG of an image (made in a worker, cached by content); null where there is none (PDF, HEIC, documents)',
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ png: z.instanceof(Uint8Array).nullable() }),
  }),
  'evidence.open': method({
    summary: 'The bytes of a file with its name and MIME type (browser: a new tab); external: the desktop host opens a copy in the system viewer',
    input: z.object({ id: idSchema, external: z.boolean().optional() }).strict(),
    output: z.object({
      name: z.string(),
      type: z.enum(EVIDENCE_TYPES),
      mime: z.string(),
      bytes: z.instanceof(Uint8Array),
      /** The desktop host opened it in the system viewer (only with external, where the host can). */
      openedExternally: z.boolean(),
    }),
  }),
  'evidence.rename': method({
    summary: 'Rename a file (the name is sanitised; logged)',
    input: z.object({ id: idSchema, name: z.string().max(1000) }).strict(),
    output: evidenceSchema,
  }),
  'evidence.remove': method({
    summary: 'Remove a file from its row (kept in the change log; evidence.restore undoes it)',
    input: z.object({ id: idSchema }).strict(),
    output: evidenceSchema,
  }),
  'evidence.restore': method({
    summary: 'Undo a removal',
    input: z.object({ id: idSchema }).strict(),
    output: evidenceSchema,
  }),
  'evidence.export': method({
    summary: 'The evidence package: a .zip laid out 序号-任务/单位/月份/文件名 with 清单.xlsx (row, unit, month, file, size, SHA-256, added by, added at)',
    input: evidenceExportInput,
    output: z.object({
      fileName: z.string(),
      bytes: z.instanceof(Uint8Array),
      files: z.number().int(),
      totalBytes: z.number().int(),
      /** Package paths, in order (the 清单 lists the same). */
      paths: z.array(z.string()),
    }),
  }),
} as const;
