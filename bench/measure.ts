// Timing helpers and a child-process runner that reports the child's peak memory.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const BENCH_DIR = import.meta.dirname;

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Wall time of `fn` in ms. */
export async function timeMs<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Best of `runs` wall times: the least disturbed by other work on a shared machine. */
export async function bestOf(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, (await timeMs(fn)).ms);
  return best;
}

export interface ChildReport {
  ms: number;
  /** CPU time of the whole child (all its threads), ms: what a shared machine's load inflates least. */
  cpuMs?: number;
  /** Peak resident set of the whole child process (all its threads), MB. */
  peakMb: number;
  /** Resident set before the measured work started, MB. */
  startMb: number;
  outcome: string;
}

/**
 * Runs `bench/<script>` in a fresh Node process (so its peak RSS is the operation's own, not the
 * bench's) and returns the one JSON line it prints last.
 */
export function runChild(script: string, args: string[], timeoutMs = 120_000): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, script), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ChildReport);
      } catch {
        reject(new Error(`${script} ${args.join(' ')} exited with ${code ?? signal}: ${err.slice(-2000)}`));
      }
    });
  });
}

/**
 * Rejects when `promise` has not settled within `ms`, so a hung operation becomes a "not measured"
 * row instead of a bench that never ends (the work itself cannot be cancelled; run.ts exits at the end).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
