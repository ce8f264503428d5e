// Error results that cross every host boundary: a stable English code and a Chinese message
// that tells the clerk what to do.

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
  'conflict',
  'forbidden',
  'not_implemented',
  // Files and pasted text that cannot be read as a work plan (plan.parse, taizhang plan …).
  'empty_input',
  'not_text',
  'unsupported_file',
  'file_unreadable',
  // A file over its kind's cap (shared/file-limits.ts), refused before it is read.
  'file_too_large',
  // A document nested too deep, or one the reader could not finish in time or memory.
  'document_too_complex',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {});

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
