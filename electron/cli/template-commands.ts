// Template commands: register a template, export a ledger into one, produce per-unit forms.
// Names, flags and JSON fields are a public automation interface.
import fs from 'node:fs';
import path from 'node:path';
import type { TemplateDto } from '#shared/api/template-api.js';
import { AppError } from '#shared/errors.js';
import { writeFileAtomic } from '../backend/export/atomic-write.js';
import { readInputFile } from '../backend/files/read-input-file.js';
import type { Command } from './command.js';
import type { CliContext } from './context.js';
import { escapeControls, sanitiseName } from '#shared/text-normalise.js';

function describeColumn(c: TemplateDto['columns'][number]): string {
  const t = c.target;
  const what =
    t.kind === 'field'
      ? t.field
      : t.kind === 'custom'
        ? `custom:${t.label}`
        : t.kind === 'none'
          ? '（未对应）'
          : t.kind;
  return `  ${c.letter}\t${escapeControls(c.header)}\t→ ${escapeControls(what)}`;
}

function readTemplateFile(file: string): Uint8Array<ArrayBuffer> {
  return readInputFile(file, 'template').bytes;
}

/** `--template` names a registered template (by name or id) or an .xlsx file, registered on the fly. */
async function resolveTemplateFlag(ctx: CliContext): Promise<{ id: number | null; registered?: TemplateDto }> {
  const given = ctx.flags.template;
  if (typeof given !== 'string' || given === '') return { id: null };
  const client = ctx.client();
  const list = await client.call('templates.list', {});
  const byName = list.find((t) => t.name === given || String(t.id) === given);
  if (byName) return { id: byName.id };
  if (!fs.existsSync(given)) {
    throw new AppError('not_found', `没有名为“${given}”的模板，也找不到这个文件。运行 taizhang templates 查看已登记的模板。`);
  }
  const bytes = readTemplateFile(given);
  const base = path.basename(given);
  const same = list.find((t) => t.fileName === sanitiseName(base) && t.size === bytes.length);
  if (same) return { id: same.id };
  const registered = await client.call('templates.add', { bytes, fileName: base });
  return { id: registered.id, registered };
}

function optionalString(ctx: CliContext, flag: string): string | undefined {
  const v = ctx.flags[flag];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export const templateCommands: Record<string, Command> = {
  templates: {
    usage: 'taizhang templates [--db PATH] [--json]',
    summary: '列出已登记的 Excel 模板',
    async run(ctx) {
      const list = await ctx.client().call('templates.list', {});
      const human = list.length
        ? list.map((t) => `${t.id}\t${escapeControls(t.name)}\t${t.kind === 'submission' ? '报送模板' : '台账模板'}\t${escapeControls(t.fileName)}`).join('\n')
        : '还没有登记模板。运行 taizhang templates add 模板.xlsx 登记。';
      ctx.print(human, list);
    },
  },

  'templates add': {
    usage: 'taizhang templates add FILE [--name NAME] [--kind ledger|submission] [--db PATH] [--json]',
    summary: '登记 Excel 模板：自动识别表头并按含义对应台账各列',
    valueFlags: ['name', 'kind'],
    async run(ctx) {
      const file = ctx.positionals[0];
      if (!file) throw new AppError('invalid_input', '请指定模板文件，例如 taizhang templates add 台账模板.xlsx');
      const kind = optionalString(ctx, 'kind');
      if (kind && kind !== 'ledger' && kind !== 'submission') throw new AppError('invalid_input', '--kind 只能是 ledger（台账模板）或 submission（报送模板）。');
      const t = await ctx.client().call('templates.add', {
        bytes: readTemplateFile(file),
        fileName: path.basename(file),
        name: optionalString(ctx, 'name'),
        kind: kind as 'ledger' | 'submission' | undefined,
      });
      const human = [
        `已登记模板 ${t.id}“${escapeControls(t.name)}”（${t.kind === 'submission' ? '报送模板' : '台账模板'}），工作表“${escapeControls(t.layout.sheet)}”，表头第 ${t.layout.headerFirstRow}–${t.layout.headerLastRow} 行，数据从第 ${t.layout.firstDataRow} 行开始：`,
        ...t.columns.map(describeColumn),
        ...(t.warnings ?? []).map((w) => `提示：${w}`),
      ].join('\n');
      ctx.print(human, t);
    },
  },

  'templates delete': {
    usage: 'taizhang templates delete ID [--db PATH] [--json]',
    summary: '删除已登记的模板',
    async run(ctx) {
      const id = Number(ctx.positionals[0]);
      if (!Number.isInteger(id) || id <= 0) throw new AppError('invalid_input', '请指定模板编号，例如 taizhang templates delete 2');
      const result = await ctx.client().call('templates.delete', { templateId: id });
      ctx.print(`已删除模板 ${id}。`, result);
    },
  },

  export: {
    usage: 'taizhang export [--template NAME|FILE] [--ledger ID] [--period YYYY-MM] [--unit NAME] [--as-of YYYY-MM-DD] -o OUT.xlsx [--db PATH] [--json]',
    summary: '把台账导出到局里的模板（不指定模板时用内置 A3 横向模板）',
    valueFlags: ['template', 'ledger', 'period', 'unit', 'as-of'],
    async run(ctx) {
      const out = optionalString(ctx, 'output');
      if (!out) throw new AppError('invalid_input', '请用 -o 指定输出文件，例如 -o 台账.xlsx');
      const template = await resolveTemplateFlag(ctx);
      const ledgerId = await ctx.ledgerId();
      const result = await ctx.client().call('export.ledger', {
        ledgerId,
        templateId: template.id,
        period: optionalString(ctx, 'period'),
        unit: optionalString(ctx, 'unit'),
        asOf: optionalString(ctx, 'as-of'),
      });
      writeFileAtomic(out, result.bytes);
      const human = [
        `已导出到 ${escapeControls(out)}：${result.sections} 个章节、${result.tasks} 项任务、${result.items} 条措施。`,
        ...result.warnings.map((w) => `提示：${escapeControls(w)}`),
      ].join('\n');
      ctx.print(human, {
        output: path.resolve(out),
        templateId: template.id,
        sections: result.sections,
        tasks: result.tasks,
        items: result.items,
        warnings: result.warnings,
      });
    },
  },

  forms: {
    usage: 'taizhang forms [--template NAME|FILE] -o DIR [--ledger ID] [--period YYYY-MM] [--unit NAME] [--db PATH] [--json]',
    summary: '按责任单位生成报送表（每个单位一个文件，含本单位负责的行、状态下拉框，编号列锁定）',
    valueFlags: ['template', 'ledger', 'period', 'unit', 'as-of'],
    async run(ctx) {
      const dir = optionalString(ctx, 'output');
      if (!dir) throw new AppError('invalid_input', '请用 -o 指定输出文件夹，例如 -o 报送表');
      const template = await resolveTemplateFlag(ctx);
      const ledgerId = await ctx.ledgerId();
      const unit = optionalString(ctx, 'unit');
      const result = await ctx.client().call('export.forms', {
        ledgerId,
        templateId: template.id,
        period: optionalString(ctx, 'period'),
        units: unit ? [unit] : undefined,
        asOf: optionalString(ctx, 'as-of'),
      });
      fs.mkdirSync(dir, { recursive: true });
      for (const f of result.forms) writeFileAtomic(path.join(dir, f.fileName), f.bytes);
      const human = [
        `已在 ${escapeControls(dir)} 生成 ${result.forms.length} 份报送表：`,
        ...result.forms.map((f) => `  ${escapeControls(f.fileName)}\t${f.rows} 行`),
        ...result.warnings.map((w) => `提示：${escapeControls(w)}`),
      ].join('\n');
      ctx.print(human, {
        output: path.resolve(dir),
        templateId: template.id,
        forms: result.forms.map((f) => ({ unit: f.unit, file: path.resolve(dir, f.fileName), rows: f.rows })),
        warnings: result.warnings,
      });
    },
  },
};
