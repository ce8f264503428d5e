// Commands for the workbench that come from outside it (the Electron menu through the shell):
// a window event, so the window shell and the page stay decoupled.
export type WorkbenchCommand = 'undo' | 'redo' | 'find' | 'toggle-history' | 'columns';

const EVENT = 'taizhang:workbench-command';

export function sendWorkbenchCommand(command: WorkbenchCommand): void {
  window.dispatchEvent(new CustomEvent<WorkbenchCommand>(EVENT, { detail: command }));
}

export function onWorkbenchCommand(listener: (command: WorkbenchCommand) => void): () => void {
  const handler = (e: Event) => listener((e as CustomEvent<WorkbenchCommand>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
