// Backups of the database: list, take one now, restore one (备份数据库… / 从备份恢复…, taizhang backup / restore).
import { z } from 'zod';
import { method } from './method.js';

export const backupKindSchema = z.enum(['manual', 'daily', 'before-import', 'before-restore', 'migration']);

export const backupInfoSchema = z.object({
  /** Absolute path of the backup file. */
  file: z.string(),
  name: z.string(),
  /** manual (备份数据库…), daily (automatic), before-import, before-restore, migration (before an upgrade). */
  kind: backupKindSchema,
  createdAt: z.string(),
  size: z.number().int().nonnegative(),
});

export const backupApi = {
  'backup.list': method({
    summary: 'The backups that exist (complete, verified files only), newest first, and the folder they are in',
    input: z.object({}).strict(),
    output: z.object({ dir: z.string(), backups: z.array(backupInfoSchema), dailyKept: z.number().int() }),
  }),
  'backup.create': method({
    summary: "Back up the database now (online backup API, edits still in -wal included) into the backups folder",
    input: z.object({}).strict(),
    output: backupInfoSchema.extend({ ledgers: z.number().int().nonnegative() }),
  }),
  'backup.restore': method({
    changesLedgers: true,
    summary: 'Replace the database by one of the listed backups; the current database is backed up first (before-restore)',
    input: z.object({ name: z.string().min(1).max(260) }).strict(),
    output: z.object({
      restored: z.string(),
      safetyCopy: z.string().optional(),
      ledgers: z.number().int().nonnegative(),
      schemaVersion: z.number().int(),
    }),
  }),
} as const;
