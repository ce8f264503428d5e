// Foundation commands: ledgers, rows, serve. Names, flags and JSON fields are a public automation interface.
import { ensureRendererBuilt } from '../web-host/renderer-build.js';
import { startWebHost } from '../web-host/server.js';
import type { Row } from '#shared/domain.js';
import { CATEGORY_LABELS, LIGHT_LABELS } from '#shared/as-of.js';
import { FIELDS } from '#shared/fields.js';
import { AppError } from '#shared/errors.js';
import type { Command } from './command.js';
import { scheduleDailyBackups } from '../backend/db/backups.js';
import { extractTargets } from '../backend/plan/target-extractor.js';
import { enableFiguresAhead } from '../backend/reports/figures-ahead.js';
import { escapeControls } from '#shared/text-normalise.js';

function depthOf(rows: Row[]): Map<number, number> {
  const depth = new Map<number, number>();
  for (const r of rows) depth.set(r.id, r.parentId == null ? 0 : (depth.get(r.parentId) ?? 0) + 1);
  return depth;
}

export const coreCommands: Record<string, Command> = {
  ledgers: {
    usage: 'taizhang ledgers [--db PATH] [--json]',
    summary: '列出所有台账（最近使用的在前）',
    async run(ctx) {
      const ledgers = await ctx.client().call('ledger.list', {});
      const human = ledgers.length
        ? ledgers.map((l) => `${l.id}\t${escapeControls(l.name)}\t${l.rowCount} 行\t最近使用 ${l.lastUsedAt}`).join('\n')
        : '还没有台账。';
      ctx.print(human, ledgers);
    },
  },

  rows: {
    usage: 'taizhang rows [--ledger ID] [--period YYYY-MM] [--db PATH] [--json]',
    summary: '列出台账的所有行（含层级、序号、各标准列和自定义列）及截至某月的状态、进度、序时进度和亮灯；进展类列取截至该月的最新填报，默认月份为台账中最近有填报的月份',
    valueFlags: ['ledger', 'period'],
    async run(ctx) {
      const client = ctx.client();
      const ledgerId = await ctx.ledgerId();
      const ledger = (await client.call('ledger.list', {})).find((l) => l.id === ledgerId);
      const period = typeof ctx.flags.period === 'string' ? ctx.flags.period : undefined;
      const rows = await client.call('rows.list', { ledgerId, period });
      const depth = depthOf(rows);
      const config = await client.call('workbench.config', { ledgerId });
      const json = {
        ledger: ledger ? { id: ledger.id, name: ledger.name } : { id: ledgerId },
        /** The month the rows are read as of: the one asked for, else the latest month with data. */
        period: period ?? config.defaultPeriod,
        /** Every column: the standard fields, then the ledger's custom columns (values in rows[].custom). */
        columns: [
          ...FIELDS.map((f) => ({ key: f.key, label: f.label, type: f.type, custom: false, perPeriod: f.perPeriod === true })),
          ...config.columns.map((c) => ({ key: c.key, label: c.label, type: c.type, custom: true, perPeriod: c.perPeriod })),
        ],
        rows: rows.map((r) => ({
          id: r.id,
          parentId: r.parentId,
          level: r.level,
          depth: depth.get(r.id) ?? 0,
          position: r.position,
          code: r.values.code,
          values: r.values,
          custom: Object.fromEntries(config.columns.map((c) => [c.key, r.custom?.[c.key] ?? ''])),
          deadlineDate: r.deadlineDate ?? null,
          // The target column's quantitative targets as structured values (value, max, unit, comparator, text).
          targets: r.values.target ? extractTargets(r.values.target) : [],
          // The month each per-period value above came from (carried forward to the period).
          periods: r.periods ?? {},
          asOf: r.asOf ?? null,
        })),
      };
      const facts = (r: (typeof rows)[number]) => {
        const a = r.asOf;
        if (!a || r.level === 'section') return '';
        return `  [${LIGHT_LABELS[a.light]} ${CATEGORY_LABELS[a.category]}${a.derived ? '(汇总)' : ''} 进度${a.progress}% 序时${a.expected}%${a.overdue ? ' 逾期' : ''}]`;
      };
      const human = [
        `截至 ${json.period}`,
        ...rows.map((r) => `${'  '.repeat(depth.get(r.id) ?? 0)}${r.values.code ? `${r.values.code} ` : ''}${r.values.task || r.values.measures}${facts(r)}`),
      ].join('\n');
      ctx.print(rows.length ? human : '（该台账没有行）', json);
    },
  },

  call: {
    usage: "taizhang call METHOD ['{\"json\":\"input\"}'] [--db PATH]",
    summary: '直接调用任一接口方法（供其他程序自动化使用），输出 JSON 结果',
    async run(ctx) {
      const [method, inputText] = ctx.positionals;
      if (!method) throw new AppError('invalid_input', '请给出方法名，例如 taizhang call ledger.list');
      let input: unknown = {};
      if (inputText !== undefined) {
        try {
          input = JSON.parse(inputText);
        } catch {
          throw new AppError('invalid_input', `输入不是有效的 JSON：${inputText.slice(0, 80)}`);
        }
      }
      const result = await ctx.open().dispatch(method, input);
      if (!result.ok) throw new AppError(result.error.code, result.error.message);
      ctx.out(`${JSON.stringify(result.value, null, 2)}\n`);
    },
  },

  serve: {
    usage: 'taizhang serve [--db PATH] [--port N]',
    summary: '在本机 127.0.0.1 上提供网页界面（第一行输出带令牌的完整地址）',
    valueFlags: ['port'],
    async run(ctx) {
      const port = ctx.flags.port === undefined ? 0 : Number(ctx.flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port 需要 0–65535 之间的端口号，收到“${String(ctx.flags.port)}”。`);
      }
      const backend = ctx.open();
      enableFiguresAhead(backend.store);
      const staticDir = await ensureRendererBuilt((line) => process.stderr.write(`${line}\n`));
      const host = await startWebHost({ dispatch: backend.dispatch, staticDir, port });
      const stopBackups = scheduleDailyBackups(backend.store, (err) => process.stderr.write(`每日自动备份失败：${(err as Error).message}\n`));
      process.stdout.write(`${host.url}\n`);
      process.stderr.write(`数据库：${ctx.dbPath}\n按 Ctrl+C 停止。\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      stopBackups();
      await host.close();
    },
  },
};
