// The 月通报, 季点评 and 年考核: their figures (shared/report-figures.ts), as of the report's month.
import { z } from 'zod';
import { CATEGORIES, LIGHTS } from '../as-of.js';
import { idSchema, periodSchema, unitSchema } from '../domain.js';
import { GRADES, REPORT_KINDS } from '../report-figures.js';
import { method } from './method.js';

const pct = z.number().min(0).max(100);
const category = z.enum(CATEGORIES);
const light = z.enum(LIGHTS);

export const reportKindSchema = z.enum(REPORT_KINDS);

export const scoringSchemeSchema = z.object({
  credits: z.object({ onTime: z.number().min(0).max(1), late: z.number().min(0).max(1), open: z.number().min(0).max(1), overdue: z.number().min(0).max(1) }),
  missingReportDeduction: z.number().min(0).max(100),
  grades: z
    .object({ excellent: pct, good: pct, pass: pct })
    .refine((g) => g.pass <= g.good && g.good <= g.excellent, { message: '等次分数线应满足 合格 ≤ 良好 ≤ 优秀' }),
});

export const totalsSchema = z.object({
  tasks: z.number().int(),
  done: z.number().int(),
  inProgress: z.number().int(),
  notStarted: z.number().int(),
  lagging: z.number().int(),
  overdue: z.number().int(),
  completionRate: pct,
  green: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
});

const taskRefSchema = z.object({ rowId: idSchema, code: z.string(), task: z.string(), units: z.array(z.string()) });

export const reportFiguresSchema = z.object({
  kind: reportKindSchema,
  period: z.string(),
  label: z.string(),
  asOf: periodSchema,
  totals: totalsSchema,
  tasks: z.array(
    taskRefSchema.extend({ category, status: z.string().nullable(), progress: pct, expected: pct, light, overdue: z.boolean() }),
  ),
  units: z.array(
    z.object({
      unit: z.string(),
      kind: unitSchema.shape.kind.nullable(),
      assignments: z.number().int(),
      done: z.number().int(),
      overdue: z.number().int(),
      completionRate: pct,
      meanProgress: pct,
      green: z.number().int(),
      yellow: z.number().int(),
      red: z.number().int(),
      reported: z.boolean(),
      rank: z.number().int().positive(),
      previousCompletionRate: pct.nullable().optional(),
      previousRank: z.number().int().positive().nullable().optional(),
      completedInQuarter: z.number().int().optional(),
      turnedRed: z.number().int().optional(),
      score: z.number().optional(),
      grade: z.enum(GRADES).optional(),
      missingReports: z.array(periodSchema).optional(),
      deductions: z.number().optional(),
      meanCredit: z.number().optional(),
      credits: z
        .array(
          z.object({
            rowId: idSchema,
            code: z.string(),
            text: z.string(),
            role: z.enum(['lead', 'responsible']),
            kind: z.enum(['onTime', 'late', 'open', 'overdue']),
            credit: z.number(),
            doneIn: periodSchema.nullable(),
          }),
        )
        .optional(),
    }),
  ),
  attention: z.array(
    taskRefSchema.extend({
      light,
      overdue: z.boolean(),
      progress: pct,
      expected: pct,
      items: z.array(
        z.object({ rowId: idSchema, text: z.string(), units: z.array(z.string()), light, overdue: z.boolean(), progress: pct, expected: pct }),
      ),
    }),
  ),
  completedInQuarter: z.array(taskRefSchema),
  turnedRed: z.array(taskRefSchema),
  trend: z.array(
    z.object({ period: periodSchema, tasks: z.number().int(), done: z.number().int(), completionRate: pct, green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
  ),
  scheme: scoringSchemeSchema.nullable(),
});
export type ReportFiguresDto = z.infer<typeof reportFiguresSchema>;

/** A report period as written: YYYY-MM (monthly), YYYY-Qn (quarterly), YYYY (annual). */
export const reportPeriodText = z.string().trim().regex(/^\d{4}(-(0[1-9]|1[0-2])|-?[Qq][1-4])?$/, '报告期间应写成 2020-06（月）、2020-Q2（季度）或 2020（年度）');

/** The figures as the 统计 page shows them: no per-task list, the attention list cut short (attentionTotal: its full length). */
export const dashboardFiguresSchema = reportFiguresSchema.omit({ tasks: true }).extend({ attentionTotal: z.number().int().nonnegative() });
export type DashboardFiguresDto = z.infer<typeof dashboardFiguresSchema>;

export const reportApi = {
  'report.figures': method({
    summary: 'The figures of a 月通报 / 季点评 / 年考核 as of its month: totals, tasks, ranked units, attention list, quarter deltas, scores',
    input: z.object({ ledgerId: idSchema, kind: reportKindSchema, period: reportPeriodText }).strict(),
    output: reportFiguresSchema,
  }),
  'report.dashboard': method({
    summary:
      'What the 统计 page shows in one call: the figures without the per-task list and with the first `attention` red tasks (all when omitted), the months with data and the default month; without a period, the one holding the default month',
    input: z
      .object({ ledgerId: idSchema, kind: reportKindSchema, period: reportPeriodText.optional(), attention: z.number().int().positive().optional() })
      .strict(),
    output: z.object({ figures: dashboardFiguresSchema, periods: z.array(periodSchema), defaultPeriod: periodSchema }),
  }),
} as const;

/** The text parts of a report the clerk may edit before issuing (generated from the figures). */
export const reportTextSchema = z.object({
  /** 一、总体情况 */
  overview: z.string().max(20_000),
  /** 二、各单位推进情况 (the sentences above the ranked table) */
  units: z.string().max(20_000),
  /** 三、存在问题 */
  problems: z.string().max(20_000),
  /** 四、下步工作要求 */
  requirements: z.string().max(20_000),
});
export type ReportText = z.infer<typeof reportTextSchema>;

const fileSchema = z.object({ fileName: z.string(), bytes: z.instanceof(Uint8Array) });

export const issuedReportSchema = z.object({
  id: idSchema,
  ledgerId: idSchema,
  kind: reportKindSchema,
  period: z.string(),
  /** The number in the series of this ledger and kind: 第N期. */
  issue: z.number().int().positive(),
  issuedAt: z.string(),
  actor: z.string(),
  /** The issuing unit printed on the document. */
  issuer: z.string(),
  docxName: z.string(),
  xlsxName: z.string(),
});
export type IssuedReport = z.infer<typeof issuedReportSchema>;

const reportRef = { ledgerId: idSchema, kind: reportKindSchema, period: reportPeriodText };
/** The issuing unit printed under the title and at the end (default: the district in the ledger's name + 教育局). */
const issuerSchema = z.string().trim().min(1).max(60).optional();

export const reportDocumentApi = {
  'report.draft': method({
    summary: 'The figures and the generated, editable text of a report, with the issue number it would get',
    input: z.object(reportRef).strict(),
    output: z.object({ figures: reportFiguresSchema, text: reportTextSchema, issue: z.number().int().positive() }),
  }),
  'report.render': method({
    summary: 'The report as a Word 公文 (.docx, charts as images) and its Excel attachment (.xlsx), not issued',
    input: z.object({ ...reportRef, text: reportTextSchema.optional(), issue: z.number().int().positive().optional(), issuer: issuerSchema }).strict(),
    output: z.object({ figures: reportFiguresSchema, docx: fileSchema, xlsx: fileSchema, text: reportTextSchema, issue: z.number().int().positive() }),
  }),
  'report.issue': method({
    summary: 'Issue a report: number it (第N期), store its figures and files; reopening gives the same bytes',
    input: z.object({ ...reportRef, text: reportTextSchema.optional(), issuer: issuerSchema }).strict(),
    output: issuedReportSchema,
  }),
  'report.issued': method({
    summary: 'The reports issued from a ledger, newest first',
    input: z.object({ ledgerId: idSchema, kind: reportKindSchema.optional() }).strict(),
    output: z.array(issuedReportSchema),
  }),
  'report.open': method({
    summary: 'An issued report: its record, figures and files, byte-identical to when it was issued',
    input: z.object({ issuedId: idSchema }).strict(),
    output: z.object({ report: issuedReportSchema, figures: reportFiguresSchema, text: reportTextSchema, docx: fileSchema, xlsx: fileSchema }),
  }),
} as const;
