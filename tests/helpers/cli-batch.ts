// Runs CLI command lines in a child process (tests/helpers/cli-batch.mjs) under a watchdog: killed
// when it outlives `timeoutMs` or its resident memory passes `maxRssMb`, so a command that hangs on
// a FIFO or reads /dev/zero forever fails the test instead of freezing or exhausting the machine.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './serve.js';

export interface CliRun {
  argv: string[];
  code: number;
  out: string;
  err: string;
  ms: number;
  rssMb: number;
}

export interface CliBatchResult {
  runs: CliRun[] | null;
  /** Why the child was killed, or null when it finished by itself. */
  killed: string | null;
  peakRssMb: number;
  stderr: string;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export function runCliBatch(lines: string[][], options: { timeoutMs: number; maxRssMb: number }): Promise<CliBatchResult> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'tests', 'helpers', 'cli-batch.mjs'), JSON.stringify(lines)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let killed: string | null = null;
  let peakRssMb = 0;
  const kill = (why: string) => {
    if (killed) return;
    killed = why;
    child.kill('SIGKILL');
  };
  const watch = setInterval(() => {
    const rss = rssMb(child.pid!);
    peakRssMb = Math.max(peakRssMb, rss);
    if (rss > options.maxRssMb) kill(`resident memory ${rss} MB > ${options.maxRssMb} MB`);
  }, 25);
  const timer = setTimeout(() => kill(`still running after ${options.timeoutMs} ms`), options.timeoutMs);
  return new Promise((resolve) => {
    child.once('exit', () => {
      clearInterval(watch);
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      let runs: CliRun[] | null;
      try {
        runs = killed ? null : (JSON.parse(last) as CliRun[]);
      } catch {
        runs = null;
      }
      resolve({ runs, killed, peakRssMb, stderr });
    });
  });
}
