// Ledgers, rows, units and the app itself: the foundation slice of the contract.
import { z } from 'zod';
import {
  changeEntrySchema,
  fieldKeySchema,
  idSchema,
  ledgerSchema,
  periodSchema,
  rowLevelSchema,
  rowSchema,
  unitSchema,
} from '../domain.js';
import { rowColumnsSchema } from '../row-columns.js';
import { method } from './method.js';

export const ledgerName = z.string().trim().min(1, '台账名称不能为空').max(100, '台账名称不能超过 100 个字');
export const cellValue = z.string().max(20_000, '单元格内容不能超过 20000 个字');

export const coreApi = {

  'app.info': method({
    summary: 'Version and database location',
    input: z.object({}).strict(),
    output: z.object({
      version: z.string(),
      dbPath: z.string(),
      schemaVersion: z.number().int(),
      /** The database was opened read-only (no write permission, read-only media): reading and export only. */
      readOnly: z.boolean(),
    }),
  }),
  'ledger.list': method({
    summary: 'All ledgers, most recently used first',
    input: z.object({}).strict(),
    output: z.array(ledgerSchema),
  }),
  'ledger.create': method({
    changesLedgers: true,
    summary: 'Create an empty ledger',
    input: z.object({ name: ledgerName, year: z.number().int().min(2000).max(2100).nullable().optional() }).strict(),
    output: ledgerSchema,
  }),
  'ledger.rename': method({
    changesLedgers: true,
    summary: 'Rename a ledger',
    input: z.object({ ledgerId: idSchema, name: ledgerName }).strict(),
    output: ledgerSchema,
  }),
  'ledger.open': method({
    changesLedgers: true,
    summary: 'Mark a ledger as the one in use (the CLI defaults to it)',
    input: z.object({ ledgerId: idSchema }).strict(),
    output: ledgerSchema,
  }),
  'rows.list': method({
    summary: 'Rows of a ledger in display order (depth-first by position), progress of one period or the latest',
    input: z.object({ ledgerId: idSchema, period: periodSchema.optional() }).strict(),
    output: z.array(rowSchema),
  }),
  'rows.page': method({
    summary: 'Part of rows.list as columns (shared/row-columns.ts): rows [offset, offset + limit) in display order, as rows.list reads them, and how many rows the ledger has',
    // The grid shows a big ledger's first screenful first and loads the rest behind it, in parts.
    input: z
      .object({
        ledgerId: idSchema,
        period: periodSchema.optional(),
        offset: z.number().int().nonnegative(),
        limit: z.number().int().positive().max(1_000_000),
      })
      .strict(),
    output: z.object({ period: periodSchema, total: z.number().int().nonnegative(), rows: rowColumnsSchema }),
  }),
  'rows.add': method({
    summary: 'Insert a row under a parent, after a sibling (or at the end)',
    input: z
      .object({
        ledgerId: idSchema,
        parentId: idSchema.nullable().optional(),
        afterId: idSchema.nullable().optional(),
        level: rowLevelSchema.optional(),
        values: z.partialRecord(fieldKeySchema, cellValue).optional(),
        /** The period progress values in `values` belong to (default: the current month). */
        period: periodSchema.optional(),
      })
      .strict(),
    output: rowSchema,
  }),
  'rows.updateCell': method({
    summary: 'Set one cell of a standard column, checked and normalised as by cells.set (the same refusals)',
    // Progress fields are written to `period` (default: the current month); plan fields ignore it.
    input: z.object({ rowId: idSchema, field: fieldKeySchema, value: cellValue, period: periodSchema.optional() }).strict(),
    output: rowSchema,
  }),
  'rows.delete': method({
    summary: 'Delete a row and its children',
    input: z.object({ rowId: idSchema }).strict(),
    output: z.object({ deleted: z.number().int().nonnegative() }),
  }),
  'rows.history': method({
    summary: 'Change log of one row, newest first',
    input: z.object({ rowId: idSchema }).strict(),
    output: z.array(changeEntrySchema),
  }),
  'units.list': method({
    summary: 'The units directory (departments, schools, kindergartens)',
    input: z.object({}).strict(),
    output: z.array(unitSchema),
  }),
  'units.add': method({
    summary: 'Add a unit with its aliases',
    input: z
      .object({
        name: z.string().trim().min(1, '单位名称不能为空').max(100),
        kind: unitSchema.shape.kind,
        aliases: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
      })
      .strict(),
    output: unitSchema,
  }),
  'units.update': method({
    summary: 'Rename a unit, change its kind, or replace its aliases',
    input: z
      .object({
        unitId: idSchema,
        name: z.string().trim().min(1, '单位名称不能为空').max(100).optional(),
        kind: unitSchema.shape.kind.optional(),
        aliases: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
      })
      .strict(),
    output: unitSchema,
  }),
  'units.delete': method({
    summary: 'Remove a unit and its aliases from the directory (ledger cells keep their text)',
    input: z.object({ unitId: idSchema }).strict(),
    output: z.object({ deleted: z.number().int().nonnegative() }),
  }),
} as const;
