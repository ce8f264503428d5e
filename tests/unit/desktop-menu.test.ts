// The desktop shell's pure parts: the Chinese menu with its accelerators and recent ledgers, the
// commands it sends, the ledger-list watch that rebuilds it, and where dropped files go.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../electron/main/menu-template.js';
import { changesLedgerList, dispatchWithLedgerWatch } from '../../electron/main/recent-ledgers.js';
import { isShellCommand, type ShellCommand } from '#shared/client.js';
import { importPageFor } from '../../renderer/src/shell/file-drop.js';

function items(menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return menu.submenu as MenuItemConstructorOptions[];
}

function find(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  for (const top of template) {
    for (const item of items(top)) {
      if (item.label === label) return item;
    }
  }
  throw new Error(`no menu item ${label}`);
}

describe('application menu', () => {
  const sent: ShellCommand[] = [];
  const template = menuTemplate({
    recent: [
      { id: 7, name: '2020年台账' },
      { id: 3, name: 'R&D 台账' },
    ],
    send: (c) => sent.push(c),
    about: () => sent.push({ type: 'find' }),
    platform: 'win32',
  });

  it('has 文件 / 编辑 / 视图 / 帮助 with the usual accelerators', () => {
    expect(template.map((m) => m.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)', '帮助(&H)']);
    expect(find(template, '新建台账…').accelerator).toBe('CmdOrCtrl+N');
    expect(find(template, '复制')).toMatchObject({ role: 'copy', accelerator: 'CmdOrCtrl+C' });
    expect(find(template, '粘贴')).toMatchObject({ role: 'paste', accelerator: 'CmdOrCtrl+V' });
    // The grid's own undo handles the keys; the menu shows them and sends a command when clicked.
    expect(find(template, '撤销')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
    expect(find(template, '重做')).toMatchObject({ accelerator: 'CmdOrCtrl+Y', registerAccelerator: false });
    expect(find(template, '全屏').accelerator).toBe('F11');
  });

  it('lists recent ledgers that open the ledger in the renderer', () => {
    const recent = items(find(template, '最近使用的台账'));
    expect(recent.map((r) => r.label)).toEqual(['&1 2020年台账', '&2 R&&D 台账']);
    (recent[0]!.click as () => void)();
    (find(template, '撤销').click as () => void)();
    (find(template, '导入工作要点…').click as () => void)();
    expect(sent).toEqual([{ type: 'open-ledger', ledgerId: 7 }, { type: 'undo' }, { type: 'go-to', pageId: 'plan-import' }]);
    expect(sent.every(isShellCommand)).toBe(true);
  });

  it('shows a disabled placeholder without recent ledgers', () => {
    const empty = menuTemplate({ recent: [], send: () => undefined, about: () => undefined, platform: 'linux' });
    expect(items(find(empty, '最近使用的台账'))).toEqual([{ label: '（暂无）', enabled: false }]);
  });
});

describe('backups in the 文件 menu', () => {
  it('备份数据库… and 从备份恢复… send the backup commands, which pass the IPC check', () => {
    const sent: ShellCommand[] = [];
    const template = menuTemplate({ recent: [], send: (c) => sent.push(c), about: () => {}, platform: 'linux' });
    const file = items(template[0]!).map((i) => i.label);
    expect(file).toEqual(expect.arrayContaining(['备份数据库…', '从备份恢复…']));
    for (const label of ['备份数据库…', '从备份恢复…']) (find(template, label).click as () => void)();
    expect(sent).toEqual([{ type: 'backup' }, { type: 'restore' }]);
    for (const c of sent) expect(isShellCommand(c)).toBe(true);
    expect(changesLedgerList('backup.restore')).toBe(true);
  });
});

describe('shell commands and the ledger watch', () => {
  it('accepts only well-formed commands from IPC', () => {
    expect(isShellCommand({ type: 'open-ledger', ledgerId: 3 })).toBe(true);
    expect(isShellCommand({ type: 'open-ledger', ledgerId: '3' })).toBe(false);
    expect(isShellCommand({ type: 'rm -rf' })).toBe(false);
    expect(isShellCommand(null)).toBe(false);
  });

  it('rebuilds the menu after calls that change the ledger list, never after failures', async () => {
    expect(changesLedgerList('ledger.create')).toBe(true);
    expect(changesLedgerList('ledger.open')).toBe(true);
    expect(changesLedgerList('plan.createLedger')).toBe(true);
    expect(changesLedgerList('ledgerimport.create')).toBe(true);
    expect(changesLedgerList('ledger.list')).toBe(false);
    expect(changesLedgerList('rows.updateCell')).toBe(false);
    let rebuilt = 0;
    const ok = dispatchWithLedgerWatch(async () => ({ ok: true, value: 1 }), () => rebuilt++);
    const bad = dispatchWithLedgerWatch(async () => ({ ok: false, error: { code: 'internal', message: 'y' } }), () => rebuilt++);
    await ok('ledger.rename', {});
    await bad('ledger.rename', {});
    await ok('rows.list', {});
    expect(rebuilt).toBe(1);
  });
});

describe('dropped files', () => {
  it('sends work plans to the plan import and filled forms to the submissions page', () => {
    expect(importPageFor('2020年工作要点.docx')).toBe('plan-import');
    expect(importPageFor('要点.TXT')).toBe('plan-import');
    expect(importPageFor('汉都三幼-6月报送.xlsx')).toBe('submissions');
    expect(importPageFor('报送.csv')).toBe('submissions');
    expect(importPageFor('和平小学-6月报送.zip')).toBe('submissions');
    expect(importPageFor('照片.jpg')).toBeNull();
  });
});
