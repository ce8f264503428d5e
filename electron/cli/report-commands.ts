// Report commands: `taizhang report monthly|quarterly|annual --period …` — the figures of a 月通报 / 季点评 /
// 年考核, and with -o / --xlsx its Word 公文 and Excel attachment. Without --issue the documents are a draft
// carrying the number the next issue would get (nothing is stored); with --issue the report is numbered
// (第N期), stored, and the stored bytes are written. Names, flags and JSON fields are a public automation interface.
import path from 'node:path';
import { AppError } from '#shared/errors.js';
import { REPORT_KIND_LABELS, type ReportKind } from '#shared/report-figures.js';
import { pctText } from '#shared/report-text.js';
import { escapeControls } from '#shared/text-normalise.js';
import { writeFileAtomic } from '../backend/export/atomic-write.js';
import type { Command } from './command.js';
import type { CliContext } from './context.js';

const PERIOD_HINT: Readonly<Record<ReportKind, string>> = { monthly: 'YYYY-MM', quarterly: 'YYYY-Qn', annual: 'YYYY' };

const optional = (ctx: CliContext, flag: string): string | undefined => {
  const v = ctx.flags[flag];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

function reportCommand(kind: ReportKind): Command {
  const label = REPORT_KIND_LABELS[kind];
  return {
    usage: `taizhang report ${kind} --period ${PERIOD_HINT[kind]} [--ledger ID] [-o OUT.docx] [--xlsx OUT.xlsx] [--issue] [--issuer 单位] [--json] [--db PATH]`,
    summary: `${label}：数字与文字；-o 写 Word 公文，--xlsx 写 Excel 附件；--issue 正式印发（编第N期并存档），否则为草稿（期号为下一期，不存档）`,
    valueFlags: ['ledger', 'period', 'xlsx', 'issuer'],
    booleanFlags: ['issue'],
    async run(ctx) {
      const period = optional(ctx, 'period');
      if (!period) throw new AppError('invalid_input', `请用 --period 指定期间，例如 taizhang report ${kind} --period ${kind === 'monthly' ? '2020-06' : kind === 'quarterly' ? '2020-Q2' : '2020'}`);
      const docxOut = optional(ctx, 'output');
      const xlsxOut = optional(ctx, 'xlsx');
      const issuer = optional(ctx, 'issuer');
      const ledgerId = await ctx.ledgerId();
      const client = ctx.client();
      const ref = { ledgerId, kind, period };

      let figures;
      let text;
      let issue: number;
      let issuedId: number | null = null;
      let docx: Uint8Array | undefined;
      let xlsx: Uint8Array | undefined;
      if (ctx.flags.issue) {
        const issued = await client.call('report.issue', { ...ref, issuer });
        const opened = await client.call('report.open', { issuedId: issued.id });
        ({ figures, text } = opened);
        issue = issued.issue;
        issuedId = issued.id;
        docx = opened.docx.bytes;
        xlsx = opened.xlsx.bytes;
      } else if (docxOut || xlsxOut) {
        const rendered = await client.call('report.render', { ...ref, issuer });
        ({ figures, text, issue } = rendered);
        docx = rendered.docx.bytes;
        xlsx = rendered.xlsx.bytes;
      } else {
        ({ figures, text, issue } = await client.call('report.draft', ref));
      }

      const files: string[] = [];
      if (docxOut && docx) {
        writeFileAtomic(docxOut, docx);
        files.push(path.resolve(docxOut));
      }
      if (xlsxOut && xlsx) {
        writeFileAtomic(xlsxOut, xlsx);
        files.push(path.resolve(xlsxOut));
      }

      const table = [
        '名次\t单位\t任务数\t已完成\t完成率\t平均进度\t红/黄/绿灯' + (kind === 'quarterly' ? '\t上季名次' : kind === 'annual' ? '\t得分\t等次' : ''),
        ...figures.units.map(
          (u) =>
            `${u.rank}\t${escapeControls(u.unit)}\t${u.assignments}\t${u.done}\t${pctText(u.completionRate)}\t${u.meanProgress.toFixed(1)}%\t${u.red}/${u.yellow}/${u.green}` +
            (kind === 'quarterly' ? `\t${u.previousRank ?? '—'}` : kind === 'annual' ? `\t${(u.score ?? 0).toFixed(1)}\t${u.grade ?? ''}` : ''),
        ),
      ];
      const human = [
        `${figures.label}${label}（${issuedId ? `第${issue}期，已印发` : `草稿，印发后为第${issue}期`}）`,
        text.overview,
        '',
        ...table,
        ...files.map((f) => `已写入 ${escapeControls(f)}`),
      ].join('\n');
      ctx.print(human, {
        kind: figures.kind,
        period: figures.period,
        label: figures.label,
        asOf: figures.asOf,
        issue,
        issued: issuedId !== null,
        issuedId,
        totals: figures.totals,
        tasks: figures.tasks,
        units: figures.units,
        attention: figures.attention,
        completedInQuarter: figures.completedInQuarter,
        turnedRed: figures.turnedRed,
        trend: figures.trend,
        scheme: figures.scheme,
        text,
        files,
      });
    },
  };
}

export const reportCommands: Record<string, Command> = {
  'report monthly': reportCommand('monthly'),
  'report quarterly': reportCommand('quarterly'),
  'report annual': reportCommand('annual'),
};
