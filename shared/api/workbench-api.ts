// The ledger workbench: clerk-defined columns, grid layout, status vocabulary, saved views,
// typed cell edits (standard and custom columns, validated and normalised) and row moves.
import { z } from 'zod';
import { CATEGORIES, defaultCategory, DEFAULT_LIGHT_THRESHOLDS, LIGHTS } from '../as-of.js';
import { idSchema, periodSchema, rowSchema } from '../domain.js';
import { DEFAULT_SCORING_SCHEME, type ScoringScheme } from '../report-figures.js';
import { scoringSchemeSchema } from './report-api.js';
import { cellValue } from './core-api.js';
import { method } from './method.js';

export const COLUMN_TYPES = ['text', 'longText', 'number', 'percent', 'date', 'status', 'unit'] as const;
export const columnTypeSchema = z.enum(COLUMN_TYPES);

export const COLUMN_TYPE_LABELS: Readonly<Record<(typeof COLUMN_TYPES)[number], string>> = {
  text: '文本',
  longText: '长文本',
  number: '数字',
  percent: '百分比',
  date: '日期',
  status: '状态',
  unit: '单位',
};

const columnLabel = z.string().trim().min(1, '列名不能为空').max(50, '列名不能超过 50 个字');

export const customColumnSchema = z.object({
  id: idSchema,
  ledgerId: idSchema,
  /** Stable key ('x1', 'x2' …): the key of this column in `Row.custom`, the CLI's JSON and the change log. */
  key: z.string(),
  label: z.string(),
  type: columnTypeSchema,
  /** Reported every month like the progress fields: values are kept per period. */
  perPeriod: z.boolean(),
});
export type CustomColumn = z.infer<typeof customColumnSchema>;

/** One grid column's place: standard columns by field key, custom ones by their key. */
export const layoutColumnSchema = z.object({
  id: z.string().min(1).max(40),
  width: z.number().int().min(30).max(2000).optional(),
  hidden: z.boolean().optional(),
  /** The clerk's own header for a standard column (custom columns are renamed through columns.update). */
  label: z.string().trim().max(50).optional(),
});
export const layoutSchema = z.object({
  /** Columns in display order; columns missing here keep their default place after these. */
  columns: z.array(layoutColumnSchema).max(300),
});
export type Layout = z.infer<typeof layoutSchema>;

export const STATUS_COLORS = ['green', 'blue', 'yellow', 'orange', 'red', 'grey', 'purple'] as const;
export const statusDefSchema = z.object({
  label: z.string().trim().min(1, '状态名称不能为空').max(20, '状态名称不能超过 20 个字'),
  color: z.enum(STATUS_COLORS),
  /** A row with this status counts as finished: it is never overdue. Follows `category` when that is given. */
  done: z.boolean().default(false),
  /** What the status counts as in 完成率 and lights; default from the label and `done` (shared/as-of.ts). */
  category: z.enum(CATEGORIES).optional(),
});
export type StatusDef = z.output<typeof statusDefSchema>;

export const DEFAULT_STATUS_DEFS: readonly StatusDef[] = [
  { label: '已完成', color: 'green', done: true, category: 'done' },
  { label: '推进中', color: 'blue', done: false, category: 'inProgress' },
  { label: '未启动', color: 'grey', done: false, category: 'notStarted' },
  { label: '滞后', color: 'red', done: false, category: 'lagging' },
];

/** A status's category: the clerk's choice, else the default for its label and done flag. */
export function statusCategory(s: Pick<StatusDef, 'label' | 'done' | 'category'>) {
  return s.category ?? defaultCategory(s.label, s.done);
}

const threshold = z.number().min(0).max(100);
/** Per-ledger settings of the as-of rules. */
const lightThresholdsSchema = z
  .object({ green: threshold, yellow: threshold })
  .refine((t) => t.green <= t.yellow, { message: '绿灯阈值不能大于黄灯阈值' });
export const ledgerSettingsSchema = z.object({
  /** Light thresholds in points of 序时进度 − progress: ≤ green is green, ≤ yellow is yellow, above red. */
  lights: lightThresholdsSchema.default({ ...DEFAULT_LIGHT_THRESHOLDS }),
  /** The 年考核's 评分细则 (shared/report-figures.ts). */
  scoring: scoringSchemeSchema.default(structuredClone(DEFAULT_SCORING_SCHEME) as ScoringScheme),
});
export type LedgerSettings = z.output<typeof ledgerSettingsSchema>;

/** A saved filter of the grid. */
export const viewStateSchema = z.object({
  search: z.string().max(200).default(''),
  unit: z.string().max(100).default(''),
  leader: z.string().max(100).default(''),
  status: z.string().max(20).default(''),
  overdue: z.boolean().default(false),
  // Filters by the rows' facts as of the shown month (row.asOf), set from the 统计 page's click-through.
  light: z.enum(LIGHTS).optional(),
  category: z.enum(CATEGORIES).optional(),
  /** Just these rows (and their ancestors): an attention item of the 统计 page. */
  rowIds: z.array(idSchema).max(10_000).optional(),
});
export type ViewState = z.output<typeof viewStateSchema>;

export const savedViewSchema = z.object({ id: idSchema, ledgerId: idSchema, name: z.string(), state: viewStateSchema });
export type SavedView = z.infer<typeof savedViewSchema>;

export const workbenchConfigSchema = z.object({
  columns: z.array(customColumnSchema),
  layout: layoutSchema.nullable(),
  statuses: z.array(statusDefSchema),
  views: z.array(savedViewSchema),
  /** Months that hold progress values in this ledger, newest first (for the period picker). */
  periods: z.array(periodSchema),
  /** The month shown when none is chosen: the latest month with data (shared/as-of.ts defaultPeriod). */
  defaultPeriod: periodSchema,
  settings: ledgerSettingsSchema,
});
export type WorkbenchConfig = z.infer<typeof workbenchConfigSchema>;

export const workbenchApi = {
  'workbench.config': method({
    summary: "A ledger's custom columns, grid layout, status vocabulary and saved views",
    input: z.object({ ledgerId: idSchema }).strict(),
    output: workbenchConfigSchema,
  }),
  'columns.add': method({
    summary: 'Add a clerk-defined column to a ledger',
    input: z
      .object({ ledgerId: idSchema, label: columnLabel, type: columnTypeSchema.default('text'), perPeriod: z.boolean().default(false) })
      .strict(),
    output: customColumnSchema,
  }),
  'columns.update': method({
    summary: 'Rename a custom column or change its type (values are kept as written)',
    input: z.object({ columnId: idSchema, label: columnLabel.optional(), type: columnTypeSchema.optional() }).strict(),
    output: customColumnSchema,
  }),
  'columns.delete': method({
    summary: 'Delete a custom column and its values (the values stay in the change log)',
    input: z.object({ columnId: idSchema }).strict(),
    output: z.object({ deleted: z.number().int().nonnegative() }),
  }),
  'layout.save': method({
    summary: "Save a ledger's column order, widths, hidden columns and headers",
    input: z.object({ ledgerId: idSchema, layout: layoutSchema }).strict(),
    output: layoutSchema,
  }),
  'statuses.set': method({
    summary: "Replace a ledger's status vocabulary (labels, colours, which ones count as done)",
    input: z
      .object({ ledgerId: idSchema, statuses: z.array(statusDefSchema).min(1, '至少需要一个状态').max(20, '状态不能超过 20 个') })
      .strict(),
    output: z.array(statusDefSchema),
  }),
  'settings.set': method({
    summary: "Change some of a ledger's settings (light thresholds, 评分细则); the others are kept; returns them all",
    input: z
      .object({ ledgerId: idSchema, settings: z.object({ lights: lightThresholdsSchema.optional(), scoring: scoringSchemeSchema.optional() }).strict() })
      .strict(),
    output: ledgerSettingsSchema,
  }),
  'views.save': method({
    summary: 'Save the current filters under a name (replaces a view of the same name)',
    input: z
      .object({ ledgerId: idSchema, name: z.string().trim().min(1, '视图名称不能为空').max(40, '视图名称不能超过 40 个字'), state: viewStateSchema })
      .strict(),
    output: savedViewSchema,
  }),
  'views.delete': method({
    summary: 'Delete a saved view',
    input: z.object({ viewId: idSchema }).strict(),
    output: z.object({ deleted: z.number().int().nonnegative() }),
  }),
  'cells.set': method({
    summary:
      'Set one cell of a standard or custom column, validated by the column type and normalised (５ → 5, 80％ → 80%); logged like rows.updateCell',
    input: z
      .object({
        rowId: idSchema,
        /** A standard field key (task, deadline …) or a custom column key (x1 …). */
        column: z.string().min(1).max(40),
        value: cellValue,
        period: periodSchema.optional(),
        /** Written by the grid's undo or redo: logged with source `撤销：<step>` / `重做：<step>` (what it reverses). */
        replay: z.object({ kind: z.enum(['undo', 'redo']), step: z.string().trim().min(1).max(80) }).strict().optional(),
      })
      .strict(),
    output: z.object({ row: rowSchema, value: z.string() }),
  }),
  'cells.setMany': method({
    summary:
      'Set many cells at once (a paste, a cleared block, an undo of one): each checked as by cells.set; the valid ones are written in one transaction, each refused one says why',
    input: z
      .object({
        cells: z.array(z.object({ rowId: idSchema, column: z.string().min(1).max(40), value: cellValue }).strict()).min(1).max(20_000),
        period: periodSchema.optional(),
        replay: z.object({ kind: z.enum(['undo', 'redo']), step: z.string().trim().min(1).max(80) }).strict().optional(),
      })
      .strict(),
    output: z.object({
      /** Per cell, in input order: the stored (normalised) value, or why it was refused. */
      cells: z.array(z.union([z.object({ value: z.string() }), z.object({ error: z.string() })])),
      /** Each written row once, as cells.set returns it (as of the month written). */
      rows: z.array(rowSchema),
    }),
  }),
  'rows.progress': method({
    summary: "A row's per-period values (progress fields and per-period custom columns), newest month first",
    input: z.object({ rowId: idSchema }).strict(),
    output: z.array(z.object({ period: periodSchema, values: z.record(z.string(), z.string()) })),
  }),
  'rows.move': method({
    summary: 'Move a row (with its children) under a parent, after a sibling (null: first)',
    input: z
      .object({ rowId: idSchema, parentId: idSchema.nullable(), afterId: idSchema.nullable() })
      .strict(),
    output: z.object({ moved: z.number().int().nonnegative() }),
  }),
} as const;
