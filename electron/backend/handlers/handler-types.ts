import type { MethodName, MethodOutput, MethodParsedInput } from '#shared/api.js';
import { AppError } from '#shared/errors.js';
import type { WriteContext } from '../db/change-log.js';

export type CallContext = WriteContext;

export type Handler<M extends MethodName> = (
  input: MethodParsedInput<M>,
  ctx: CallContext,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

export type HandlersFor<K extends MethodName> = { [M in K]: Handler<M> };

export const now = (): string => new Date().toISOString();

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what}不存在（可能已被删除），请刷新后重试。`);
}

export function raise(err: AppError): never {
  throw err;
}
