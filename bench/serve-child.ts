// What `taizhang serve` runs (the backend's dispatcher behind the loopback web host), with the
// renderer build the bench made for itself: dist/renderer is shared with test runs that rebuild it
// under NODE_ENV=test (React's development build). Prints the URL as its first line, like serve.
import { createBackend } from '../electron/backend/backend.js';
import { startWebHost } from '../electron/web-host/server.js';

const [dbPath, staticDir] = process.argv.slice(2);
const backend = createBackend(dbPath);
const host = await startWebHost({ dispatch: backend.dispatch, staticDir });
process.stdout.write(`${host.url}\n`);
await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await host.close();
backend.close();
