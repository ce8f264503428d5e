// The preload against a fake `electron` module: it exposes one object, `window.taizhang`, whose file
// capabilities go to the shell's file channels (and nothing that reads a path the renderer names).
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL, OPEN_FILES_CHANNEL, SAVE_FILE_CHANNEL, SAVE_FILES_CHANNEL, type PreloadBridge } from '#shared/client.js';

const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { ok: true, value: null };
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

describe('preload bridge', () => {
  it('exposes the contract and the native file dialogs on their channels', async () => {
    await import('../../electron/main/preload.js');
    expect([...exposed.keys()]).toEqual(['taizhang']);
    const bridge = exposed.get('taizhang') as PreloadBridge;
    expect(Object.keys(bridge.files!).sort()).toEqual(['open', 'save', 'saveToFolder']);
    const file = { fileName: '台账.xlsx', bytes: new Uint8Array([1, 2]) };
    await bridge.invoke('ledger.list', {});
    await bridge.files!.save({ file });
    await bridge.files!.saveToFolder({ files: [file, file] });
    await bridge.files!.open({ kind: 'submissions' });
    expect(invoked).toEqual([
      [IPC_CHANNEL, 'ledger.list', {}],
      [SAVE_FILE_CHANNEL, { file }],
      [SAVE_FILES_CHANNEL, { files: [file, file] }],
      [OPEN_FILES_CHANNEL, { kind: 'submissions' }],
    ]);
  });
});
