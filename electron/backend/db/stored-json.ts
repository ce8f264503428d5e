// JSON columns are read through the zod schema of what was written, so a damaged or hand-edited
// column is refused with a clear message instead of travelling on as a wrongly typed value.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { z } from 'zod';
import { AppError } from '#shared/errors.js';

/** `what` names the record in the message: `模板“月报”的列对应`. Bytes are JSON written by deflatedJson. */
export function parseStoredJson<S extends z.ZodType>(schema: S, stored: string | Uint8Array, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8'));
  } catch {
    throw corrupt(what);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw corrupt(what);
  return parsed.data;
}

function corrupt(what: string): AppError {
  return new AppError('db_corrupt', `数据库中${what}的内容已损坏，无法读取。请在“备份与恢复”中从备份恢复，或联系技术人员。`);
}

/** A large JSON value for a BLOB column: raw DEFLATE at a fast level (a tenth of the bytes to write). */
export function deflatedJson(value: unknown): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8'), { level: 3 });
}
