// Builds what the Electron shell loads — the renderer (vite) and the main/preload bundles (esbuild) — and the
// bundle of the command-line host that `bin/taizhang.mjs` runs while it is current (dist/cli).
// Usage: node scripts/build.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, buildElectron } from './build-electron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { build } = await import('vite');
await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
await buildElectron(root);
await buildCli(root);
console.log('构建完成：dist/renderer、dist/electron、dist/cli');
