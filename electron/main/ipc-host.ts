// The Electron IPC host: the contract served on one channel, only to our own window's main frame.
// Written against a minimal ipcMain shape so tests can drive it with a fake.
import { IPC_CHANNEL } from '#shared/client.js';
import type { ApiResult } from '#shared/errors.js';
import type { Dispatch } from '../backend/dispatcher.js';

export interface IpcEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent?: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface TrustedSender {
  webContentsId(): number | undefined;
  /** The renderer's own page; anything else (a navigated or injected frame) is refused. */
  rendererUrl: string;
}

export function isTrustedSender(event: IpcEventLike, trusted: TrustedSender): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  if (event.sender.id !== trusted.webContentsId()) return false;
  const url = frame.url.split(/[?#]/)[0];
  return url === trusted.rendererUrl;
}

export function serveContractOnIpc(ipcMain: IpcMainLike, dispatch: Dispatch, trusted: TrustedSender): () => void {
  ipcMain.handle(IPC_CHANNEL, async (event, method, input): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(event, trusted)) {
      return { ok: false, error: { code: 'forbidden', message: '拒绝访问：请求不是来自台账主窗口。' } };
    }
    return dispatch(String(method), input);
  });
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}
