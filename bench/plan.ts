// Parsing the sample work plan through the dispatcher (validation + parser + targets), as the UI calls it.
import fs from 'node:fs';
import type { Backend } from '../electron/backend/backend.js';
import { WORK_PLAN } from './data.js';
import { timeMs } from './measure.js';
import type { Measurement } from './table.js';

const RUNS = 100;

export async function benchPlan(backend: Backend): Promise<Measurement[]> {
  const text = fs.readFileSync(WORK_PLAN, 'utf8');
  const parse = async () => {
    const r = await backend.dispatch('plan.parse', { text });
    if (!r.ok) throw new Error(`plan.parse: ${r.error.message}`);
    return r.value as { sections: { tasks: unknown[] }[] };
  };
  // Warm-up: JIT and the parser's lazily built tables, which a clerk pays once per session.
  for (let i = 0; i < 5; i++) await parse();
  const { ms, value } = await timeMs(async () => {
    let last;
    for (let i = 0; i < RUNS; i++) last = await parse();
    return last!;
  });
  const tasks = value.sections.reduce((n, s) => n + s.tasks.length, 0);
  return [
    {
      operation: 'parse the work plan',
      value: ms / RUNS,
      unit: 'ms',
      baseline: null,
      goal: { kind: 'below', limit: 10 },
      note: `mean of ${RUNS} parses of work-plan-2020.txt (${text.length} chars, ${tasks} tasks) via plan.parse`,
    },
  ];
}
