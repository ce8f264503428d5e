/**
 * The URL of the worker entry `name` beside the module at `callerUrl` (its import.meta.url): from source
 * (vitest, tsx) the .ts beside it; in the Electron and CLI bundles the bundled .mjs beside the bundle, taken
 * from app.asar.unpacked (asarUnpack) as a worker thread cannot start from a script inside the archive.
 */
export function workerBeside(callerUrl: string, name: string): URL {
  const ext = callerUrl.endsWith('.ts') ? '.ts' : '.mjs';
  return new URL(new URL(`./${name}${ext}`, callerUrl).href.replace('/app.asar/', '/app.asar.unpacked/'));
}
