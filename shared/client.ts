// The typed client every caller uses: one `call(method, input)` over some transport
// (Electron IPC through the preload bridge, HTTP to `serve`, or the dispatcher in-process).
import type { MethodInput, MethodName, MethodOutput } from './api.js';
import { AppError, type ApiResult } from './errors.js';
import type { OpenFilesRequest, OpenOutcome, SaveFileRequest, SaveFilesRequest, SaveOutcome } from './host-files.js';

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

/** Commands the desktop shell (its menu) sends to the renderer. */
export type ShellCommand =
  | { type: 'open-ledger'; ledgerId: number }
  | { type: 'new-ledger' }
  | { type: 'go-to'; pageId: string }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'find' }
  | { type: 'toggle-history' }
  | { type: 'columns' }
  // 文件 → 备份数据库… / 从备份恢复…: the backups dialog, taking a backup at once or choosing one to restore.
  | { type: 'backup' }
  | { type: 'restore' };

const SIMPLE_COMMANDS = new Set(['new-ledger', 'undo', 'redo', 'find', 'toggle-history', 'columns', 'backup', 'restore']);

/** Checks a command that crossed the IPC boundary before the renderer acts on it. */
export function isShellCommand(value: unknown): value is ShellCommand {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  if (v.type === 'open-ledger') return Number.isInteger(v.ledgerId) && (v.ledgerId as number) > 0;
  if (v.type === 'go-to') return typeof v.pageId === 'string' && v.pageId.length < 50;
  return typeof v.type === 'string' && SIMPLE_COMMANDS.has(v.type);
}

/** The object the Electron preload exposes as `window.taizhang`. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  platform: string;
  /** Subscribe to menu commands; returns the unsubscribe function. Absent in the browser host. */
  onCommand?(listener: (command: ShellCommand) => void): () => void;
  /** Native save/open dialogs (shared/host-files.ts). Absent in the browser host, which downloads and uploads. */
  files?: {
    /** Save dialog, then an atomic write to the chosen path. */
    save(request: SaveFileRequest): Promise<ApiResult<SaveOutcome>>;
    /** Folder dialog, then every file written into it (asks before replacing). */
    saveToFolder(request: SaveFilesRequest): Promise<ApiResult<SaveOutcome>>;
    /** Open dialog with the kind's filters; the chosen files' bytes (none when cancelled). */
    open(request: OpenFilesRequest): Promise<ApiResult<OpenOutcome>>;
  };
}

export const IPC_CHANNEL = 'taizhang:invoke';
/** Main → renderer: a ShellCommand. */
export const SHELL_COMMAND_CHANNEL = 'taizhang:command';
/** Renderer → shell: the native file dialogs (shared/host-files.ts); each answers an ApiResult. */
export const SAVE_FILE_CHANNEL = 'taizhang:save-file';
export const SAVE_FILES_CHANNEL = 'taizhang:save-files';
export const OPEN_FILES_CHANNEL = 'taizhang:open-files';
