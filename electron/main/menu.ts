// The application menu, in Chinese (文件 / 编辑 / 视图 / 帮助).
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(getWindow: () => BrowserWindow | undefined, dbPath: string): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件',
      submenu: [{ label: '退出', role: 'quit', accelerator: 'CmdOrCtrl+Q' }],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        { type: 'separator' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { label: '实际大小', role: 'resetZoom' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于台账',
          click: () => {
            const win = getWindow();
            const options = {
              type: 'info' as const,
              title: '关于台账',
              message: `台账 Taizhang ${app.getVersion()}`,
              detail: `数据库位置：${dbPath}`,
            };
            void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
