// Bundles the Electron main process and the preload script with esbuild.
// better-sqlite3 and @resvg/resvg-js stay external (native modules); 'electron' is provided by the runtime.
import path from 'node:path';
import esbuild from 'esbuild';

export async function buildElectron(root, outdir = path.join(root, 'dist', 'electron')) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    external: ['electron'],
  };
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
  // The worker that parses untrusted workbooks under memory and time limits (electron/backend/excel).
  await esbuild.build({
    ...common,
    format: 'esm',
    entryPoints: [path.join(root, 'electron', 'backend', 'excel', 'load-worker.ts')],
    outfile: path.join(outdir, 'load-worker.mjs'),
    // exceljs is CommonJS and requires Node built-ins: give the ESM bundle a require of its own.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  });
  // The worker that makes 佐证材料 thumbnails with resvg (electron/backend/evidence); resvg stays external (native).
  await esbuild.build({
    ...common,
    format: 'esm',
    entryPoints: [path.join(root, 'electron', 'backend', 'evidence', 'thumbnail-worker.ts')],
    outfile: path.join(outdir, 'thumbnail-worker.mjs'),
    external: ['@resvg/resvg-js'],
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  });
  // A sandboxed preload may only require('electron'): everything else must be bundled in.
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'electron', 'main', 'preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
  });
  return outdir;
}
