// Domain schemas shared by backend, hosts and renderer. The zod schemas are the single source;
// TypeScript types are inferred from them.
import { z } from 'zod';
import { CATEGORIES, LIGHTS } from './as-of.js';
import { FIELD_KEYS, PERIOD_PATTERN, ROW_LEVELS } from './fields.js';

export const idSchema = z.number().int().positive();

export const fieldKeySchema = z.enum(FIELD_KEYS);
export const rowLevelSchema = z.enum(ROW_LEVELS);

export const ledgerSchema = z.object({
  id: idSchema,
  name: z.string(),
  year: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastUsedAt: z.string(),
  rowCount: z.number().int().nonnegative(),
});
export type Ledger = z.infer<typeof ledgerSchema>;

/** Cell values as the clerk typed them; typed interpretations (dates, numbers) live beside them. */
export const rowValuesSchema = z.object(
  Object.fromEntries(FIELD_KEYS.map((k) => [k, z.string()])) as Record<(typeof FIELD_KEYS)[number], z.ZodString>,
);
export type RowValues = z.infer<typeof rowValuesSchema>;

export const periodSchema = z.string().regex(PERIOD_PATTERN, '期间应写成“年-月”，例如 2020-06');

/** A row's facts as of a month (shared/as-of.ts computes them; progress and expected 0–100, one decimal). */
export const asOfSchema = z.object({
  period: periodSchema,
  status: z.string().nullable(),
  statusPeriod: periodSchema.nullable(),
  progressPct: z.number().nullable(),
  progressPeriod: periodSchema.nullable(),
  category: z.enum(CATEGORIES),
  progress: z.number(),
  expected: z.number(),
  deadline: z.string().nullable(),
  light: z.enum(LIGHTS),
  overdue: z.boolean(),
  derived: z.boolean(),
});

export const rowSchema = z.object({
  id: idSchema,
  ledgerId: idSchema,
  parentId: idSchema.nullable(),
  position: z.number().int().nonnegative(),
  level: rowLevelSchema,
  /**
   * Per-period fields in `values` (and `custom`) are as of this month: each one's value from the latest
   * month ≤ period that has one (carried forward); null means each field's latest month.
   */
  period: periodSchema.nullable(),
  values: rowValuesSchema,
  updatedAt: z.string(),
  /** The deadline as a date (YYYY-MM-DD) read from `values.deadline`; null when it has none (长期坚持). */
  deadlineDate: z.string().nullable().optional(),
  /** Values of the ledger's custom columns by column key (see workbench-api.ts); absent keys are blank. */
  custom: z.record(z.string(), z.string()).optional(),
  /** The month each per-period value shown came from, by field key or custom column key (absent: blank). */
  periods: z.record(z.string(), periodSchema).optional(),
  /** Status, progress, light … as of `period` (rows.list sets it when the ledger is read as of a month). */
  asOf: asOfSchema.optional(),
});
export type Row = z.infer<typeof rowSchema>;

export const changeSourceSchema = z.string().min(1).max(500);

export const changeEntrySchema = z.object({
  id: idSchema,
  ledgerId: idSchema,
  rowId: idSchema.nullable(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(['create_ledger', 'rename_ledger', 'insert_row', 'update_cell', 'delete_row', 'move_row', 'issue_report', 'add_evidence', 'rename_evidence', 'remove_evidence', 'restore_evidence']),
  field: z.string().nullable(),
  period: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  source: z.string(),
});
export type ChangeEntry = z.infer<typeof changeEntrySchema>;

export const unitSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(['department', 'school', 'kindergarten', 'other']),
  aliases: z.array(z.string()),
});
export type Unit = z.infer<typeof unitSchema>;
