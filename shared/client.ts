// The typed client every caller uses: one `call(method, input)` over some transport
// (Electron IPC through the preload bridge, HTTP to `serve`, or the dispatcher in-process).
import type { MethodInput, MethodName, MethodOutput } from './api.js';
import { AppError, type ApiResult } from './errors.js';

export type Transport = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

export interface Client {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

export function createClient(transport: Transport): Client {
  return {
    async call(method, input) {
      const result = await transport(method, input);
      if (!result.ok) throw new AppError(result.error.code, result.error.message);
      return result.value as never;
    },
  };
}

/** The object the Electron preload exposes as `window.taizhang`. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  platform: string;
}

export const IPC_CHANNEL = 'taizhang:invoke';
