// Bundles the Electron main process and the preload script with esbuild.
// better-sqlite3 stays external (a native module); 'electron' is provided by the runtime.
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
    external: ['electron', 'better-sqlite3'],
    // import.meta.dirname does not exist in CJS output; the main process uses app.getAppPath() instead.
    define: { 'import.meta.dirname': '__dirname' },
  });
  // A sandboxed preload may only require('electron'): everything else must be bundled in.
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'electron', 'main', 'preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
  });
  return outdir;
}
