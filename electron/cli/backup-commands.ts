// `taizhang backup` and `taizhang restore`: names, flags and JSON fields are a public automation interface.
import path from 'node:path';
import { AppError } from '#shared/errors.js';
import { createBackup, listBackups, restoreOffline } from '../backend/db/backups.js';
import { LATEST_SCHEMA_VERSION } from '../backend/db/migrations/index.js';
import { restoreAndReopen } from '../backend/handlers/backup-handlers.js';
import type { Command } from './command.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const backupCommands: Record<string, Command> = {
  backup: {
    usage: 'taizhang backup [-o FILE] [--db PATH] [--json]',
    summary: '备份数据库（包括尚未写回主文件的修改）；默认放在数据库旁的 backups 文件夹，-o 指定备份文件',
    async run(ctx) {
      const out = typeof ctx.flags.output === 'string' ? path.resolve(ctx.flags.output) : undefined;
      let result: { file: string; size: number; ledgers: number };
      if (out) {
        if (path.resolve(ctx.dbPath) === out) throw new AppError('invalid_input', '-o 不能是数据库文件本身，请指定另一个文件名。');
        result = await createBackup(ctx.open().store.db, out);
      } else {
        result = await ctx.client().call('backup.create', {});
      }
      ctx.print(`已备份到 ${result.file}（${result.ledgers} 个台账，${mb(result.size)}）`, { file: result.file, size: result.size, ledgers: result.ledgers });
    },
  },

  restore: {
    usage: 'taizhang restore FILE [--db PATH] [--json]',
    summary: '用备份文件替换数据库；替换前先把当前数据库另存为 backups 中的 before-restore 备份',
    async run(ctx) {
      const [file] = ctx.positionals;
      if (!file) {
        const list = listBackups(ctx.dbPath).slice(0, 5);
        throw new AppError(
          'invalid_input',
          `请给出备份文件，例如 taizhang restore ${list[0]?.file ?? 'backups/backup-….db'}${list.length ? `（现有备份：${list.map((b) => b.name).join('、')}）` : ''}`,
        );
      }
      let result;
      try {
        result = await restoreAndReopen(ctx.open().store, file);
      } catch (err) {
        // A damaged database cannot be opened to be restored into: it is moved aside instead.
        if (!(err instanceof AppError) || (err.code !== 'db_corrupt' && err.code !== 'db_not_sqlite')) throw err;
        ctx.close();
        result = restoreOffline(ctx.dbPath, file, new Date().toISOString(), LATEST_SCHEMA_VERSION);
      }
      const kept = result.safetyCopy ? `；恢复前的数据库另存为 ${result.safetyCopy}` : result.damagedCopy ? `；损坏的数据库移到了 ${result.damagedCopy}` : '';
      ctx.print(`已从 ${result.restored} 恢复（${result.ledgers} 个台账）${kept}`, {
        restored: result.restored,
        safetyCopy: result.safetyCopy ?? null,
        damagedCopy: result.damagedCopy ?? null,
        ledgers: result.ledgers,
        schemaVersion: result.schemaVersion,
      });
    },
  },
};
