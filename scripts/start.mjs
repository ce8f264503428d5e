// `npm start`: build, make sure the Electron binary and an Electron build of better-sqlite3 exist,
// then launch the desktop app. Where Electron cannot be downloaded, say so in one line.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNativeForElectron } from './native-for-electron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(line) {
  console.error(line);
  process.exit(1);
}

/** The Electron binary, downloaded on first run (quietly: its failure must be one line, not a stack trace). */
function electronBinary() {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  const installed = fs.existsSync(pathFile) && fs.existsSync(path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8')));
  if (!installed && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    console.log('首次运行：正在下载 Electron 运行文件…');
    const result = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { encoding: 'utf8' });
    if (result.status !== 0) {
      const reason = `${result.stderr}${result.stdout}`.split('\n').find((l) => /error|failed/i.test(l))?.trim() ?? '未知原因';
      fail(
        `无法启动桌面程序：Electron 运行文件下载失败（首次运行需要联网）。请联网后重试；离线时可用 "npx taizhang serve" 在浏览器中使用。（${reason}）`,
      );
    }
  }
  return require('electron');
}

const electronPath = electronBinary();
await import('./build.mjs');
try {
  await ensureNativeForElectron(root);
} catch (err) {
  fail(`无法为 Electron 准备 better-sqlite3：${String(err.message ?? err).split('\n')[0]}`);
}

const child = spawn(electronPath, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
