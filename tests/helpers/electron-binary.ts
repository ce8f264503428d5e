// Where the Electron binary is, without triggering electron's first-run download.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function electronBinaryPath(): string | undefined {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8') : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
  const binary = path.join(dist, relative);
  return fs.existsSync(binary) ? binary : undefined;
}
