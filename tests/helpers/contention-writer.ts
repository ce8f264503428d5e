// A second (third, …) process editing the shared database, for the two-writer tests: opens the real
// backend on DB and makes COUNT `rows.updateCell` calls on the given rows, starting at START (epoch ms)
// so all processes overlap. COUNT `until:FILE` edits until FILE exists (e.g. another process finished).
// Prints one JSON line: { ok, failed, errors, maxWaitMs }.
// Usage: node --import tsx tests/helpers/contention-writer.ts DB START COUNT|until:FILE TAG ROWID...
import fs from 'node:fs';
import { createBackend } from '../../electron/backend/backend.js';

const [dbPath, start, count, tag, ...rowIds] = process.argv.slice(2);
const backend = createBackend(dbPath!, { actor: `进程${tag}` });
const ids = rowIds.map(Number);
let ok = 0;
let failed = 0;
let maxWaitMs = 0;
const errors: string[] = [];
while (Date.now() < Number(start)) await new Promise((r) => setTimeout(r, 5));
const stopFile = count!.startsWith('until:') ? count!.slice('until:'.length) : undefined;
const more = (i: number) => (stopFile ? i % 20 !== 0 || !fs.existsSync(stopFile) : i < Number(count));
for (let i = 0; more(i); i++) {
  const t0 = performance.now();
  const result = await backend.dispatch('rows.updateCell', { rowId: ids[i % ids.length], field: 'progress', value: `${tag}-${i}`, period: '2020-06' });
  maxWaitMs = Math.max(maxWaitMs, performance.now() - t0);
  if (result.ok) ok++;
  else {
    failed++;
    if (errors.length < 3) errors.push(`${result.error.code}: ${result.error.message}`);
  }
}
backend.close();
process.stdout.write(`${JSON.stringify({ ok, failed, errors, maxWaitMs: Math.round(maxWaitMs) })}\n`);
