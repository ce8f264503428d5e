// Where the desktop app keeps its database: Electron's userData for product name "Taizhang".
// The CLI computes the same path without Electron so both open the same ledger.
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Taizhang';
export const DB_FILE_NAME = 'taizhang.db';

export function appDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? path.join(home, '.config');
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TAIZHANG_DB) return path.resolve(env.TAIZHANG_DB);
  return path.join(appDataDir(process.platform, env), PRODUCT_NAME, DB_FILE_NAME);
}
