// Work-plan import (工作要点): parse the plan's text or file into sections, tasks, measures, units and
// targets, then create a ledger from the (possibly edited) structure.
import { z } from 'zod';
import { ledgerSchema } from '../domain.js';
import { ledgerName } from './core-api.js';
import { method } from './method.js';
import { FILE_LIMITS, fileTooLargeMessage } from '../file-limits.js';

/** Plans are a few dozen KB; this leaves room for long ones while refusing accidental huge pastes. */
export const PLAN_TEXT_MAX = 2_000_000;
/** A .docx with images can be large; the text we read from it is what counts. */
export const PLAN_FILE_MAX_BYTES = FILE_LIMITS.plan.maxBytes;

export const planTargetSchema = z.object({
  /** The target as written, including its comparator words ("不低于45%"). */
  text: z.string(),
  value: z.number(),
  /** Upper bound of a range ("1—2所" → 2). */
  max: z.number().nullable(),
  /** "个", "所", "%", "人次" …; for a ratio the rest of it (":6"). */
  unit: z.string(),
  comparator: z.string().nullable(),
});
export type PlanTargetDto = z.infer<typeof planTargetSchema>;

export const planTaskSchema = z.object({
  /** The plan's own number, e.g. "5". */
  number: z.string(),
  /** The numbering as written: "3.", "１、", "（1）". */
  label: z.string(),
  title: z.string(),
  measures: z.array(z.string()),
  /** Targets of each measure, parallel to `measures`. */
  measureTargets: z.array(z.array(planTargetSchema)),
  /** All targets of the task (title and measures). */
  targets: z.array(planTargetSchema),
  units: z.array(z.string()),
  leadUnits: z.array(z.string()),
  leaders: z.array(z.string()),
  /** "完成时限：…" clauses of the task, as written ("" when none). */
  deadline: z.string(),
  /** 1-based line in the source text. */
  line: z.number().int(),
  /** The task as written. */
  text: z.string(),
});
export type PlanTaskDto = z.infer<typeof planTaskSchema>;

const sectionFields = {
  numeral: z.string(),
  label: z.string(),
  title: z.string(),
  intro: z.string(),
  tasks: z.array(planTaskSchema),
  line: z.number().int(),
};
export const planSubsectionSchema = z.object(sectionFields);
export const planSectionSchema = z.object({ ...sectionFields, subsections: z.array(planSubsectionSchema).optional() });
export type PlanSectionDto = z.infer<typeof planSectionSchema>;

export const parsedPlanSchema = z.object({
  /** The text that was parsed (for a file: the text read from it), so a UI can show and highlight it. */
  text: z.string(),
  preamble: z.string(),
  sections: z.array(planSectionSchema),
  warnings: z.array(z.string()),
  /** Lines after the plan that are not part of it (web-page footer, signature). */
  trailing: z.array(z.string()),
  /** The plan's year found in its title or preamble (2020 for "2020年全区教育工作…"). */
  year: z.number().int().nullable(),
  /** A ledger name derived from the plan's title or year, e.g. "2020年工作要点台账". */
  suggestedName: z.string(),
});
export type ParsedPlanDto = z.infer<typeof parsedPlanSchema>;

// The structure plan.createLedger accepts: what plan.parse returns, possibly edited by the clerk.
// Only the fields that become ledger columns are required; other fields of plan.parse's output are
// accepted and ignored, so its output can be passed back as it is. Targets are read again from the
// (edited) texts, so they always match what the ledger shows.
const shortText = (what: string, max: number) => z.string().trim().max(max, `${what}不能超过 ${max} 个字`);
const unitList = z.array(shortText('单位名称', 100)).max(100, '单位不能超过 100 个');

export const planTaskInputSchema = z.object({
  number: shortText('任务编号', 20),
  title: shortText('任务标题', 2_000).min(1, '任务标题不能为空，请填写标题或删除该任务'),
  measures: z.array(shortText('措施', 20_000)).max(500, '一条任务的措施不能超过 500 条').default([]),
  units: unitList.default([]),
  leadUnits: unitList.default([]),
  leaders: unitList.default([]),
  deadline: shortText('完成时限', 200).optional(),
  remarks: shortText('备注', 2_000).optional(),
});
export type PlanTaskInput = z.input<typeof planTaskInputSchema>;

const sectionInputFields = {
  numeral: shortText('章节序号', 20),
  title: shortText('章节标题', 2_000),
  intro: shortText('章节说明', 20_000).optional(),
  tasks: z.array(planTaskInputSchema).max(2_000, '任务不能超过 2000 条').default([]),
};
export const planSubsectionInputSchema = z.object(sectionInputFields);
export const planSectionInputSchema = z.object({
  ...sectionInputFields,
  subsections: z.array(planSubsectionInputSchema).max(100).optional(),
});
export type PlanSectionInput = z.input<typeof planSectionInputSchema>;

export const planCountsSchema = z.object({
  sections: z.number().int().nonnegative(),
  tasks: z.number().int().nonnegative(),
  measures: z.number().int().nonnegative(),
  targets: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
});
export type PlanCounts = z.infer<typeof planCountsSchema>;

export const planApi = {
  'plan.parse': method({
    summary: 'Parse a work plan (pasted text, or the bytes of a .txt/.docx file) into sections, tasks, measures, units and targets, with warnings',
    input: z.union([
      z.object({ text: z.string().max(PLAN_TEXT_MAX, '粘贴的文字太长（超过 200 万字），请只粘贴工作要点正文') }).strict(),
      z
        .object({
          bytes: z.instanceof(Uint8Array).refine((b) => b.length <= PLAN_FILE_MAX_BYTES, fileTooLargeMessage('plan')),
          fileName: z.string().max(500),
        })
        .strict(),
    ]),
    output: parsedPlanSchema,
  }),
  'plan.createLedger': method({
    changesLedgers: true,
    summary: 'Create a ledger from a parsed (possibly edited) plan: section, task and measure rows, in one transaction, logged as plan-import',
    input: z
      .object({
        name: ledgerName,
        year: z.number().int().min(2000).max(2100).nullable().optional(),
        sections: z.array(planSectionInputSchema).min(1, '没有可生成台账的章节，请先解析工作要点').max(200, '章节不能超过 200 个'),
      })
      .strict(),
    output: z.object({ ledger: ledgerSchema, counts: planCountsSchema }),
  }),
} as const;
