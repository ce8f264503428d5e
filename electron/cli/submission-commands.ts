// `taizhang submissions import FILE...`: preview and apply school submissions from scripts. Names, flags
// and JSON fields (files[].file/status/unit/message/rows/warnings) are a public automation interface:
// keep them exactly; add fields freely.
import path from 'node:path';
import type { SubmissionFile, SubmissionPreview } from '#shared/api/submission-api.js';
import { AppError } from '#shared/errors.js';
import { FIELD_BY_KEY } from '#shared/fields.js';
import type { Unit } from '#shared/domain.js';
import { escapeControls } from '#shared/text-normalise.js';
import { inferUnitKind, splitUnitText, UNIT_KIND_LABELS, UnitDirectory } from '#shared/responsibility.js';
import { readInputFile } from '../backend/files/read-input-file.js';
import type { Command } from './command.js';
import type { CliContext } from './context.js';

const IMPORT_USAGE = 'taizhang submissions import FILE... [--ledger ID] [--period YYYY-MM] [--unit NAME] [--add-units] [--dry-run] [--json] [--db PATH]';

/** The documented JSON of one file (plus period, changes and action, which scripts may use). */
function fileJson(f: SubmissionFile) {
  return {
    file: f.file,
    status: f.status,
    unit: f.unit,
    message: f.message,
    period: f.period,
    rows: f.rows.map((r) => ({
      taskCode: r.taskCode,
      target: r.target,
      done: r.done,
      percent: r.percent,
      status: r.status,
      deadline: r.deadline,
      progress: r.progress,
      cell: r.cell,
      action: r.action,
      included: r.included,
      changes: r.changes,
    })),
    warnings: f.warnings,
  };
}

const STATUS_LABEL: Record<SubmissionFile['status'], string> = {
  ok: '可导入',
  empty: '空表',
  'needs-unit': '需选择单位',
  duplicate: '重复文件',
  error: '无法读取',
};

function humanReport(files: SubmissionFile[], preview: SubmissionPreview | null, applied: boolean, batchId: number | null): string {
  const lines: string[] = [];
  for (const f of files) {
    // File names, units, sheet names and cells come from outside: one line each, controls escaped.
    lines.push(`[${STATUS_LABEL[f.status]}] ${escapeControls(f.file)}${f.unit ? `（${escapeControls(f.unit)}）` : ''}：${escapeControls(f.message)}`);
    for (const r of f.rows) {
      if (!r.included && r.action !== 'unmatched' && !r.conflict) continue;
      const what = r.changes.map((c) => `${FIELD_BY_KEY[c.field].label} ${c.oldValue || '（空）'} → ${c.newValue}`).join('；');
      const tag = r.action === 'new' ? '新增' : r.action === 'update' ? '更新' : r.action === 'unmatched' ? '无法匹配' : '无变化';
      lines.push(escapeControls(`    ${r.cell} ${tag}${r.targetLabel ? ` ${r.targetLabel}` : ''}${what ? `：${what}` : ''}${r.note ? `（${r.note}）` : ''}${r.conflict ? `【冲突】${r.conflict.message}` : ''}`));
    }
    for (const w of f.warnings) lines.push(`    提示 ${escapeControls(w.message)}`);
  }
  if (preview) {
    const t = preview.totals;
    lines.push('', `合计：${t.files} 个文件，更新 ${t.updatedCells} 个单元格，新增 ${t.newRows} 行，${t.unchanged} 行无变化，${t.unmatched} 行无法匹配，${t.warnings} 条提示，${t.conflicts} 处冲突。`);
  }
  lines.push(applied ? `已导入（批次 #${batchId}），导入前已自动备份数据库；如需撤销：taizhang call submissions.undo '{"batchId":${batchId}}'` : '预览模式（--dry-run）或没有可导入的文件：未写入任何内容。');
  return lines.join('\n');
}

export const submissionCommands: Record<string, Command> = {
  'submissions import': {
    usage: IMPORT_USAGE,
    summary:
      '导入学校/科室的报送表（.xlsx/.xlsm/.xls/.csv，可多个）：匹配单位和台账行，预览变化，一次性写入（--dry-run 只预览）；--add-units 把表内“报送单位”写的、目录中没有的单位加入单位目录（类别按名称推断，不按文件名猜）',
    valueFlags: ['ledger', 'period', 'unit'],
    booleanFlags: ['dry-run', 'add-units'],
    async run(ctx: CliContext) {
      if (!ctx.positionals.length) throw new AppError('invalid_input', `请指定要导入的报送文件。用法：${IMPORT_USAGE}`);
      const period = typeof ctx.flags.period === 'string' ? ctx.flags.period : undefined;
      const dryRun = ctx.flags['dry-run'] === true;
      const client = ctx.client();
      const ledgerId = await ctx.ledgerId();

      const unreadable: SubmissionFile[] = [];
      const files: { name: string; bytes: Uint8Array<ArrayBuffer> }[] = [];
      const order: (string | number)[] = [];
      for (const p of ctx.positionals) {
        try {
          files.push(readInputFile(p, 'submission'));
          order.push(files.length - 1);
        } catch (err) {
          order.push(p);
          unreadable.push({
            key: p, file: path.basename(p), size: 0, hash: '', status: 'error', message: err instanceof AppError ? err.message : String(err), errorCode: err instanceof AppError ? err.code : 'file_unreadable',
            sheet: null, unit: null, unitId: null, unitSource: null, unitText: null, period: period ?? '', reportDate: null,
            included: false, rows: [], warnings: [],
            counts: { files: 0, updatedCells: 0, newRows: 0, unchanged: 0, unmatched: 0, warnings: 0, conflicts: 0 },
          });
        }
      }

      let preview: SubmissionPreview | null = null;
      const addedUnits: Unit[] = [];
      const wouldAdd: { name: string; kind: Unit['kind'] }[] = [];
      if (files.length) {
        preview = await client.call('submissions.preview', { ledgerId, files, ...(period ? { period } : {}) });
        if (ctx.flags['add-units'] === true) {
          // Only what a form's 报送单位 cell says: a unit is never taken from a file name. Adding one
          // re-resolves every file, so other files naming the same unit follow. --dry-run writes nothing.
          let current: SubmissionPreview = preview;
          const tried = new Set<string>();
          for (;;) {
            const f = current.files.find((x) => x.status === 'needs-unit' && x.unitText && !tried.has(x.key));
            if (!f) break;
            tried.add(f.key);
            const text = f.unitText!.trim();
            const dir = new UnitDirectory(await client.call('units.list', {}));
            if (dir.findInText(text).length || splitUnitText(text).length !== 1) continue;
            if (dryRun) {
              if (!wouldAdd.some((u) => u.name === text)) wouldAdd.push({ name: text, kind: inferUnitKind(text) });
              continue;
            }
            try {
              const r: { unit: Unit; preview: SubmissionPreview } = await client.call('submissions.addUnit', { previewId: current.previewId, fileKey: f.key, kind: inferUnitKind(text) });
              addedUnits.push(r.unit);
              current = r.preview;
            } catch (err) {
              if (!(err instanceof AppError)) throw err;
            }
          }
          preview = current;
        }
        const unitName = typeof ctx.flags.unit === 'string' ? ctx.flags.unit.trim() : '';
        if (unitName) {
          const unit = new UnitDirectory(await client.call('units.list', {})).unit(unitName);
          if (!unit) throw new AppError('not_found', `单位名录中没有“${unitName}”，请先添加该单位（taizhang call units.add）或检查名称。`);
          for (const f of preview.files.filter((x) => x.status === 'needs-unit')) {
            preview = await client.call('submissions.resolve', { previewId: preview.previewId, fileKey: f.key, unitId: unit.id });
          }
        }
      }
      let batchId: number | null = null;
      const canApply = !!preview && preview.files.some((f) => f.status === 'ok' && f.included);
      if (preview && !dryRun && canApply) {
        const result = await client.call('submissions.apply', { previewId: preview.previewId });
        batchId = result.batch.id;
        preview = result.preview;
      } else if (preview) {
        await client.call('submissions.discard', { previewId: preview.previewId });
      }
      const byIndex = preview?.files ?? [];
      // Files whose rows were written (or, with --dry-run, would be).
      const importedKeys = new Set((preview?.files ?? []).filter((f) => f.status === 'ok' && f.included && (dryRun || batchId !== null)).map((f) => f.key));
      // By name, not position: files the preview holds as 佐证材料 (photos, a .zip's contents) have no card.
      const cards = [...byIndex];
      const cardOf = (name: string) => {
        const i = cards.findIndex((c) => c.file === name);
        return i < 0 ? undefined : cards.splice(i, 1)[0];
      };
      const all = order
        .map((o) => (typeof o === 'number' ? cardOf(files[o]!.name) : unreadable.find((u) => u.key === o)))
        .filter((f): f is SubmissionFile => f !== undefined)
        .concat(cards);
      const imported = all.filter((f) => importedKeys.has(f.key));
      const listed = (us: { name: string; kind: Unit['kind'] }[]) => us.map((u) => `${escapeControls(u.name)}（${UNIT_KIND_LABELS[u.kind]}）`).join('、');
      const unitsLine = addedUnits.length
        ? `已加入单位目录：${listed(addedUnits)}\n`
        : wouldAdd.length
          ? `将加入单位目录（--dry-run，未写入）：${listed(wouldAdd)}\n`
          : '';
      ctx.print(unitsLine + humanReport(all, preview, batchId !== null, batchId), {
        files: all.map(fileJson),
        addedUnits: addedUnits.map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
        ...(dryRun && wouldAdd.length ? { unitsToAdd: wouldAdd } : {}),
        ledgerId,
        dryRun,
        batchId,
        totals: preview?.totals ?? null,
        imported: imported.length,
        notImported: all.length - imported.length,
      });
      // 0: every file imported (or, with --dry-run, importable); 1: none; 3: some, the rest listed above.
      if (imported.length === all.length) return 0;
      if (imported.length === 0) {
        process.stderr.write(`错误：${all.length} 个文件都不能导入${dryRun ? '' : '，未写入任何内容'}，原因见各文件的说明。\n`);
        return 1;
      }
      process.stderr.write(`提示：${all.length} 个文件中 ${all.length - imported.length} 个未能导入（原因见各文件的说明），其余 ${imported.length} 个${dryRun ? '可以导入' : '已导入'}。\n`);
      return 3;
    },
  },
};
