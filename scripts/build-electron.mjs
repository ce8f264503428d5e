// Bundles with esbuild the Electron main process, the preload script and the command-line host (dist/cli),
// each with the worker threads it starts. better-sqlite3 and @resvg/resvg-js stay external (native modules);
// 'electron' is provided by the runtime.
import fs from 'node:fs';
import path from 'node:path';
import esbuild from 'esbuild';
import { CLI_BUNDLE_DIR, CLI_BUNDLE_ENTRY, cliSourceStamp, writeCliStamp } from '../bin/cli-bundle.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron'],
};
// exceljs is CommonJS and requires Node built-ins: give an ESM bundle a require of its own.
const esmRequireBanner = { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' };

/**
 * The workers, found beside the code that starts them (excel/safe-load.ts, evidence/thumbnails.ts,
 * db/backup-off-thread.ts, reports/chart-font.ts look for `./load-worker.mjs` … next to their own bundled file).
 */
const WORKERS = [
  // Parses untrusted workbooks under memory and time limits.
  { entry: ['excel', 'load-worker.ts'], external: [] },
  // Makes 佐证材料 thumbnails with resvg (native: external).
  { entry: ['evidence', 'thumbnail-worker.ts'], external: ['@resvg/resvg-js'] },
  // Cuts the report charts' CJK font down to their characters.
  { entry: ['reports', 'chart-font-worker.ts'], external: [] },
  // Writes the backup before an import or a merge, and the checkpoint after one, on its own connection.
  { entry: ['db', 'backup-worker.ts'], external: ['better-sqlite3'] },
  // Counts the 统计 page's first figures ahead, on its own read-only connection.
  { entry: ['reports', 'figures-worker.ts'], external: ['better-sqlite3'] },
];

async function buildWorkers(root, outdir) {
  for (const { entry, external } of WORKERS) {
    await esbuild.build({
      ...common,
      format: 'esm',
      entryPoints: [path.join(root, 'electron', 'backend', ...entry)],
      outfile: path.join(outdir, entry.at(-1).replace(/\.ts$/, '.mjs')),
      external: [...common.external, ...external],
      banner: esmRequireBanner,
    });
  }
}

export async function buildElectron(root, outdir = path.join(root, 'dist', 'electron')) {
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'electron', 'main', 'main.ts')],
    outfile: path.join(outdir, 'main.cjs'),
    external: ['electron', 'better-sqlite3', '@resvg/resvg-js'],
    // import.meta does not exist in CJS output: give it this file's location, so that the excel
    // core finds its worker (load-worker.mjs) beside main.cjs.
    banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__import_meta_url', 'import.meta.dirname': '__dirname' },
  });
  await buildWorkers(root, outdir);
  // A sandboxed preload may only require('electron'): everything else must be bundled in.
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'electron', 'main', 'preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
  });
  return outdir;
}

/**
 * The command-line host (`bin/taizhang.mjs` runs it instead of tsx when it is current, see bin/cli-bundle.mjs).
 * Only our own code is bundled: packages load from node_modules as they do from source, so the lazy imports
 * of exceljs and ECharts stay lazy (splitting would do the same for a lazy import of our own code). Built into a temp folder and
 * renamed into place, so a running `taizhang` never sees half a bundle.
 */
export async function buildCli(root) {
  const stamp = cliSourceStamp(root);
  const outdir = path.join(root, CLI_BUNDLE_DIR);
  const tmp = `${outdir}.tmp-${process.pid}-${Date.now()}`;
  await esbuild.build({
    ...common,
    format: 'esm',
    splitting: true,
    packages: 'external',
    entryPoints: { [path.basename(CLI_BUNDLE_ENTRY, '.mjs')]: path.join(root, 'electron', 'cli.ts') },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
  });
  await buildWorkers(root, tmp);
  writeCliStamp(tmp, stamp);
  const old = `${outdir}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
  fs.renameSync(tmp, outdir);
  fs.rmSync(old, { recursive: true, force: true });
  return outdir;
}
