// Runs the CLI in-process, capturing stdout (the `out` sink) and stderr (where errors go).
import { vi } from 'vitest';
import { runCli } from '../../electron/cli.js';

export async function runCliCaptured(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await runCli(args, (t) => (out += t));
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}
