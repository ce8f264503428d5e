// The desktop shell's file capability: the renderer asks to save bytes (a save dialog, or a folder
// for several files) or to open files of a kind (an open dialog with its filters); the shell shows
// the native dialog and writes atomically or reads the chosen files. Written against minimal
// ipcMain/dialog shapes so tests drive it with fakes, as the contract's IPC host is.
import { readInputFile } from '../backend/files/read-input-file.js';
import fs from 'node:fs';
import path from 'node:path';
import type {
  MessageBoxOptions,
  MessageBoxReturnValue,
  OpenDialogOptions,
  OpenDialogReturnValue,
  SaveDialogOptions,
  SaveDialogReturnValue,
} from 'electron';
import type { z } from 'zod';
import { AppError, type ApiResult } from '#shared/errors.js';
import { OPEN_FILES_CHANNEL, SAVE_FILE_CHANNEL, SAVE_FILES_CHANNEL } from '#shared/client.js';
import {
  OPEN_KINDS,
  OPEN_MAX_FILES,
  openFilesRequest,
  openFilters,
  saveFileRequest,
  saveFilesRequest,
  saveFilters,
  type OpenOutcome,
  type SaveOutcome,
} from '#shared/host-files.js';
import { describeIssues } from '../backend/dispatcher.js';
import { writeFilesAtomic } from '../backend/export/atomic-write.js';
import { safeFileName } from '../backend/export/ledger-export.js';
import { isTrustedSender, type IpcMainLike, type TrustedSender } from './ipc-host.js';

/** The part of Electron's `dialog` the shell uses (Electron's own object satisfies it). */
export interface DialogLike<W> {
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showOpenDialog(window: W, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showMessageBox(window: W, options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
}

export interface FileDialogOptions<W> {
  dialog: DialogLike<W>;
  /** The window the dialogs belong to (modal to it). */
  window(): W | undefined;
  trusted: TrustedSender;
  /** Where the first dialog of a session opens (the user's documents folder). */
  defaultFolder(): string;
}


/** File names come from the backend, but they cross the renderer: never a path, never a device name. */
function fileNameFor(name: string): string {
  return safeFileName(path.basename(name.replace(/\\/g, '/')));
}

/** One name per file in a folder: a second `x.xlsx` becomes `x-2.xlsx`. */
function distinctNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    const ext = path.extname(n);
    const base = n.slice(0, n.length - ext.length);
    let name = n;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}${ext}`;
    used.add(name.toLowerCase());
    return name;
  });
}

export function serveFileDialogsOnIpc<W>(ipcMain: IpcMainLike, options: FileDialogOptions<W>): () => void {
  let lastSaveFolder: string | undefined;
  let lastOpenFolder: string | undefined;

  function handle<S extends z.ZodType, T>(channel: string, schema: S, run: (request: z.infer<S>, window: W) => Promise<T>) {
    ipcMain.handle(channel, async (event, request): Promise<ApiResult<T>> => {
      if (!isTrustedSender(event, options.trusted)) {
        return { ok: false, error: { code: 'forbidden', message: '拒绝访问：请求不是来自台账主窗口。' } };
      }
      const parsed = schema.safeParse(request);
      if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: describeIssues(parsed.error) } };
      const window = options.window();
      if (!window) return { ok: false, error: { code: 'no_window', message: '台账窗口已关闭，请重新打开后再试。' } };
      try {
        return { ok: true, value: await run(parsed.data, window) };
      } catch (err) {
        if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
        return { ok: false, error: { code: 'internal', message: `操作失败：${err instanceof Error ? err.message : String(err)}。请重试。` } };
      }
    });
  }

  handle(SAVE_FILE_CHANNEL, saveFileRequest, async ({ file }, window): Promise<SaveOutcome> => {
    const name = fileNameFor(file.fileName);
    const chosen = await options.dialog.showSaveDialog(window, {
      title: '保存文件',
      defaultPath: path.join(lastSaveFolder ?? options.defaultFolder(), name),
      filters: saveFilters(name),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (chosen.canceled || !chosen.filePath) return { saved: false };
    // A name typed without an extension (Linux dialogs do not add it) keeps the file's type.
    const ext = path.extname(name);
    const target = path.extname(chosen.filePath) ? chosen.filePath : `${chosen.filePath}${ext}`;
    writeFilesAtomic([{ path: target, bytes: file.bytes }]);
    lastSaveFolder = path.dirname(target);
    return { saved: true, paths: [target] };
  });

  handle(SAVE_FILES_CHANNEL, saveFilesRequest, async ({ files }, window): Promise<SaveOutcome> => {
    const chosen = await options.dialog.showOpenDialog(window, {
      title: `选择保存 ${files.length} 个文件的文件夹`,
      defaultPath: lastSaveFolder ?? options.defaultFolder(),
      buttonLabel: '保存到此文件夹',
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    });
    const folder = chosen.canceled ? undefined : chosen.filePaths[0];
    if (!folder) return { saved: false };
    const names = distinctNames(files.map((f) => fileNameFor(f.fileName)));
    const targets = names.map((n) => path.join(folder, n));
    const existing = names.filter((_n, i) => fs.existsSync(targets[i]!));
    if (existing.length) {
      const answer = await options.dialog.showMessageBox(window, {
        type: 'question',
        title: '文件已存在',
        message: `“${folder}”中已有 ${existing.length} 个同名文件，是否替换？`,
        detail: existing.slice(0, 10).join('\n') + (existing.length > 10 ? `\n…等 ${existing.length} 个` : ''),
        buttons: ['替换', '取消'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      if (answer.response !== 0) return { saved: false };
    }
    fs.mkdirSync(folder, { recursive: true });
    writeFilesAtomic(files.map((f, i) => ({ path: targets[i]!, bytes: f.bytes })));
    lastSaveFolder = folder;
    return { saved: true, paths: targets };
  });

  handle(OPEN_FILES_CHANNEL, openFilesRequest, async ({ kind }, window): Promise<OpenOutcome> => {
    const spec = OPEN_KINDS[kind];
    const chosen = await options.dialog.showOpenDialog(window, {
      title: spec.title,
      defaultPath: lastOpenFolder ?? options.defaultFolder(),
      filters: openFilters(kind),
      properties: spec.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
    });
    if (chosen.canceled || !chosen.filePaths.length) return { files: [] };
    const paths = spec.multiple ? chosen.filePaths : chosen.filePaths.slice(0, 1);
    if (paths.length > OPEN_MAX_FILES) {
      throw new AppError('too_many_files', `一次最多选择 ${OPEN_MAX_FILES} 个文件（选择了 ${paths.length} 个），请分批导入。`);
    }
    // All or nothing: one unreadable file refuses the choice, so an import never starts half-read.
    const files = paths.map((p) => {
      try {
        return readInputFile(p, spec);
      } catch (err) {
        if (err instanceof AppError && paths.length > 1) throw new AppError(err.code, `${err.message}本次选择的 ${paths.length} 个文件都未导入。`);
        throw err;
      }
    });
    lastOpenFolder = path.dirname(paths[0]!);
    return { files };
  });

  return () => {
    for (const channel of [SAVE_FILE_CHANNEL, SAVE_FILES_CHANNEL, OPEN_FILES_CHANNEL]) ipcMain.removeHandler(channel);
  };
}
