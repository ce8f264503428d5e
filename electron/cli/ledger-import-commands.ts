// `taizhang ledger import FILE` (open an existing Excel ledger as a new ledger) and
// `taizhang ledger merge FILE` (take back edits made in an exported ledger workbook). Names, flags and
// JSON fields are a public automation interface: keep them exactly; add fields freely.
import path from 'node:path';
import type { MergePreview } from '#shared/api/ledger-import-api.js';
import { AppError } from '#shared/errors.js';
import { readInputFile } from '../backend/files/read-input-file.js';
import type { Command } from './command.js';
import type { CliContext } from './context.js';
import { escapeControls } from '#shared/text-normalise.js';

const IMPORT_USAGE = 'taizhang ledger import FILE [--name NAME] [--db PATH] [--json]';
const MERGE_USAGE = 'taizhang ledger merge FILE [--ledger ID] [--dry-run] [--json] [--db PATH]';

function readFile(p: string): Uint8Array<ArrayBuffer> {
  return readInputFile(p, 'ledger').bytes;
}

function oneFile(ctx: CliContext, usage: string): string {
  const [file, ...rest] = ctx.positionals;
  if (!file) throw new AppError('invalid_input', `请指定台账文件。用法：${usage}`);
  if (rest.length) throw new AppError('invalid_input', `一次只能导入一个台账文件。用法：${usage}`);
  return file;
}

function mergeReport(p: MergePreview, applied: { batchId: number; cells: number; addedRows: number; deletedRows: number } | null): string {
  const lines = [`文件“${p.fileName}”：${p.recognisedBy}${p.exportedAt ? `（导出于 ${new Date(p.exportedAt).toLocaleString('zh-CN', { hour12: false })}）` : '（没有导出记录，与台账现值比较）'}`];
  for (const c of p.changes) {
    lines.push(`  ${c.cell} ${c.rowLabel} ${c.fieldLabel}：${(c.exportedValue ?? c.appValue) || '（空）'} → ${c.fileValue || '（空）'}${c.conflict ? `【冲突】软件中已改为“${c.appValue || '（空）'}”，未自动采用` : ''}`);
  }
  for (const a of p.added) lines.push(`  ${a.cell} 新增行：${a.label}`);
  for (const d of p.deleted) lines.push(`  Excel 中删除了：${d.label}（不会自动删除）`);
  for (const w of p.issues) lines.push(`  提示 ${w.message}`);
  const t = p.totals;
  lines.push(`合计：${t.changes} 处修改（其中 ${t.conflicts} 处冲突），新增 ${t.added} 行，删除 ${t.deleted} 行。`);
  lines.push(
    applied
      ? `已导入（批次 #${applied.batchId}）：更新 ${applied.cells} 个单元格，新增 ${applied.addedRows} 行。导入前已自动备份数据库；如需撤销：taizhang call submissions.undo '{"batchId":${applied.batchId}}'`
      : '预览模式（--dry-run）或没有可导入的修改：未写入任何内容。',
  );
  // Names, labels and values come from the file: each stays on its own line, controls escaped.
  return lines.map(escapeControls).join('\n');
}

export const ledgerImportCommands: Record<string, Command> = {
  'ledger import': {
    usage: IMPORT_USAGE,
    summary: '把已有的 Excel 台账（.xlsx/.xlsm/.xls/.csv）导入为新台账：还原大项→任务→子项，未知列保存为自定义列，文件版式登记为模板',
    valueFlags: ['name'],
    async run(ctx) {
      const file = oneFile(ctx, IMPORT_USAGE);
      const bytes = readFile(file);
      const client = ctx.client();
      const preview = await client.call('ledgerimport.preview', { fileName: path.basename(file), bytes });
      const name = typeof ctx.flags.name === 'string' && ctx.flags.name.trim() ? ctx.flags.name.trim() : undefined;
      let created;
      try {
        created = await client.call('ledgerimport.create', { previewId: preview.previewId, ...(name ? { name } : {}) });
      } catch (err) {
        await client.call('ledgerimport.discard', { previewId: preview.previewId });
        throw err;
      }
      const warnings = [...preview.issues.map((i) => i.message), ...created.warnings];
      const c = created.counts;
      const custom = created.customColumns.map((x) => x.label);
      const human = [
        `已新建台账 #${created.ledger.id}“${created.ledger.name}”：${c.rows} 行（${c.sections} 个大项、${c.tasks} 项任务、${c.items} 个子项）`,
        `进展数据记在 ${preview.period}；${custom.length ? `自定义列：${custom.join('、')}；` : ''}${created.templateId ? `版式已登记为模板 #${created.templateId}` : '未登记模板'}`,
        ...preview.skipped.map((s) => `  跳过第 ${s.row} 行（${s.reason}）：${s.text}`),
        ...warnings.map((w) => `  提示 ${w}`),
      ]
        .map(escapeControls)
        .join('\n');
      ctx.print(human, {
        ledgerId: created.ledger.id,
        name: created.ledger.name,
        rows: c.rows,
        counts: c,
        period: preview.period,
        templateId: created.templateId,
        customColumns: created.customColumns,
        skipped: preview.skipped,
        warnings,
      });
    },
  },

  'ledger merge': {
    usage: MERGE_USAGE,
    summary: '导入修改：把从本软件导出、在 Excel/WPS 中改过的台账收回，列出改动、新增/删除的行和冲突，一次写入（--dry-run 只预览）',
    valueFlags: ['ledger'],
    booleanFlags: ['dry-run'],
    async run(ctx) {
      const file = oneFile(ctx, MERGE_USAGE);
      const bytes = readFile(file);
      const client = ctx.client();
      let ledgerId: number | undefined;
      if (typeof ctx.flags.ledger === 'string') ledgerId = await ctx.ledgerId();
      const dryRun = ctx.flags['dry-run'] === true;
      const preview = await client.call('ledgerimport.mergePreview', { fileName: path.basename(file), bytes, ...(ledgerId ? { ledgerId } : {}) });
      const applicable = preview.changes.some((c) => !c.conflict) || preview.added.length > 0;
      let applied: { batchId: number; cells: number; addedRows: number; deletedRows: number } | null = null;
      if (!dryRun && applicable) {
        const r = await client.call('ledgerimport.mergeApply', { previewId: preview.previewId });
        applied = { batchId: r.batch.id, cells: r.cells, addedRows: r.addedRows, deletedRows: r.deletedRows };
      } else {
        await client.call('ledgerimport.discard', { previewId: preview.previewId });
      }
      const { previewId: _id, ...rest } = preview;
      ctx.print(mergeReport(preview, applied), { ...rest, dryRun, batchId: applied?.batchId ?? null, applied });
    },
  },
};
