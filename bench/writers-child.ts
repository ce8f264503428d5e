// The desktop app's side of the two-writers bench: a second process on the same database file editing
// one cell after another (rows.updateCell through its own backend) until STOP exists. Creates READY after
// its first edits; prints one JSON line: every edit's start (epoch ms), latency (ms) and outcome.
// Usage: node --import tsx bench/writers-child.ts DB READY STOP ROWID...
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../electron/backend/backend.js';

const [dbPath, ready, stop, ...rowIds] = process.argv.slice(2);
const backend = createBackend(dbPath!, { actor: '桌面端' });
const ids = rowIds.map(Number);
const edits: { at: number; ms: number; ok: boolean }[] = [];
const errors: string[] = [];
for (let i = 0; i < 20 || !fs.existsSync(stop!); i++) {
  if (i === 20) fs.writeFileSync(ready!, '');
  const at = Date.now();
  const t0 = performance.now();
  const r = await backend.dispatch('rows.updateCell', { rowId: ids[i % ids.length]!, field: 'progress', value: `桌面端编辑${i}`, period: '2020-06' });
  edits.push({ at, ms: performance.now() - t0, ok: r.ok });
  if (!r.ok && errors.length < 3) errors.push(`${r.error.code}: ${r.error.message}`);
  // A clerk types, the grid saves: an edit every few milliseconds is far more than a person makes.
  await new Promise((resolve) => setTimeout(resolve, 5));
}
backend.close();
process.stdout.write(`${JSON.stringify({ edits, errors })}\n`);
