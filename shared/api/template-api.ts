// The bureau's Excel templates: register one (header band found and columns mapped by meaning),
// correct its mapping, export a ledger into it, and produce per-unit submission forms.
import { z } from 'zod';
import { fieldKeySchema, idSchema, periodSchema } from '../domain.js';
import { method } from './method.js';
import { FILE_LIMITS, fileTooLargeMessage } from '../file-limits.js';

/** Templates are small; this refuses a wrong pick (a photo, a database) before any parsing. */
export const TEMPLATE_FILE_MAX_BYTES = FILE_LIMITS.template.maxBytes;

export const templateKindSchema = z.enum(['ledger', 'submission']);
export type TemplateKind = z.infer<typeof templateKindSchema>;

/**
 * What fills one template column: a ledger field, the running count (序号 when another column holds the
 * plan number), the unit of a target (目标任务/单位), a custom column (the ledger's own column with that
 * label, see workbench-api; for ledgers without one, the fixed `value`), or nothing (an unmapped column
 * headed like one of the ledger's own columns still takes that column's values).
 */
export const columnTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: fieldKeySchema }),
  z.object({ kind: z.literal('rowNumber') }),
  z.object({ kind: z.literal('targetUnit') }),
  z.object({ kind: z.literal('custom'), label: z.string().trim().min(1, '自定义列名称不能为空').max(50), value: z.string().max(200).default('') }),
  z.object({ kind: z.literal('none') }),
]);
export type ColumnTarget = z.infer<typeof columnTargetSchema>;

export const templateColumnSchema = z.object({
  col: z.number().int().positive(),
  letter: z.string(),
  /** The header as written, levels joined with '/': 目标任务/目标值. */
  header: z.string(),
  target: columnTargetSchema,
  /** 0–1 for automatic mappings; 1 when set by hand. */
  confidence: z.number(),
  /** 'auto' or 'manual'. */
  origin: z.enum(['auto', 'manual']),
});
export type TemplateColumn = z.infer<typeof templateColumnSchema>;

export const templateLayoutSchema = z.object({
  sheet: z.string(),
  title: z.string().nullable(),
  headerFirstRow: z.number().int().positive(),
  headerLastRow: z.number().int().positive(),
  firstDataRow: z.number().int().positive(),
  /** First row under the data that is kept below it (审核人：…, 注：…), if any. */
  footerFirstRow: z.number().int().positive().nullable(),
  /** First and last column of the table. */
  firstCol: z.number().int().positive(),
  lastCol: z.number().int().positive(),
  /** Date lines filled on export: 截至时间：  年  月  日, 统计截止：, 填报日期：. */
  dateCells: z.array(z.object({ address: z.string(), text: z.string() })),
  /** {{占位符}} found in the template, with the cells holding them. */
  placeholders: z.array(z.object({ address: z.string(), name: z.string(), known: z.boolean() })),
  /** Where the submitting unit's name goes (报送单位：), if the template has such a line. */
  unitCell: z.object({ address: z.string(), label: z.string(), value: z.string() }).nullable(),
});
export type TemplateLayout = z.infer<typeof templateLayoutSchema>;

export const templateSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: templateKindSchema,
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  layout: templateLayoutSchema,
  columns: z.array(templateColumnSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TemplateDto = z.infer<typeof templateSchema>;

const templateName = z.string().trim().min(1, '模板名称不能为空').max(100, '模板名称不能超过 100 个字');
const templateBytes = z
  .instanceof(Uint8Array)
  .refine((b) => b.length <= TEMPLATE_FILE_MAX_BYTES, fileTooLargeMessage('template'));

/** Which template to use: a registered one by id, or none for the built-in default (A3 landscape). */
const templateRef = idSchema.nullable().optional();

/** File contents; typed as any Uint8Array (Node's Buffer-backed ones included). */
const fileBytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, '文件内容应为字节');

export const exportedFileSchema = z.object({
  fileName: z.string(),
  bytes: fileBytes,
});

export const templateApi = {
  'templates.list': method({
    summary: 'Registered templates, newest first (without their bytes)',
    input: z.object({}).strict(),
    output: z.array(templateSchema),
  }),
  'templates.add': method({
    summary: 'Register an .xlsx (or legacy .xls, stored converted to .xlsx) template: find its header band, map its columns by meaning, store the file in the database',
    input: z
      .object({
        bytes: templateBytes,
        fileName: z.string().trim().min(1).max(500),
        /** Defaults to the file name without extension (made unique). */
        name: templateName.optional(),
        /** Defaults to 'submission' when the template has a 报送单位 line, else 'ledger'. */
        kind: templateKindSchema.optional(),
      })
      .strict(),
    /** warnings: e.g. a legacy .xls stored as .xlsx (fonts, borders and page setup not kept). */
    output: templateSchema.extend({ warnings: z.array(z.string()).optional() }),
  }),
  'templates.updateMapping': method({
    summary: 'Set what fills some template columns (by hand), rename, or change the kind; other columns keep their mapping',
    input: z
      .object({
        templateId: idSchema,
        columns: z.array(z.object({ col: z.number().int().positive(), target: columnTargetSchema })).max(200).default([]),
        name: templateName.optional(),
        kind: templateKindSchema.optional(),
      })
      .strict(),
    output: templateSchema,
  }),
  'templates.delete': method({
    summary: 'Delete a registered template',
    input: z.object({ templateId: idSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'templates.file': method({
    summary: 'The stored template file as registered',
    input: z.object({ templateId: idSchema }).strict(),
    output: exportedFileSchema,
  }),
  'export.ledger': method({
    summary: 'Export a ledger (whole, some rows, or one unit’s rows; for a period) into a copy of a template, or the built-in default',
    input: z
      .object({
        ledgerId: idSchema,
        templateId: templateRef,
        /** Progress of this month; omitted: each field's latest value. */
        period: periodSchema.optional(),
        /** Only rows whose 牵头科室/责任单位 name this unit (with their section and task rows). */
        unit: z.string().trim().min(1).max(100).optional(),
        /** Only these rows (e.g. what the grid's filter shows), with their section and task rows. */
        rowIds: z.array(idSchema).max(200_000).optional(),
        /** Measure rows under each task (default) or one line per task with the measures in its cell. */
        includeItems: z.boolean().default(true),
        /** The date written into 截至时间/统计截止/填报日期, YYYY-MM-DD; default: end of the period, or today. */
        asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写成 2020-06-30').optional(),
      })
      .strict(),
    output: exportedFileSchema.extend({
      sections: z.number().int().nonnegative(),
      tasks: z.number().int().nonnegative(),
      items: z.number().int().nonnegative(),
      warnings: z.array(z.string()),
    }),
  }),
  'export.forms': method({
    summary: 'Per-unit submission forms: one workbook per responsible unit with its rows, its name, a status drop-down and protected code columns',
    input: z
      .object({
        ledgerId: idSchema,
        templateId: templateRef,
        period: periodSchema.optional(),
        /** Only these units (default: every unit named in 牵头科室/责任单位). */
        units: z.array(z.string().trim().min(1).max(100)).max(1000).optional(),
        asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写成 2020-06-30').optional(),
      })
      .strict(),
    output: z.object({
      forms: z.array(exportedFileSchema.extend({ unit: z.string(), rows: z.number().int().nonnegative() })),
      /** All forms in one .zip, for hosts that save a single file. */
      zip: exportedFileSchema,
      warnings: z.array(z.string()),
    }),
  }),
} as const;
