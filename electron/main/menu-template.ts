// The application menu as data (文件 / 编辑 / 视图 / 帮助): a pure function of the recent ledgers and
// two callbacks, so it is tested under plain Node. menu.ts turns it into Electron's Menu.
//
// Undo, redo and find are the renderer's own (the grid's undo writes through the API): their
// accelerators are shown but not registered, so the keys reach the page, and the menu items send a
// command instead. Copy and paste keep Electron's roles, which fire the page's copy/paste events.
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from '#shared/client.js';

export interface MenuContext {
  /** Most recently used first. */
  recent: readonly { id: number; name: string }[];
  send(command: ShellCommand): void;
  about(): void;
  platform: string;
}

export const RECENT_LIMIT = 10;

export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const send = (command: ShellCommand) => () => ctx.send(command);
  const recent: MenuItemConstructorOptions[] = ctx.recent.length
    ? ctx.recent.slice(0, RECENT_LIMIT).map((l, i) => ({
        label: `${i < 9 ? `&${i + 1} ` : ''}${l.name.replace(/&/g, '&&')}`,
        click: send({ type: 'open-ledger', ledgerId: l.id }),
      }))
    : [{ label: '（暂无）', enabled: false }];

  return [
    {
      label: '文件(&F)',
      submenu: [
        { label: '新建台账…', accelerator: 'CmdOrCtrl+N', click: send({ type: 'new-ledger' }) },
        { label: '最近使用的台账', submenu: recent },
        { type: 'separator' },
        { label: '导入工作要点…', accelerator: 'CmdOrCtrl+I', click: send({ type: 'go-to', pageId: 'plan-import' }) },
        { label: '导入报送表…', click: send({ type: 'go-to', pageId: 'submissions' }) },
        { label: '模板与导出…', accelerator: 'CmdOrCtrl+E', click: send({ type: 'go-to', pageId: 'templates' }) },
        { type: 'separator' },
        { label: '备份数据库…', click: send({ type: 'backup' }) },
        { label: '从备份恢复…', click: send({ type: 'restore' }) },
        { type: 'separator' },
        { label: '退出', role: 'quit', accelerator: ctx.platform === 'darwin' ? 'Cmd+Q' : 'Alt+F4' },
      ],
    },
    {
      label: '编辑(&E)',
      submenu: [
        { label: '撤销', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: send({ type: 'undo' }) },
        { label: '重做', accelerator: 'CmdOrCtrl+Y', registerAccelerator: false, click: send({ type: 'redo' }) },
        { type: 'separator' },
        { label: '剪切', role: 'cut', accelerator: 'CmdOrCtrl+X' },
        { label: '复制', role: 'copy', accelerator: 'CmdOrCtrl+C' },
        { label: '粘贴', role: 'paste', accelerator: 'CmdOrCtrl+V' },
        { label: '全选', role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
        { type: 'separator' },
        { label: '查找…', accelerator: 'CmdOrCtrl+F', registerAccelerator: false, click: send({ type: 'find' }) },
      ],
    },
    {
      label: '视图(&V)',
      submenu: [
        { label: '台账', accelerator: 'CmdOrCtrl+1', click: send({ type: 'go-to', pageId: 'workbench' }) },
        { label: '修改历史', accelerator: 'CmdOrCtrl+H', click: send({ type: 'toggle-history' }) },
        { label: '列设置…', click: send({ type: 'columns' }) },
        { type: 'separator' },
        { label: '重新加载', role: 'reload', accelerator: 'F5' },
        { type: 'separator' },
        { label: '放大', role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
        { label: '缩小', role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
        { label: '实际大小', role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen', accelerator: 'F11' },
      ],
    },
    {
      label: '帮助(&H)',
      submenu: [{ label: '关于台账', click: () => ctx.about() }],
    },
  ];
}
