// A child process for desktop-file-dialogs.test.ts: the shell's file channels with a fake dialog,
// run under a file size limit (`ulimit -f`) so that a write really fails midway. Reads
// { request: { channel, ...}, answers } on stdin (bytes as number arrays), prints the ApiResult.
import fs from 'node:fs';
import { serveFileDialogsOnIpc, type DialogLike } from '../../electron/main/file-dialogs.js';
import type { IpcEventLike, IpcMainLike } from '../../electron/main/ipc-host.js';

type Answer = { canceled: boolean; path?: string; paths?: string[]; response?: number };
type WireFile = { fileName: string; bytes: number[] };
const { request, answers } = JSON.parse(fs.readFileSync(0, 'utf8')) as {
  request: { channel: string; file?: WireFile; files?: WireFile[] };
  answers: Answer[];
};

const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
const next = (): Answer => answers.shift() ?? { canceled: true };
const dialog: DialogLike<'w'> = {
  showSaveDialog: async () => {
    const a = next();
    return { canceled: a.canceled, filePath: a.path ?? '' };
  },
  showOpenDialog: async () => {
    const a = next();
    return { canceled: a.canceled, filePaths: a.paths ?? [] };
  },
  showMessageBox: async () => ({ response: next().response ?? 0, checkboxChecked: false }),
};
const url = 'file:///app/index.html';
serveFileDialogsOnIpc(ipc, { dialog, window: () => 'w', trusted: { webContentsId: () => 1, rendererUrl: url }, defaultFolder: () => '/tmp' });

const toBytes = (f: WireFile) => ({ fileName: f.fileName, bytes: Uint8Array.from(f.bytes) });
const { channel, ...rest } = request;
const payload = rest.file ? { file: toBytes(rest.file) } : { files: (rest.files ?? []).map(toBytes) };
const result = await handlers.get(channel)!({ sender: { id: 1 }, senderFrame: { url } }, payload);
process.stdout.write(JSON.stringify(result));
