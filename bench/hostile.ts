// Hostile and huge workbooks through loadWorkbookSafely (guard + worker), each in its own child
// process so the reported peak RSS is the load's (worker included), not the bench's.
import fs from 'node:fs';
import { zipBombXlsx } from '../tests/fixtures/excel/xlsx-builder.js';
import { hugeSheet } from './data.js';
import { runChild } from './measure.js';
import { notMeasured, type Goal, type Measurement } from './table.js';

// Issue 16: the sheet streamed into the model, never exceljs's cell objects and the model at once.
const HUGE_TIME_GOAL: Goal = { kind: 'below', limit: 3 };
const HUGE_RSS_GOAL: Goal = { kind: 'below', limit: 400 };

export async function benchHostile(tmp: { file(name: string): string }, log: (s: string) => void): Promise<Measurement[]> {
  const out: Measurement[] = [];

  // The directory lies (declares 10 KB), so the cheap check passes and the worker's capped
  // inflation must catch it: the expensive path. An honest directory is refused before any worker.
  const bombFile = tmp.file('zip-bomb.xlsx');
  fs.writeFileSync(bombFile, zipBombXlsx({ gib: 1, declaredSize: 10_000 }));
  const bombOp = 'refuse a zip bomb (~1 GB sheet)';
  try {
    log('zip bomb …');
    const r = await runChild('hostile-child.ts', ['zip-bomb', bombFile]);
    const refused = r.outcome.startsWith('refused');
    const note = `${r.outcome}; process RSS before load ${r.startMb.toFixed(0)} MB`;
    out.push({ operation: `${bombOp}: time`, value: refused ? r.ms / 1000 : null, unit: 's', baseline: null, goal: { kind: 'below', limit: 5 }, note: refused ? note : `not refused: ${note}` });
    out.push({ operation: `${bombOp}: peak RSS`, value: r.peakMb, unit: 'MB', baseline: null, goal: { kind: 'below', limit: 300 }, note: 'whole process: bench-free Node + tsx + worker' });
  } catch (err) {
    out.push(notMeasured(`${bombOp}: time`, 's', { kind: 'below', limit: 5 }, (err as Error).message));
    out.push(notMeasured(`${bombOp}: peak RSS`, 'MB', { kind: 'below', limit: 300 }, (err as Error).message));
  }

  const hugeOp = 'parse a huge sheet (60,000 rows)';
  try {
    log('huge sheet: generating 60,000 rows …');
    const hugeFile = tmp.file('huge-sheet.xlsx');
    await hugeSheet(hugeFile, 60_000);
    log(`huge sheet: ${(fs.statSync(hugeFile).size / 1e6).toFixed(1)} MB file, parsing …`);
    const r = await runChild('hostile-child.ts', ['huge-sheet', hugeFile], 180_000);
    const parsed = r.outcome.startsWith('parsed');
    out.push({
      operation: `${hugeOp}: time`,
      value: parsed ? r.ms / 1000 : null,
      unit: 's',
      baseline: null,
      goal: HUGE_TIME_GOAL,
      note: parsed ? `${r.outcome}; loadWorkbookSafely + readLedgerSheet; CPU ${((r.cpuMs ?? NaN) / 1000).toFixed(2)} s, all threads` : `not measured: ${r.outcome}`,
    });
    out.push({ operation: `${hugeOp}: peak RSS`, value: r.peakMb, unit: 'MB', baseline: null, goal: HUGE_RSS_GOAL, note: `whole process; RSS before load ${r.startMb.toFixed(0)} MB` });
  } catch (err) {
    out.push(notMeasured(`${hugeOp}: time`, 's', HUGE_TIME_GOAL, (err as Error).message));
    out.push(notMeasured(`${hugeOp}: peak RSS`, 'MB', HUGE_RSS_GOAL, (err as Error).message));
  }
  return out;
}
