// Every better-sqlite3 connection of a process is made here, so that all of them load the one native
// build the process runs on. The desktop app's main process runs on Electron's ABI and says so once at
// start (`useNativeBinding`, the dist/native build); Node (the CLI, serve, tests) loads node_modules' own.
// A connection opened without it in the app (a backup's check, a restore) would fail to load.
import Database from 'better-sqlite3';

export type Db = Database.Database;

let binding: string | undefined;

/** The native build for every connection this process (or thread) opens from now on; undefined: node_modules'. */
export function useNativeBinding(file: string | undefined): void {
  binding = file;
}

/** The native build in use, for a worker thread to load the same one. */
export function nativeBindingInUse(): string | undefined {
  return binding;
}

export function connect(file: string | Buffer, options: Omit<Database.Options, 'nativeBinding'> = {}): Db {
  return new Database(file, { ...options, nativeBinding: binding });
}
