// Error results that cross every host boundary: a stable English code and a Chinese message
// that tells the clerk what to do.

/** Why a workbook could not be read; kept apart because the worker threads report them too. */
export const WORKBOOK_ERROR_CODES = [
  'not_xlsx',
  'legacy_xls',
  'encrypted',
  'corrupt',
  'too_large',
  'zip_bomb',
  'timeout',
  'no_data_sheet',
  'internal',
] as const;

export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'not_found',
  'db_corrupt',
  'db_not_sqlite',
  'db_newer_version',
  'db_readonly',
  'db_locked',
  'db_open_failed',
  // A write refused because the database was opened read-only (no write permission, read-only media).
  'read_only',
  // SQLITE_FULL / ENOSPC: the disk (or quota) is full.
  'disk_full',
  'restore_failed',
  'conflict',
  'forbidden',
  'not_implemented',
  // Files and pasted text that cannot be read as a work plan (plan.parse, taizhang plan …).
  'empty_input',
  'not_text',
  'unsupported_file',
  'file_unreadable',
  // Values and batches the clerk asked to write that cannot be written as they are.
  'invalid_value',
  'nothing_to_apply',
  'no_units',
  'file_locked',
  'not_recognised',
  // A write that began and was rolled back, or its safety copy could not be made first.
  'backup_failed',
  'apply_failed',
  'template_no_header',
  // Files the clerk opens or saves (native dialogs, atomic writes).
  'invalid_target',
  'file_too_large',
  'too_many_files',
  'no_window',
  'not_available',
  // 佐证材料 refused by their bytes (electron/backend/evidence/evidence-type.ts).
  'empty_file',
  'executable_file',
  'archive_too_deep',
  // A document nested too deep, or one the reader could not finish in time or memory.
  'document_too_complex',
  // The renderer's transport when the `serve` host cannot be reached or answers without JSON.
  'offline',
  'http_error',
  // Workbooks that cannot be read (electron/backend/excel/workbook-error.ts).
  ...WORKBOOK_ERROR_CODES,
] as const;

export type WorkbookErrorCode = (typeof WORKBOOK_ERROR_CODES)[number];

/** Closed on purpose: a new failure gets its code listed here, where every host and test can see it. */
export type ErrorCode = (typeof ERROR_CODES)[number] | `template_${WorkbookErrorCode}`;

/** Every code an ApiError can carry, for hosts and tests that check a result against the list. */
export const ALL_ERROR_CODES: readonly ErrorCode[] = [...ERROR_CODES, ...WORKBOOK_ERROR_CODES.map((c) => `template_${c}` as const)];

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside the backend; the dispatcher turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): ApiError {
    return { code: this.code, message: this.message };
  }
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).code === 'string' &&
    typeof (value as ApiError).message === 'string'
  );
}

export const READ_ONLY_MESSAGE =
  '数据库是只读打开的（文件没有写入权限，或位于只读的U盘、光盘、网络位置上），可以查看、搜索和导出，但不能修改。如需修改，请把数据库文件复制到有写入权限的文件夹（例如“文档”）后再打开。';

export function readOnlyWriteError(): AppError {
  return new AppError('read_only', READ_ONLY_MESSAGE);
}

/**
 * The one mapping of storage faults to the clerk's words: a full disk, a read-only database, a writer
 * that kept the lock too long. Raw errors from SQLite (`SQLITE_FULL`), Node's fs (`ENOSPC`) or a worker
 * (only the message survives) are recognised; anything else returns undefined.
 */
export function storageError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return undefined;
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || /ENOSPC|EDQUOT|no space left|disk is full|disk quota/i.test(message)) {
    return new AppError(
      'disk_full',
      '磁盘空间不足，本次操作没有完成，已有的数据没有改动。请清理磁盘空间（删除不需要的文件、清空回收站），或把数据库移到空间充足的磁盘后重试。',
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || /attempt to write a readonly database/i.test(message)) {
    return readOnlyWriteError();
  }
  if (code.startsWith('SQLITE_BUSY') || /database is locked/i.test(message)) {
    return new AppError('db_locked', '数据库正被其他程序长时间占用（例如另一窗口正在导入），本次操作没有完成，请稍后重试。');
  }
  return undefined;
}
