// The preload bridge: exposes exactly one typed object, `window.taizhang`, to the sandboxed renderer.
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_CHANNEL,
  isShellCommand,
  OPEN_FILES_CHANNEL,
  SAVE_FILE_CHANNEL,
  SAVE_FILES_CHANNEL,
  SHELL_COMMAND_CHANNEL,
  type PreloadBridge,
} from '#shared/client.js';

const bridge: PreloadBridge = {
  invoke: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input),
  platform: process.platform,
  onCommand: (listener) => {
    const handler = (_event: unknown, command: unknown) => {
      if (isShellCommand(command)) listener(command);
    };
    ipcRenderer.on(SHELL_COMMAND_CHANNEL, handler);
    return () => ipcRenderer.removeListener(SHELL_COMMAND_CHANNEL, handler);
  },
  // Dropped files need nothing here: the renderer reads them through the File API, which works in
  // the sandbox, so no path (webUtils.getPathForFile) and no "read this path" channel is exposed.
  files: {
    save: (request) => ipcRenderer.invoke(SAVE_FILE_CHANNEL, request),
    saveToFolder: (request) => ipcRenderer.invoke(SAVE_FILES_CHANNEL, request),
    open: (request) => ipcRenderer.invoke(OPEN_FILES_CHANNEL, request),
  },
};

contextBridge.exposeInMainWorld('taizhang', bridge);
