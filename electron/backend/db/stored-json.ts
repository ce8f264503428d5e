// JSON columns are read through the zod schema of what was written, so a damaged or hand-edited
// column is refused with a clear message instead of travelling on as a wrongly typed value.
import type { z } from 'zod';
import { AppError } from '#shared/errors.js';

/** `what` names the record in the message: `模板“月报”的列对应`. */
export function parseStoredJson<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
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
