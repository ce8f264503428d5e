// The preload bridge: exposes exactly one typed object, `window.taizhang`, to the sandboxed renderer.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, isShellCommand, SHELL_COMMAND_CHANNEL, type PreloadBridge } from '../../shared/client.js';

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
};

contextBridge.exposeInMainWorld('taizhang', bridge);
