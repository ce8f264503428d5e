// The application menu in Electron: the template from menu-template.ts with the window's callbacks.
import { app, dialog, Menu, type BrowserWindow } from 'electron';
import { SHELL_COMMAND_CHANNEL, type ShellCommand } from '#shared/client.js';
import { menuTemplate } from './menu-template.js';

export function buildMenu(
  getWindow: () => BrowserWindow | undefined,
  dbPath: string,
  recent: readonly { id: number; name: string }[] = [],
): Menu {
  const template = menuTemplate({
    recent,
    platform: process.platform,
    send: (command: ShellCommand) => getWindow()?.webContents.send(SHELL_COMMAND_CHANNEL, command),
    about: () => {
      const win = getWindow();
      const options = {
        type: 'info' as const,
        title: '关于台账',
        message: `台账 Taizhang ${app.getVersion()}`,
        detail: `数据库位置：${dbPath}`,
      };
      void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
    },
  });
  return Menu.buildFromTemplate(template);
}
