// The preload bridge: exposes exactly one typed object, `window.taizhang`, to the sandboxed renderer.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type PreloadBridge } from '../../shared/client.js';

const bridge: PreloadBridge = {
  invoke: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input),
  platform: process.platform,
};

contextBridge.exposeInMainWorld('taizhang', bridge);
