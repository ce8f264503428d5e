// `taizhang units …`: the units directory (科室/学校/幼儿园 and their aliases) from scripts. Names, flags
// and JSON fields are a public automation interface: keep them exactly; add fields freely.
import path from 'node:path';
import type { Unit } from '#shared/domain.js';
import { AppError } from '#shared/errors.js';
import { inferUnitKind, UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '#shared/responsibility.js';
import { readInputFile } from '../backend/files/read-input-file.js';
import type { Command } from './command.js';
import { escapeControls } from '#shared/text-normalise.js';

const LIST_USAGE = 'taizhang units [--json] [--db PATH]';
const ADD_USAGE = 'taizhang units add NAME [--kind department|school|kindergarten|other] [--alias A]... [--json] [--db PATH]';
const IMPORT_USAGE = 'taizhang units import FILE [--json] [--db PATH]';

function unitLine(u: Unit): string {
  return `${u.id}\t${escapeControls(u.name)}\t${UNIT_KIND_LABELS[u.kind]}${u.aliases.length ? `\t简称：${escapeControls(u.aliases.join('、'))}` : ''}`;
}

function readListFile(file: string): Uint8Array<ArrayBuffer> {
  return readInputFile(file, 'unitList').bytes;
}

export const unitCommands: Record<string, Command> = {
  units: {
    usage: LIST_USAGE,
    summary: '列出单位目录（科室、学校、幼儿园及其简称）',
    async run(ctx) {
      if (ctx.positionals.length) throw new AppError('invalid_input', `不认识的子命令“${ctx.positionals[0]}”。用法：${LIST_USAGE}、${ADD_USAGE}、${IMPORT_USAGE}`);
      const units = await ctx.client().call('units.list', {});
      ctx.print(units.length ? units.map(unitLine).join('\n') : '单位目录还是空的。运行 taizhang units add 单位名称 或 taizhang units import 名录.xlsx 添加。', units);
    },
  },

  'units add': {
    usage: ADD_USAGE,
    summary: '在单位目录中添加一个单位（不指定 --kind 时按名称推断：…科/…室 科室，…小学/…中学 学校，…幼儿园 幼儿园）',
    valueFlags: ['kind'],
    multiFlags: ['alias'],
    async run(ctx) {
      const name = ctx.positionals.join(' ').trim();
      if (!name) throw new AppError('invalid_input', `请指定单位名称。用法：${ADD_USAGE}`);
      const given = ctx.flags.kind;
      if (given !== undefined && !(UNIT_KINDS as readonly unknown[]).includes(given)) {
        throw new AppError('invalid_input', `--kind 只能是 department（科室）、school（学校）、kindergarten（幼儿园）或 other（其他），收到“${String(given)}”。`);
      }
      const kind = (given as UnitKind | undefined) ?? inferUnitKind(name);
      const aliases = Array.isArray(ctx.flags.alias) ? ctx.flags.alias : [];
      const unit = await ctx.client().call('units.add', { name, kind, aliases });
      ctx.print(escapeControls(`已添加单位 ${unit.id}“${unit.name}”（${UNIT_KIND_LABELS[unit.kind]}${given ? '' : '，由名称推断'}）${unit.aliases.length ? `，简称：${unit.aliases.join('、')}` : ''}。`), unit);
    },
  },

  'units import': {
    usage: IMPORT_USAGE,
    summary: '从名录（.xlsx/.xlsm/.xls/.csv，或每行一个单位的 .txt）导入单位目录：新单位添加，已有单位补充简称和类别，冲突的行列出、不导入',
    async run(ctx) {
      const file = ctx.positionals[0];
      if (!file) throw new AppError('invalid_input', `请指定名录文件。用法：${IMPORT_USAGE}`);
      const bytes = readListFile(file);
      const client = ctx.client();
      const preview = /\.txt$/i.test(file)
        ? await client.call('units.importPreview', { text: new TextDecoder('utf-8').decode(bytes) })
        : await client.call('units.importPreview', { bytes, fileName: path.basename(file) });
      const conflicts = preview.rows.filter((r) => r.status === 'conflict');
      const applicable = preview.rows.filter((r) => r.status !== 'conflict');
      const result = applicable.length
        ? await client.call('units.import', { rows: applicable.map((r) => ({ name: r.name, kind: r.kind, aliases: r.aliases })) })
        : { added: 0, updated: 0, unchanged: 0 };
      const human = [
        `已导入单位目录：新增 ${result.added} 个单位，更新 ${result.updated} 个，${result.unchanged} 个无变化，${conflicts.length} 行冲突未导入。`,
        ...preview.rows.filter((r) => r.status === 'new').map((r) => `  新增 ${r.name}（${UNIT_KIND_LABELS[r.kind]}${r.kindInferred ? '，由名称推断' : ''}）${r.aliases.length ? ` 简称：${r.aliases.join('、')}` : ''}`),
        ...conflicts.map((r) => `  冲突 ${r.source} ${r.name}：${r.message}`),
        ...preview.warnings.map((w) => `提示：${w}`),
      ]
        // Names and cells come from the 名录: each stays on its own line, controls escaped.
        .map(escapeControls)
        .join('\n');
      ctx.print(human, {
        added: result.added,
        updated: result.updated,
        unchanged: result.unchanged,
        conflicts: conflicts.map((r) => ({ source: r.source, name: r.name, message: r.message })),
        rows: preview.rows,
        warnings: preview.warnings,
      });
    },
  },
};
