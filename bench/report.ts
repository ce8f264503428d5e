// The 月通报 of a 50,050-row ledger: the figures alone (the baseline), then the whole report — figures, the
// charts rendered to PNG, the Word document and the Excel attachment (report.render) — best of two each.
import type { Backend } from '../electron/backend/backend.js';
import { timeMs } from './measure.js';
import { PERIOD } from './data.js';
import { notMeasured, type Measurement } from './table.js';

const REPORT_GOAL = { kind: 'below', limit: 3 } as const;

export async function benchReport(backend: Backend, ledger: { ledgerId: number; rows: number }, log: (s: string) => void): Promise<Measurement[]> {
  const op = `monthly report (figures + charts + docx + xlsx), ${ledger.rows.toLocaleString('en')}-row ledger`;
  const input = { ledgerId: ledger.ledgerId, kind: 'monthly', period: PERIOD };
  const call = async (method: string) => {
    const r = await backend.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as { units?: unknown[]; figures?: { units: unknown[] }; docx?: { bytes: Uint8Array }; xlsx?: { bytes: Uint8Array } };
  };
  // The backend keeps the figures until the next write: a row into a temp table moves the database's stamp as a
  // clerk's edit would, so each timed call counts the whole ledger again.
  backend.store.db.exec('CREATE TEMP TABLE IF NOT EXISTS bench_touch (n INTEGER)');
  const forgetKeptFigures = () => backend.store.db.prepare('INSERT INTO bench_touch VALUES (1)').run();
  try {
    log('report: first render (loads the chart fonts) …');
    await call('report.render');
    let baseline = Infinity;
    let best = Infinity;
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 2; i++) {
      forgetKeptFigures();
      baseline = Math.min(baseline, (await timeMs(() => call('report.figures'))).ms);
      forgetKeptFigures();
      const run = await timeMs(() => call('report.render'));
      best = Math.min(best, run.ms);
      last = run.value;
    }
    return [
      {
        operation: op,
        value: best / 1000,
        unit: 's',
        baseline: baseline / 1000,
        goal: REPORT_GOAL,
        note: `${last!.figures!.units.length} units; docx ${(last!.docx!.bytes.byteLength / 1e3).toFixed(0)} KB, xlsx ${(last!.xlsx!.bytes.byteLength / 1e3).toFixed(0)} KB; baseline: report.figures alone (both counted afresh: the figures the backend keeps are dropped before each call)`,
      },
    ];
  } catch (err) {
    return [notMeasured(op, 's', REPORT_GOAL, (err as Error).message)];
  }
}
