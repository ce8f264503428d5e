// Work-plan commands: `plan parse FILE` and `plan import FILE`. Names, flags and JSON fields are a
// public automation interface: keep them exactly; add fields freely.
import type { ParsedPlanDto, PlanSectionDto } from '#shared/api/plan-api.js';
import { AppError } from '#shared/errors.js';
import { readInputFile } from '../backend/files/read-input-file.js';
import { parsePlanText, readPlanBytes } from '../backend/handlers/plan-handlers.js';
import type { Command } from './command.js';
import type { CliContext } from './context.js';
import { escapeControls } from '#shared/text-normalise.js';

function readFileArg(ctx: CliContext, usage: string): { bytes: Uint8Array; fileName: string; filePath: string } {
  const filePath = ctx.positionals[0];
  if (!filePath) throw new AppError('invalid_input', `请指定工作要点文件（.txt 或 .docx）。用法：${usage}`);
  if (ctx.positionals.length > 1) {
    throw new AppError('invalid_input', `只能指定一个文件，收到 ${ctx.positionals.length} 个；文件名含空格时请加引号。用法：${usage}`);
  }
  const { bytes, name } = readInputFile(filePath, 'plan');
  return { bytes, fileName: name, filePath };
}

async function parseFile(ctx: CliContext, usage: string): Promise<{ plan: ParsedPlanDto; fileName: string }> {
  const { bytes, fileName } = readFileArg(ctx, usage);
  const file = await readPlanBytes(bytes, fileName);
  return { plan: parsePlanText(file.text, fileName, file.notes, file.tablePlan ?? null), fileName };
}

/** The plan as JSON for scripts: everything plan.parse returns except the (long) source text. */
function planJson(plan: ParsedPlanDto) {
  const { text: _text, ...rest } = plan;
  return rest;
}

function allSections(plan: ParsedPlanDto): PlanSectionDto[] {
  return plan.sections.flatMap((s) => [s, ...(s.subsections ?? []).map((sub) => ({ ...sub, label: `  ${sub.label}` }))]);
}

function warningLines(warnings: string[]): string[] {
  if (!warnings.length) return ['未发现需要核对的问题。'];
  return [`请核对以下 ${warnings.length} 处：`, ...warnings.map((w, i) => `  ${i + 1}. ${w}`)];
}

function planSummary(plan: ParsedPlanDto): string {
  const sections = allSections(plan);
  const tasks = sections.flatMap((s) => s.tasks);
  const measures = tasks.reduce((n, t) => n + t.measures.length, 0);
  const targets = tasks.reduce((n, t) => n + t.targets.length, 0);
  const lines = [`共 ${plan.sections.length} 个章节、${tasks.length} 条任务、${measures} 条措施、${targets} 个量化目标。`, ''];
  for (const s of sections) {
    lines.push(`${s.label}${s.title}`);
    for (const t of s.tasks) {
      const extras = [
        t.targets.length ? `目标：${t.targets.map((x) => x.text).join('；')}` : '',
        t.leadUnits.length ? `牵头：${t.leadUnits.join('、')}` : '',
        t.units.length ? `责任：${t.units.join('、')}` : '',
        t.deadline ? `时限：${t.deadline}` : '',
      ].filter(Boolean);
      lines.push(`    ${t.number}. ${t.title}（${t.measures.length} 条措施）${extras.length ? `  ${extras.join('  ')}` : ''}`);
    }
  }
  lines.push('', ...warningLines(plan.warnings));
  return lines.join('\n');
}

const PARSE_USAGE = 'taizhang plan parse FILE [--json]';
const IMPORT_USAGE = 'taizhang plan import FILE [--db PATH] [--name NAME] [--json]';

export const planCommands: Record<string, Command> = {
  'plan parse': {
    usage: PARSE_USAGE,
    summary: '解析工作要点（.txt 或 .docx），列出章节、任务、措施、量化目标和需要核对的问题（不写数据库）',
    async run(ctx) {
      const { plan } = await parseFile(ctx, PARSE_USAGE);
      ctx.print(planSummary(plan), planJson(plan));
    },
  },

  'plan import': {
    usage: IMPORT_USAGE,
    summary: '从工作要点（.txt 或 .docx）生成一个新台账：章节行、任务行（保留原编号）和措施行',
    valueFlags: ['name'],
    async run(ctx) {
      const { plan, fileName } = await parseFile(ctx, IMPORT_USAGE);
      const given = typeof ctx.flags.name === 'string' ? ctx.flags.name.trim() : '';
      if (typeof ctx.flags.name === 'string' && !given) throw new AppError('invalid_input', '--name 不能为空，请写上台账名称，或不写 --name 使用默认名称。');
      const name = given || plan.suggestedName;
      const { ledger, counts } = await ctx.client().call('plan.createLedger', { name, year: plan.year, sections: plan.sections });
      const human = [
        `已从“${escapeControls(fileName)}”生成台账“${escapeControls(ledger.name)}”（编号 ${ledger.id}）：${counts.sections} 个章节、${counts.tasks} 条任务、${counts.measures} 条措施，共 ${counts.rows} 行。`,
        `查看：taizhang rows --ledger ${ledger.id}${ctx.flags.db ? ` --db ${ctx.flags.db}` : ''}`,
        '',
        ...warningLines(plan.warnings),
      ].join('\n');
      ctx.print(human, {
        id: ledger.id,
        name: ledger.name,
        year: ledger.year,
        rowCount: ledger.rowCount,
        counts,
        warnings: plan.warnings,
        ledger,
      });
    },
  },
};
