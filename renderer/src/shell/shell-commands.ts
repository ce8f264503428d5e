// Menu commands from the Electron shell (through the preload bridge) and files dropped on the window:
// both arrive at the window shell, which switches ledger or page and hands the rest to the workbench.
import { useEffect } from 'react';
import type { ShellCommand } from '#shared/client.js';
import { sendWorkbenchCommand } from '../pages/workbench/workbench-commands.js';

export interface ShellActions {
  openLedger(ledgerId: number): void;
  newLedger(): void;
  goTo(pageId: string): void;
  /** 备份数据库… / 从备份恢复…: the backups dialog. */
  backups(mode: 'backup' | 'restore'): void;
}

const isTextField = (el: Element | null) =>
  el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);

export function runShellCommand(command: ShellCommand, actions: ShellActions): void {
  switch (command.type) {
    case 'open-ledger':
      actions.openLedger(command.ledgerId);
      actions.goTo('workbench');
      return;
    case 'new-ledger':
      actions.newLedger();
      return;
    case 'go-to':
      actions.goTo(command.pageId);
      return;
    case 'backup':
    case 'restore':
      actions.backups(command.type);
      return;
    case 'undo':
    case 'redo':
      // In a text box the menu's 撤销/重做 act on the text, as the keys do.
      if (isTextField(document.activeElement)) {
        document.execCommand(command.type);
        return;
      }
      sendWorkbenchCommand(command.type);
      return;
    default:
      actions.goTo('workbench');
      sendWorkbenchCommand(command.type);
  }
}

/** Subscribes to the preload bridge's menu commands (no-op in the browser host). */
export function useShellCommands(actions: ShellActions): void {
  useEffect(() => {
    const bridge = window.taizhang;
    if (!bridge?.onCommand) return;
    return bridge.onCommand((command) => runShellCommand(command, actions));
  }, [actions]);
}
