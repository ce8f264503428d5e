// `taizhang evidence add|list|export`: 佐证材料 from scripts. Names, flags and JSON fields
// (`[{ id, rowId, period, name, size, sha256, type, addedAt, addedBy }]`) are a public automation interface.
import { readInputFile } from '../backend/files/read-input-file.js';
import path from 'node:path';
import { EVIDENCE_MAX_FILE_BYTES, type Evidence } from '#shared/api/evidence-api.js';
import { AppError } from '#shared/errors.js';
import { writeFileAtomic } from '../backend/export/atomic-write.js';
import type { Command } from './command.js';
import type { CliContext } from './context.js';

const ADD_USAGE = 'taizhang evidence add ROW_ID FILE... [--period YYYY-MM] [--json] [--db PATH]';
const LIST_USAGE = 'taizhang evidence list [--ledger ID] [--row ROW_ID] [--period YYYY-MM|YYYY-Qn|YYYY] [--json] [--db PATH]';
const EXPORT_USAGE = 'taizhang evidence export -o OUT.zip [--period YYYY-MM|YYYY-Qn|YYYY] [--unit NAME] [--ledger ID] [--json] [--db PATH]';

/** The documented JSON of one record. */
export function evidenceJson(e: Evidence) {
  return { id: e.id, rowId: e.rowId, period: e.period, name: e.name, size: e.size, sha256: e.sha256, type: e.type, addedAt: e.addedAt, addedBy: e.addedBy };
}

function positiveId(text: string | undefined, flag: string, usage: string): number {
  const id = Number(text);
  if (!text || !Number.isInteger(id) || id <= 0) throw new AppError('invalid_input', `${flag}需要行号（正整数），收到“${text ?? ''}”。用法：${usage}`);
  return id;
}


function period(ctx: CliContext): string | undefined {
  return typeof ctx.flags.period === 'string' ? ctx.flags.period : undefined;
}

export const evidenceCommands: Record<string, Command> = {
  'evidence add': {
    usage: ADD_USAGE,
    summary: '把文件（照片、PDF、Word、Excel、WPS、压缩包）作为佐证材料添加到台账行的某个月份（默认：有数据的最近月份）；类型按内容识别，同一文件不重复保存',
    valueFlags: ['period'],
    async run(ctx) {
      const [rowText, ...files] = ctx.positionals;
      const rowId = positiveId(rowText, 'ROW_ID ', ADD_USAGE);
      if (!files.length) throw new AppError('invalid_input', `请指定要添加的文件。用法：${ADD_USAGE}`);
      const limit = ctx.open().store.evidenceLimits.maxFileBytes ?? EVIDENCE_MAX_FILE_BYTES;
      // Twice the cap: a file a little over it reaches the evidence checks, which say so in their own words.
      const input = files.map((f) => readInputFile(f, { maxBytes: limit * 2, what: '佐证材料' }));
      const p = period(ctx);
      const result = await ctx.client().call('evidence.add', { rowId, files: input, ...(p ? { period: p } : {}) });
      const lines = [
        ...result.added.map((e) => `已添加 #${e.id} ${e.name}（${e.type}，${e.size} 字节）`),
        ...result.duplicates.map((e) => `已存在 #${e.id} ${e.name}（同一内容已添加到该行 ${e.period}，未重复添加）`),
        `第 ${rowId} 行 ${result.period}：新增 ${result.added.length} 个，重复 ${result.duplicates.length} 个。`,
      ];
      ctx.print(lines.join('\n'), { period: result.period, added: result.added.map(evidenceJson), duplicates: result.duplicates.map(evidenceJson) });
    },
  },
  'evidence list': {
    usage: LIST_USAGE,
    summary: '列出佐证材料（某台账、某行或某期间）：编号、行、月份、文件名、大小、SHA-256、类型、添加人、添加时间',
    valueFlags: ['ledger', 'row', 'period'],
    async run(ctx) {
      const rowId = typeof ctx.flags.row === 'string' ? positiveId(ctx.flags.row, '--row ', LIST_USAGE) : undefined;
      // A row names its ledger; otherwise the given or most recently used ledger.
      const ledgerId = rowId != null && typeof ctx.flags.ledger !== 'string' ? undefined : await ctx.ledgerId();
      const p = period(ctx);
      const list = await ctx.client().call('evidence.list', { ...(ledgerId != null ? { ledgerId } : {}), ...(rowId != null ? { rowId } : {}), ...(p ? { period: p } : {}) });
      const human = list.length
        ? list.map((e) => `#${e.id}  行 ${e.rowId}  ${e.period}  ${e.name}  ${e.size} 字节  ${e.type}  ${e.addedBy} ${e.addedAt}`).join('\n')
        : '没有佐证材料。';
      ctx.print(human, list.map(evidenceJson));
    },
  },
  'evidence export': {
    usage: EXPORT_USAGE,
    summary: '导出佐证材料包（.zip：序号-任务/单位/月份/文件名，附 清单.xlsx），可按期间、单位筛选',
    valueFlags: ['period', 'unit', 'ledger'],
    async run(ctx) {
      const out = typeof ctx.flags.output === 'string' ? ctx.flags.output : '';
      if (!out) throw new AppError('invalid_input', `请用 -o 指定导出的 .zip 文件。用法：${EXPORT_USAGE}`);
      const ledgerId = await ctx.ledgerId();
      const p = period(ctx);
      const unit = typeof ctx.flags.unit === 'string' ? ctx.flags.unit : undefined;
      const result = await ctx.client().call('evidence.export', { ledgerId, ...(p ? { period: p } : {}), ...(unit ? { unit } : {}) });
      writeFileAtomic(out, result.bytes);
      ctx.print(`已导出 ${result.files} 个佐证材料（${result.totalBytes} 字节）和 清单.xlsx 到 ${path.resolve(out)}`, {
        file: path.resolve(out),
        ledgerId,
        files: result.files,
        totalBytes: result.totalBytes,
        paths: result.paths,
      });
    },
  },
};
