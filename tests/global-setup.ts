// Build the renderer once before the e2e tests start their `serve` processes in parallel,
// instead of each of them building it on demand at the same time. Only the e2e project runs it
// (vitest.config.ts), so a unit or integration run never builds the renderer.
import { ensureRendererBuilt } from '../electron/web-host/renderer-build.js';

export default async function setup(): Promise<void> {
  await ensureRendererBuilt((line) => console.log(line));
}
