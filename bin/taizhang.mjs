#!/usr/bin/env node
// The `taizhang` command. It runs the esbuild bundle of the CLI (dist/cli, made by `npm run build`) when that
// bundle was built from the sources now on disk, and otherwise the TypeScript sources through tsx, so it also
// works right after `npm install` and after an edit without a rebuild (tsx costs ~2.5 s of start-up).
// TAIZHANG_ENTRY=source always runs the sources; TAIZHANG_ENTRY=bundle requires a current bundle.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_BUNDLE_DIR, CLI_BUNDLE_ENTRY, cliBundleState } from './cli-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.env.TAIZHANG_ENTRY;
const state = wanted === 'source' ? 'not used' : cliBundleState(root);

let runCli;
if (state === 'current') {
  ({ runCli } = await import(pathToFileURL(path.join(root, CLI_BUNDLE_DIR, CLI_BUNDLE_ENTRY)).href));
} else if (wanted === 'bundle') {
  process.stderr.write(`错误：TAIZHANG_ENTRY=bundle，但 ${CLI_BUNDLE_DIR} 的命令行构建${state === 'missing' ? '不存在' : '已过期'}，请先运行 npm run build。\n`);
  process.exit(2);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../electron/cli.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
