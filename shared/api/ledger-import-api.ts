// Existing Excel ledgers: open one as a new ledger (preview the tree and every cell not understood,
// then create the ledger and register the file's layout as a template), and take back edits made in
// a workbook this app exported (cells changed since the export, rows added or deleted, conflicts with
// edits made in the app since), applied as one undoable batch (submissions.undo).
import { z } from 'zod';
import { idSchema, ledgerSchema, periodSchema, rowLevelSchema } from '../domain.js';
import { batchSchema } from './submission-api.js';
import { method } from './method.js';
import { FILE_LIMITS, fileTooLargeMessage } from '../file-limits.js';

/** A ledger workbook may not exceed this. */
export const LEDGER_FILE_MAX_BYTES = FILE_LIMITS.ledger.maxBytes;

const fileInput = {
  fileName: z.string().trim().min(1, '文件名不能为空').max(255, '文件名过长'),
  bytes: z
    .instanceof(Uint8Array)
    .refine((b) => b.length <= LEDGER_FILE_MAX_BYTES, fileTooLargeMessage('ledger')),
};

const issueSchema = z.object({ cell: z.string(), message: z.string() });

export const importColumnSchema = z.object({
  col: z.number().int().positive(),
  letter: z.string(),
  header: z.string(),
  /** field: a standard column; custom: becomes a custom column of the new ledger; rowNumber: a running count (renumbered on export). */
  use: z.enum(['field', 'custom', 'rowNumber']),
  field: z.string().nullable(),
  /** The ledger column it becomes (field label or custom column name). */
  label: z.string(),
  note: z.string(),
});

export const importNodeSchema = z.object({
  /** Depth-first position, stable within the preview. */
  key: z.string(),
  depth: z.number().int().nonnegative(),
  level: rowLevelSchema,
  cell: z.string(),
  values: z.record(z.string(), z.string()),
  /** Custom column values by the column's label. */
  custom: z.record(z.string(), z.string()),
});
export type ImportNode = z.infer<typeof importNodeSchema>;

const countsSchema = z.object({
  sections: z.number().int(),
  tasks: z.number().int(),
  items: z.number().int(),
  rows: z.number().int(),
});

export const ledgerImportPreviewSchema = z.object({
  previewId: z.string(),
  fileName: z.string(),
  sheet: z.string(),
  title: z.string().nullable(),
  suggestedName: z.string(),
  year: z.number().int().nullable(),
  /** Month the progress values are stored under. */
  period: periodSchema,
  columns: z.array(importColumnSchema),
  nodes: z.array(importNodeSchema),
  counts: countsSchema,
  /** Every cell that could not be understood (kept as written), and hidden rows that were read. */
  issues: z.array(issueSchema),
  /** Rows left out: totals, notes, signature lines, repeated headers. */
  skipped: z.array(z.object({ row: z.number().int(), reason: z.string(), text: z.string() })),
});
export type LedgerImportPreview = z.infer<typeof ledgerImportPreviewSchema>;

export const mergeChangeSchema = z.object({
  key: z.string(),
  rowId: idSchema,
  /** Where, for the clerk: 5. 切实保障学位需求 › 增加学位… */
  rowLabel: z.string(),
  /** Field key, or `custom:<label>` for a custom column. */
  field: z.string(),
  fieldLabel: z.string(),
  cell: z.string(),
  /** The value when the ledger was exported (null: no export recorded, compared with the app's value). */
  exportedValue: z.string().nullable(),
  fileValue: z.string(),
  appValue: z.string(),
  /** Changed in the file AND in the app since the export, to different values: not applied unless chosen. */
  conflict: z.boolean(),
});
export type MergeChange = z.infer<typeof mergeChangeSchema>;

export const mergeAddedSchema = z.object({
  key: z.string(),
  cell: z.string(),
  level: rowLevelSchema,
  /** The row it goes under (null: top level, or under a row that is itself added). */
  parentId: idSchema.nullable(),
  parentKey: z.string().nullable(),
  label: z.string(),
  values: z.record(z.string(), z.string()),
});

export const mergeDeletedSchema = z.object({ key: z.string(), rowId: idSchema, label: z.string(), level: rowLevelSchema });

export const mergePreviewSchema = z.object({
  previewId: z.string(),
  ledgerId: idSchema,
  ledgerName: z.string(),
  fileName: z.string(),
  /** How the file was recognised as this ledger's export. */
  recognisedBy: z.string(),
  exportedAt: z.string().nullable(),
  period: periodSchema,
  changes: z.array(mergeChangeSchema),
  added: z.array(mergeAddedSchema),
  deleted: z.array(mergeDeletedSchema),
  issues: z.array(issueSchema),
  totals: z.object({ changes: z.number().int(), conflicts: z.number().int(), added: z.number().int(), deleted: z.number().int() }),
});
export type MergePreview = z.infer<typeof mergePreviewSchema>;

export const ledgerImportApi = {
  'ledgerimport.preview': method({
    summary: 'Read a filled Excel ledger: the rows as a tree (sections → tasks → children), its columns, and every cell not understood; nothing is written',
    input: z.object({ ...fileInput, period: periodSchema.optional() }).strict(),
    output: ledgerImportPreviewSchema,
  }),
  'ledgerimport.create': method({
    changesLedgers: true,
    summary: 'Create the previewed ledger in one transaction (rows, custom columns, values) and register the file’s layout as a template',
    input: z
      .object({
        previewId: z.string(),
        name: z.string().trim().min(1, '台账名称不能为空').max(100, '台账名称不能超过 100 个字').optional(),
        year: z.number().int().min(1900).max(2200).nullable().optional(),
        /** The month progress values are stored under (default: the preview's period). */
        period: periodSchema.optional(),
      })
      .strict(),
    output: z.object({
      ledger: ledgerSchema,
      counts: countsSchema,
      /** The file's layout registered as a template (null for a CSV file, which has no layout to keep). */
      templateId: idSchema.nullable(),
      customColumns: z.array(z.object({ key: z.string(), label: z.string() })),
      warnings: z.array(z.string()),
    }),
  }),
  'ledgerimport.discard': method({
    summary: 'Forget a preview (import or merge) without writing anything',
    input: z.object({ previewId: z.string() }).strict(),
    output: z.object({ discarded: z.boolean() }),
  }),
  'ledgerimport.mergePreview': method({
    summary: 'Compare a workbook exported from a ledger (and edited in Excel/WPS) with the export and the ledger now: changed cells, added and deleted rows, conflicts',
    input: z.object({ ...fileInput, ledgerId: idSchema.optional() }).strict(),
    output: mergePreviewSchema,
  }),
  'ledgerimport.mergeApply': method({
    summary: 'Apply all or some changes of a merge preview as one undoable batch (after a database backup); undo with submissions.undo',
    input: z
      .object({
        previewId: z.string(),
        /** Keys of the changes, added and deleted rows to apply; omitted: every change and added row that is not a conflict. */
        keys: z.array(z.string()).max(200_000).optional(),
      })
      .strict(),
    output: z.object({
      batch: batchSchema,
      cells: z.number().int(),
      addedRows: z.number().int(),
      deletedRows: z.number().int(),
    }),
  }),
} as const;
