// Handlers for backups (shared/api/backup-api.ts): the work is in db/backups.ts.
import type { backupApi } from '#shared/api/backup-api.js';
import { AppError } from '#shared/errors.js';
import { backupDir, backupPath, createBackup, dailyBackupsKept, listBackups, restoreBackup } from '../db/backups.js';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.js';
import type { Store } from '../store.js';
import { now, type HandlersFor } from './handler-types.js';

export function backupHandlers(store: Store): HandlersFor<keyof typeof backupApi> {
  return {
    'backup.list': () => ({ dir: backupDir(store.path), backups: listBackups(store.path), dailyKept: dailyBackupsKept() }),

    'backup.create': async () => {
      const result = await createBackup(store.db, backupPath(store.path, 'manual', now()));
      const info = listBackups(store.path).find((b) => b.file === result.file)!;
      return { ...info, ledgers: result.ledgers };
    },

    'backup.restore': async ({ name }) => {
      // Only a listed backup, by name: the API never reads an arbitrary path (the CLI's restore FILE may).
      const backup = listBackups(store.path).find((b) => b.name === name);
      if (!backup) throw new AppError('not_found', `备份“${name}”不存在（可能已被删除），请刷新备份列表后重试。`);
      return restoreAndReopen(store, backup.file);
    },
  };
}

/** Restores a backup into the store's database and reopens the store on it. */
export async function restoreAndReopen(store: Store, file: string) {
  const result = await restoreBackup(store.db, store.path, file, now(), LATEST_SCHEMA_VERSION);
  store.reopen();
  return result;
}
