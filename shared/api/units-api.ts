// The units directory in bulk: a pasted list or a 名录 workbook previewed line by line before anything
// is written, applied in one transaction; two units merged into one (the merged one's spellings become
// aliases of the other). units.list/add/update/delete are in core-api.ts.
import { z } from 'zod';
import { idSchema, unitSchema } from '../domain.js';
import { method } from './method.js';
import { FILE_LIMITS, fileTooLargeMessage } from '../file-limits.js';

/** A 名录 workbook may not exceed this (a list of a few hundred units is a few dozen KB). */
export const UNIT_LIST_MAX_BYTES = FILE_LIMITS.unitList.maxBytes;
export const UNIT_LIST_MAX_ROWS = 5000;

const unitName = z.string().trim().min(1, '单位名称不能为空').max(100, '单位名称不能超过 100 个字');
const aliasList = z.array(z.string().trim().min(1).max(100)).max(50);

export const UNIT_IMPORT_STATUSES = ['new', 'existing', 'conflict'] as const;

export const unitImportRowSchema = z.object({
  /** Where the line came from: `名录!A4`, or `第 3 行` for pasted text. */
  source: z.string(),
  name: z.string(),
  kind: unitSchema.shape.kind,
  /** The kind was not given (no 单位类别, or a word not understood) and was inferred from the name. */
  kindInferred: z.boolean(),
  aliases: z.array(z.string()),
  /** new: not in the directory; existing: already there (applying adds its new aliases); conflict: cannot be applied. */
  status: z.enum(UNIT_IMPORT_STATUSES),
  /** The directory's unit the line is, when existing. */
  unitId: idSchema.nullable(),
  /** Chinese: what applying the line does, or why it cannot be applied. */
  message: z.string(),
});
export type UnitImportRow = z.infer<typeof unitImportRowSchema>;

export const unitsApi = {
  'units.importPreview': method({
    summary: 'Read a list of units (pasted text: one per line or tab-separated columns; or an .xlsx/.csv 名录) and say per line what importing it would do',
    input: z
      .object({
        bytes: z
          .instanceof(Uint8Array)
          .refine((b) => b.length <= UNIT_LIST_MAX_BYTES, fileTooLargeMessage('unitList'))
          .optional(),
        fileName: z.string().trim().max(255).optional(),
        text: z.string().max(1_000_000, '粘贴的内容过长，请分几次粘贴').optional(),
      })
      .strict()
      .refine((i) => i.bytes !== undefined || i.text !== undefined, '请粘贴单位名单或选择名录文件'),
    output: z.object({ rows: z.array(unitImportRowSchema), warnings: z.array(z.string()) }),
  }),
  'units.import': method({
    summary: 'Add new units and the new aliases/kinds of existing ones, all in one transaction (nothing is written when a line conflicts)',
    input: z
      .object({
        rows: z
          .array(z.object({ name: unitName, kind: unitSchema.shape.kind, aliases: aliasList.default([]) }).strict())
          .min(1, '没有要导入的单位')
          .max(UNIT_LIST_MAX_ROWS, `一次最多导入 ${UNIT_LIST_MAX_ROWS} 个单位`),
      })
      .strict(),
    output: z.object({ added: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), units: z.array(unitSchema) }),
  }),
  'units.merge': method({
    summary: 'Merge a unit into another: its name and aliases become aliases of the other, the merged unit is removed (rows follow: names resolve on read)',
    input: z.object({ unitId: idSchema, intoUnitId: idSchema }).strict(),
    output: unitSchema,
  }),
} as const;
