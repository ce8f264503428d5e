// Starts the real `taizhang serve` as a child process on a temp database, for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The environment tests start `bin/taizhang.mjs` with: the TypeScript sources through tsx, never a dist/cli
 * bundle that a build may or may not have left (tests/integration/cli-bundle.test.ts runs the bundle).
 */
export const SOURCE_CLI_ENV: NodeJS.ProcessEnv = { ...process.env, TAIZHANG_ENTRY: 'source' };

export interface ServeProcess {
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

export function startServe(dbPath: string): Promise<ServeProcess> {
  return startUrlPrintingProcess([path.join(REPO_ROOT, 'bin', 'taizhang.mjs'), 'serve', '--db', dbPath]);
}

/**
 * Starts `node ARGS…`, a process that prints its URL (with the token) as the first stdout line, like serve;
 * `bin/taizhang.mjs` from source unless ENV says otherwise.
 */
export async function startUrlPrintingProcess(nodeArgs: string[], env: NodeJS.ProcessEnv = SOURCE_CLI_ENV): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in time:\n${stderr}`)), 90_000);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
