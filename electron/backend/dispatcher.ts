// One dispatcher behind every host: validate input by the contract, call the handler,
// and turn every failure into `{ ok: false, error: { code, message } }` with a Chinese message.
import { api, isMethodName } from '#shared/api.js';
import { AppError, storageError, type ApiResult, type ErrorCode } from '#shared/errors.js';
import type { z } from 'zod';
import type { CallContext, Handlers } from './api.js';

export type Dispatch = (method: string, input: unknown, ctx?: Partial<CallContext>) => Promise<ApiResult<unknown>>;

/**
 * Under the tests every answer is checked against its declared output schema too, so a handler that
 * drifts from the contract fails whichever test calls it (hosts and the renderer rely on the shapes).
 */
const CHECK_OUTPUTS = process.env.VITEST === 'true' || process.env.TAIZHANG_CHECK_OUTPUTS === '1';

export function createDispatcher(handlers: Handlers, defaults: CallContext, checkOutputs = CHECK_OUTPUTS): Dispatch {
  return async (method, input, ctx) => {
    if (!isMethodName(method)) {
      return fail('unknown_method', `不支持的操作“${String(method).slice(0, 80)}”，请升级软件或联系技术人员。`);
    }
    const parsed = api[method].input.safeParse(input ?? {});
    if (!parsed.success) return fail('invalid_input', describeIssues(parsed.error));
    const handler = handlers[method] as ((input: unknown, ctx: CallContext) => unknown) | undefined;
    if (typeof handler !== 'function') {
      return fail('not_implemented', `操作“${method}”在本版本中尚未实现，请升级软件或联系技术人员。`);
    }
    try {
      const value = await handler(parsed.data, { ...defaults, ...ctx });
      if (checkOutputs) {
        const checked = api[method].output.safeParse(value);
        if (!checked.success) return fail('internal', `“${method}”的返回值不符合接口定义：${describeIssues(checked.error)}`);
      }
      return { ok: true, value };
    } catch (err) {
      if (err instanceof AppError) return fail(err.code, err.message);
      const storage = storageError(err);
      if (storage) return fail(storage.code, storage.message);
      return fail('internal', `操作失败：${err instanceof Error ? err.message : String(err)}。请重试；如果反复出现，请联系技术人员。`);
    }
  };
}

function fail(code: ErrorCode, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

/** Zod issues as one Chinese sentence (also used by the shell for its own IPC requests). */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length ? `“${issue.path.join('.')}”` : '输入';
    // Messages we wrote ourselves are Chinese already; zod's English defaults get a generic Chinese wording.
    const own = /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : describeIssueCode(issue.code);
    return `${where}：${own}`;
  });
  return `输入不正确：${parts.join('；')}`;
}

function describeIssueCode(code: string): string {
  switch (code) {
    case 'invalid_type':
      return '类型不正确';
    case 'too_big':
      return '超出允许范围';
    case 'too_small':
      return '低于允许范围或为空';
    case 'unrecognized_keys':
      return '包含不认识的字段';
    case 'invalid_value':
    case 'invalid_enum_value':
      return '不是允许的取值';
    default:
      return '格式不正确';
  }
}
