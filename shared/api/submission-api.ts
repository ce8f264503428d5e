// Importing school submissions: many filled forms in, a previewed diff, one undoable batch out.
// A preview is a session held by the backend (previewId); resolve edits it, apply writes it.
import { z } from 'zod';
import { fieldKeySchema, idSchema, periodSchema, unitSchema } from '../domain.js';
import { method } from './method.js';
import { FILE_LIMITS, fileTooLargeMessage } from '../file-limits.js';

/** One submitted file may not exceed this (a filled form is a few hundred KB). */
export const SUBMISSION_FILE_MAX_BYTES = FILE_LIMITS.submission.maxBytes;
export const SUBMISSION_MAX_FILES = 200;

export const submissionFileInput = z.object({
  name: z.string().trim().min(1, '文件名不能为空').max(255, '文件名过长'),
  bytes: z
    .instanceof(Uint8Array)
    .refine((b) => b.length <= SUBMISSION_FILE_MAX_BYTES, fileTooLargeMessage('submission')),
});

export const SUBMISSION_FILE_STATUSES = ['ok', 'empty', 'needs-unit', 'duplicate', 'error'] as const;
export const submissionFileStatusSchema = z.enum(SUBMISSION_FILE_STATUSES);
export type SubmissionFileStatus = z.infer<typeof submissionFileStatusSchema>;

/** What happens to one submitted row: update a ledger row, add a new row, nothing, or cannot place it. */
export const SUBMISSION_ROW_ACTIONS = ['update', 'new', 'unchanged', 'unmatched'] as const;
export const submissionRowActionSchema = z.enum(SUBMISSION_ROW_ACTIONS);

export const cellChangeSchema = z.object({
  field: fieldKeySchema,
  /** The sheet cell the value came from (A1-style). */
  cell: z.string(),
  oldValue: z.string(),
  newValue: z.string(),
});
export type CellChange = z.infer<typeof cellChangeSchema>;

export const submissionWarningSchema = z.object({ cell: z.string(), message: z.string() });

export const conflictSchema = z.object({
  kind: z.enum(['same-unit', 'older-file']),
  message: z.string(),
});

export const submissionRowSchema = z.object({
  /** Stable within the preview: `${fileKey}:${sheetRow}`. */
  key: z.string(),
  sheetRow: z.number().int(),
  /** A1 address of the row's first cell. */
  cell: z.string(),
  taskCode: z.string(),
  taskText: z.string(),
  measures: z.string(),
  /** Normalised values as written to the ledger (strings, like the grid's). */
  values: z.partialRecord(fieldKeySchema, z.string()),
  /** Typed readings for scripts: numbers are numbers, percent 0–100, deadline ISO. */
  target: z.union([z.number(), z.string()]).nullable(),
  done: z.number().nullable(),
  percent: z.number().nullable(),
  status: z.string().nullable(),
  deadline: z.string().nullable(),
  progress: z.string().nullable(),
  action: submissionRowActionSchema,
  /** The ledger row updated, or the task row a new row goes under. */
  rowId: idSchema.nullable(),
  parentId: idSchema.nullable(),
  matchedBy: z.enum(['code-unit', 'similarity', 'none']),
  /** Where the row goes, for the clerk: 5. 切实保障学位需求 › 和平小学. */
  targetLabel: z.string(),
  changes: z.array(cellChangeSchema),
  conflict: conflictSchema.nullable(),
  included: z.boolean(),
  note: z.string().nullable(),
});
export type SubmissionRow = z.infer<typeof submissionRowSchema>;

export const previewCountsSchema = z.object({
  files: z.number().int(),
  updatedCells: z.number().int(),
  newRows: z.number().int(),
  unchanged: z.number().int(),
  unmatched: z.number().int(),
  warnings: z.number().int(),
  conflicts: z.number().int(),
});
export type PreviewCounts = z.infer<typeof previewCountsSchema>;

export const submissionFileSchema = z.object({
  key: z.string(),
  file: z.string(),
  size: z.number().int(),
  hash: z.string(),
  status: submissionFileStatusSchema,
  /** Chinese: why the file has this status (error, needs-unit, duplicate), or a summary. */
  message: z.string(),
  errorCode: z.string().nullable(),
  sheet: z.string().nullable(),
  unit: z.string().nullable(),
  unitId: idSchema.nullable(),
  /** Where the unit came from: the 报送单位 cell, the file name, or the clerk. */
  unitSource: z.enum(['cell', 'file-name', 'clerk']).nullable(),
  /** What the form says, when it names a unit not in the directory. */
  unitText: z.string().nullable(),
  period: periodSchema,
  reportDate: z.string().nullable(),
  included: z.boolean(),
  rows: z.array(submissionRowSchema),
  warnings: z.array(submissionWarningSchema),
  counts: previewCountsSchema,
});
export type SubmissionFile = z.infer<typeof submissionFileSchema>;

export const submissionPreviewSchema = z.object({
  previewId: z.string(),
  ledgerId: idSchema,
  files: z.array(submissionFileSchema),
  totals: previewCountsSchema,
});
export type SubmissionPreview = z.infer<typeof submissionPreviewSchema>;

export const batchSchema = z.object({
  id: idSchema,
  ledgerId: idSchema,
  createdAt: z.string(),
  actor: z.string(),
  status: z.enum(['applied', 'undone']),
  undoneAt: z.string().nullable(),
  backupPath: z.string(),
  cells: z.number().int(),
  newRows: z.number().int(),
  files: z.array(
    z.object({ fileName: z.string(), unitName: z.string(), period: z.string(), rowsApplied: z.number().int(), fileHash: z.string() }),
  ),
});
export type BatchDto = z.infer<typeof batchSchema>;

export const trackerSchema = z.object({
  ledgerId: idSchema,
  period: periodSchema,
  units: z.array(
    z.object({
      unitId: idSchema,
      name: z.string(),
      kind: z.string(),
      submitted: z.boolean(),
      files: z.array(z.object({ fileName: z.string(), batchId: idSchema, createdAt: z.string(), rowsApplied: z.number().int(), reportDate: z.string().nullable() })),
    }),
  ),
  submitted: z.number().int(),
  missing: z.number().int(),
});
export type TrackerDto = z.infer<typeof trackerSchema>;

export const submissionApi = {
  'submissions.preview': method({
    summary: 'Read submitted files (bytes) and preview what they would change; add to an open preview with previewId',
    input: z
      .object({
        ledgerId: idSchema,
        /** The reporting period of every file; default per file from its name/title (6月报送) or report date. */
        period: periodSchema.optional(),
        /**
         * The month being collected, for files that name no month (no 6月 in name or title, no report date);
         * default: the ledger's latest month with data, or this month for this year's ledger (shared/as-of.ts).
         */
        batchPeriod: periodSchema.optional(),
        previewId: z.string().max(100).optional(),
        files: z.array(submissionFileInput).min(1, '请选择要导入的报送文件').max(SUBMISSION_MAX_FILES, `一次最多导入 ${SUBMISSION_MAX_FILES} 个文件`),
      })
      .strict(),
    output: submissionPreviewSchema,
  }),
  'submissions.resolve': method({
    summary: 'Change an open preview: assign a unit, set the period, untick a file or rows',
    input: z
      .object({
        previewId: z.string().max(100),
        fileKey: z.string().max(100),
        unitId: idSchema.nullable().optional(),
        period: periodSchema.optional(),
        /** Change the batch's month (files that name no month follow it). */
        batchPeriod: periodSchema.optional(),
        included: z.boolean().optional(),
        rows: z.array(z.object({ key: z.string().max(100), included: z.boolean() })).max(10_000).optional(),
      })
      .strict(),
    output: submissionPreviewSchema,
  }),
  'submissions.get': method({
    summary: 'An open preview as it stands (the page shows it again after a tab switch or reload)',
    input: z.object({ previewId: z.string().max(100) }).strict(),
    output: submissionPreviewSchema,
  }),
  'submissions.addUnit': method({
    summary: "Add the unit a file's 报送单位 cell names to the directory, then re-resolve every file of the preview",
    input: z
      .object({
        previewId: z.string().max(100),
        fileKey: z.string().max(100),
        kind: unitSchema.shape.kind,
        /** The unit's name; default: what the 报送单位 cell says. */
        name: z.string().trim().min(1, '单位名称不能为空').max(100).optional(),
      })
      .strict(),
    output: z.object({ unit: unitSchema, preview: submissionPreviewSchema }),
  }),
  'submissions.aliasUnit': method({
    summary: "Make what a file's 报送单位 cell says an alias of a unit of the directory, then re-resolve every file of the preview",
    input: z.object({ previewId: z.string().max(100), fileKey: z.string().max(100), unitId: idSchema }).strict(),
    output: z.object({ unit: unitSchema, preview: submissionPreviewSchema }),
  }),
  'submissions.apply': method({
    summary: 'Write the ticked changes of a preview in one transaction, after a database backup; returns the batch',
    input: z.object({ previewId: z.string().max(100) }).strict(),
    output: z.object({ batch: batchSchema, preview: submissionPreviewSchema }),
  }),
  'submissions.discard': method({
    summary: 'Close a preview without writing anything',
    input: z.object({ previewId: z.string().max(100) }).strict(),
    output: z.object({ discarded: z.boolean() }),
  }),
  'submissions.undo': method({
    summary: 'Undo a whole import batch (values written by it go back, rows it added are removed)',
    input: z.object({ batchId: idSchema }).strict(),
    output: z.object({ batch: batchSchema, restored: z.number().int(), removedRows: z.number().int(), kept: z.array(z.string()) }),
  }),
  'submissions.batches': method({
    summary: 'Import batches of a ledger, newest first',
    input: z.object({ ledgerId: idSchema }).strict(),
    output: z.array(batchSchema),
  }),
  'submissions.tracker': method({
    summary: 'Which units have submitted for a period and which have not, with their files',
    input: z.object({ ledgerId: idSchema, period: periodSchema }).strict(),
    output: trackerSchema,
  }),
} as const;
