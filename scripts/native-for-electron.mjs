// better-sqlite3 is compiled for Node (the tests and the CLI use it). Electron needs the same module
// built for its own ABI. Rather than rebuilding node_modules in place (which would break the Node
// build), we build a copy and put the binary at dist/native/better_sqlite3.node; the main process
// passes it to better-sqlite3 as `nativeBinding`, and electron-builder unpacks it from asar.
// Usage: node scripts/native-for-electron.mjs [--platform win32|linux] [--arch x64]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export async function ensureNativeForElectron(root, { platform = process.platform, arch = process.arch } = {}) {
  const electronVersion = require('electron/package.json').version;
  const outDir = path.join(root, 'dist', 'native');
  const out = path.join(outDir, 'better_sqlite3.node');
  const stamp = path.join(outDir, 'better_sqlite3.target');
  const target = `electron-${electronVersion}-${platform}-${arch}`;
  if (fs.existsSync(out) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === target) return out;

  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-native-'));
  fs.cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' });
  try {
    // A prebuilt binary when the network allows, else compile against Electron's headers.
    const prebuild = path.join(path.dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
    run(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--platform', platform, '--arch', arch]);
  } catch {
    if (platform !== process.platform) throw new Error(`无法下载 ${platform} 平台的预编译模块，也无法在本机交叉编译`);
    const gyp = path.join(path.dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
    run(process.execPath, [gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers']);
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), out);
  fs.writeFileSync(stamp, target);
  fs.rmSync(work, { recursive: true, force: true });
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const out = await ensureNativeForElectron(root, { platform: arg('platform') ?? process.platform, arch: arg('arch') ?? process.arch });
  console.log(out);
}
