// The Electron shell: one hardened window, the contract on IPC, the database in userData.
// Kept thin on purpose: everything it calls is tested under plain Node.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, shell } from 'electron';
import { createBackend, type Backend } from '../backend/backend.js';
import { scheduleDailyBackups } from '../backend/db/backups.js';
import { useNativeBinding } from '../backend/db/connection.js';
import { DB_FILE_NAME } from '../backend/paths.js';
import { enableFiguresAhead } from '../backend/reports/figures-ahead.js';
import { serveFileDialogsOnIpc } from './file-dialogs.js';
import { setExternalOpener } from '../backend/evidence/external-open.js';
import { serveContractOnIpc } from './ipc-host.js';
import { buildMenu } from './menu.js';
import { RECENT_LIMIT } from './menu-template.js';
import { dispatchWithLedgerWatch } from './recent-ledgers.js';
import { lockDownWebContents } from './window-security.js';

const appRoot = app.getAppPath();
const rendererIndex = path.join(appRoot, 'dist', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

/** better-sqlite3 built for Electron's ABI (scripts/native-for-electron.mjs); unpacked from asar when packaged. */
function nativeBindingPath(): string | undefined {
  const file = path.join(appRoot, 'dist', 'native', 'better_sqlite3.node').replace('app.asar', 'app.asar.unpacked');
  return fs.existsSync(file) ? file : undefined;
}

let mainWindow: BrowserWindow | undefined;
let backend: Backend | undefined;

/** The menu with the current recent ledgers (文件 → 最近使用的台账). */
function refreshMenu(dbPath: string): void {
  const recent = (backend?.store.ledgers.list() ?? []).slice(0, RECENT_LIMIT).map((l) => ({ id: l.id, name: l.name }));
  Menu.setApplicationMenu(buildMenu(() => mainWindow, dbPath, recent));
}

function createWindow(dbPath: string): void {
  mainWindow = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: '台账',
    show: false,
    webPreferences: {
      preload: path.join(appRoot, 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  refreshMenu(dbPath);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadFile(rendererIndex);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, rendererUrl));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => backend?.close());

  void app.whenReady().then(() => {
    const dbPath = process.env.TAIZHANG_DB ?? path.join(app.getPath('userData'), DB_FILE_NAME);
    try {
      useNativeBinding(nativeBindingPath());
      backend = createBackend(dbPath);
      enableFiguresAhead(backend.store);
    } catch (err) {
      dialog.showErrorBox('无法打开台账数据库', err instanceof Error ? err.message : String(err));
      app.quit();
      return;
    }
    // 佐证材料 open in the system viewer (a temp copy; shell.openPath resolves to '' or an error message).
    setExternalOpener((file) => shell.openPath(file));
    const opened = backend;
    scheduleDailyBackups(opened.store, (err) => console.error('每日自动备份失败', err));
    const trusted = { webContentsId: () => mainWindow?.webContents.id, rendererUrl };
    serveContractOnIpc(ipcMain, dispatchWithLedgerWatch(opened.dispatch, () => refreshMenu(dbPath)), trusted);
    // Saving exports and opening files: native dialogs, atomic writes (electron/main/file-dialogs.ts).
    serveFileDialogsOnIpc(ipcMain, { dialog, window: () => mainWindow, trusted, defaultFolder: () => app.getPath('documents') });
    createWindow(dbPath);
  });
}
