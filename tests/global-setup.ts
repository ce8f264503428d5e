// Build the renderer once before the e2e tests start their `serve` processes in parallel,
// instead of each of them building it on demand at the same time.
import { ensureRendererBuilt } from '../electron/web-host/renderer-build.js';

export default async function setup(): Promise<void> {
  await ensureRendererBuilt((line) => console.log(line));
}
