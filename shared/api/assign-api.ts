// Bulk assignment and splitting in the ledger: give several rows one 牵头科室 / 责任单位 / 责任领导 /
// 完成时限 (replace or add), and split a task into one child row per responsible unit.
import { z } from 'zod';
import { ASSIGN_FIELDS, ASSIGN_MODES } from '../assignment.js';
import { idSchema, periodSchema, rowSchema } from '../domain.js';
import { cellValue } from './core-api.js';
import { method } from './method.js';

export const assignApi = {
  'rows.assign': method({
    summary:
      'Set 牵头科室/责任单位/责任领导/完成时限 on several rows in one transaction: replace, or add (names not yet named; a deadline only where blank); section rows are skipped',
    input: z
      .object({
        rowIds: z.array(idSchema).min(1, '请先选择要指派的行').max(20_000, '一次最多指派 20000 行'),
        field: z.enum(ASSIGN_FIELDS),
        value: cellValue,
        mode: z.enum(ASSIGN_MODES).default('replace'),
        /** The month the returned rows are read as of (default: the ledger's month, as rows.list). */
        period: periodSchema.optional(),
      })
      .strict(),
    output: z.object({
      /** Rows whose cell changed (each change is in the change log). */
      changed: z.number().int().nonnegative(),
      /** Section rows left alone. */
      skipped: z.number().int().nonnegative(),
      rows: z.array(rowSchema),
    }),
  }),
  'rows.split': method({
    summary:
      "Split a task into one child row (level item) per unit its 责任单位 names (resolved, in order; not the lead department, not units that already have a child row)",
    input: z.object({ rowId: idSchema, period: periodSchema.optional() }).strict(),
    output: z.object({
      created: z.number().int().nonnegative(),
      rows: z.array(rowSchema),
      /** Units that already had a child row naming them. */
      existing: z.array(z.string()),
    }),
  }),
} as const;
