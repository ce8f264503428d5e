// Child process of bench/hostile.ts: loads one workbook file the way an import does and prints
// { ms, cpuMs, peakMb, startMb, outcome } as JSON. Run alone, so its peak RSS is the load's own.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isWorkbookError, loadWorkbookSafely, readLedgerSheet } from '../electron/backend/excel/index.js';

const [kind, file] = process.argv.slice(2);

/**
 * Peak RSS of this process (all threads share it), MB. VmHWM belongs to the address space, which
 * execve replaces; getrusage's maxRSS is not used because Linux carries it over from the parent
 * across fork + execve (the bench's own peak would show up here).
 */
function peakMb(): number {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : process.resourceUsage().maxRSS / 1024;
}

const bytes = new Uint8Array(fs.readFileSync(file));
const startMb = peakMb();
const start = performance.now();
const cpuStart = process.cpuUsage();
let outcome: string;
try {
  const model = await loadWorkbookSafely(bytes);
  if (kind === 'huge-sheet') {
    const sheet = readLedgerSheet(model);
    outcome = `parsed ${sheet.rows.length} data rows`;
  } else {
    outcome = 'loaded (not refused)';
  }
} catch (err) {
  outcome = isWorkbookError(err) ? `refused: ${err.code}` : `failed: ${(err as Error).message}`;
}
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMb: peakMb(), startMb, outcome }));
process.exit(0);
