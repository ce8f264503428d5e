// The 统计 page's first figures counted ahead by a worker on its own connection (reports/figures-ahead.ts):
// kept only when nothing was committed between the start and the answer, equal to what the page's own call
// counts, waited for by a 统计 call made meanwhile, started by the first rows of a big enough ledger (in the
// hosts that allow it), and never in the way when the worker fails.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '#shared/domain.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { countFiguresAhead, enableFiguresAhead, stopFiguresWorker, useFiguresWorker } from '../../electron/backend/reports/figures-ahead.js';
import { dashboardFirst, hasFigures } from '../../electron/backend/reports/report-data.js';
import { runCliCaptured } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir('taizhang-figures-ahead-');
const dbPath = tmp.file('ahead.db');
let ledgerId: number;
const open: Backend[] = [];

function backendOf(actor: string): Backend {
  const b = createBackend(dbPath, { actor });
  open.push(b);
  return b;
}

async function call<T = any>(b: Backend, method: string, input: unknown): Promise<T> {
  const result = await b.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** The figures the page asks for first, as a backend that never counted ahead counts them. */
async function countedFresh(): Promise<unknown> {
  const fresh = createBackend(dbPath, { actor: '新进程' });
  try {
    const { kind, period } = dashboardFirst(fresh.store, ledgerId);
    return await call(fresh, 'report.figures', { ledgerId, kind, period });
  } finally {
    fresh.close();
  }
}

const kept = (b: Backend) => {
  const { kind, period } = dashboardFirst(b.store, ledgerId);
  return hasFigures(b.store, ledgerId, kind, period);
};

beforeAll(async () => {
  const plan = await runCliCaptured(['plan', 'import', `${REPO_ROOT}/tests/fixtures/work-plan-2020.txt`, '--name', '预先统计', '--db', dbPath, '--json']);
  expect(plan.code, plan.err).toBe(0);
  ledgerId = JSON.parse(plan.out).id;
  const b = backendOf('准备');
  const tasks = (await call<Row[]>(b, 'rows.list', { ledgerId, period: '2020-06' })).filter((r) => r.level === 'task');
  await call(b, 'rows.updateCell', { rowId: tasks[0]!.id, field: 'status', value: '已完成', period: '2020-06' });
  await call(b, 'rows.updateCell', { rowId: tasks[1]!.id, field: 'progressPct', value: '40', period: '2020-06' });
}, 120_000);

afterAll(async () => {
  await stopFiguresWorker();
  for (const b of open) b.close();
  tmp.cleanup();
});

describe('the 统计 figures counted ahead', () => {
  it('are kept, and equal to the figures the page would count itself', async () => {
    const b = backendOf('员甲');
    expect(kept(b)).toBe(false);
    await countFiguresAhead(b.store, ledgerId);
    expect(kept(b)).toBe(true);
    const { kind, period } = dashboardFirst(b.store, ledgerId);
    const ahead = await call(b, 'report.figures', { ledgerId, kind, period });
    expect(ahead).toEqual(await countedFresh());
    const dash = await call(b, 'report.dashboard', { ledgerId, kind });
    expect(dash.figures.totals).toEqual((ahead as { totals: unknown }).totals);
  });

  it('stay good across the open of the ledger made while the worker counts (its "last used" mark)', async () => {
    const b = backendOf('员壬');
    const ahead = countFiguresAhead(b.store, ledgerId);
    await call(b, 'ledger.open', { ledgerId });
    await ahead;
    expect(kept(b)).toBe(true);
    const { kind, period } = dashboardFirst(b.store, ledgerId);
    expect(await call(b, 'report.figures', { ledgerId, kind, period })).toEqual(await countedFresh());
  });

  it('are dropped when this connection writes before they arrive, and the next call counts the write', async () => {
    const b = backendOf('员乙');
    const ahead = countFiguresAhead(b.store, ledgerId);
    const tasks = (await call<Row[]>(b, 'rows.list', { ledgerId, period: '2020-06' })).filter((r) => r.level === 'task');
    await call(b, 'rows.updateCell', { rowId: tasks[2]!.id, field: 'status', value: '已完成', period: '2020-06' });
    await ahead;
    expect(kept(b)).toBe(false);
    const { kind, period } = dashboardFirst(b.store, ledgerId);
    expect(await call(b, 'report.figures', { ledgerId, kind, period })).toEqual(await countedFresh());
  });

  it('are dropped when another process writes before they arrive', async () => {
    const b = backendOf('员丙');
    const other = backendOf('另一进程');
    const ahead = countFiguresAhead(b.store, ledgerId);
    const tasks = (await call<Row[]>(other, 'rows.list', { ledgerId, period: '2020-06' })).filter((r) => r.level === 'task');
    await call(other, 'rows.updateCell', { rowId: tasks[3]!.id, field: 'progressPct', value: '75', period: '2020-06' });
    await ahead;
    expect(kept(b)).toBe(false);
    const { kind, period } = dashboardFirst(b.store, ledgerId);
    const figures = await call<{ totals: unknown }>(b, 'report.figures', { ledgerId, kind, period });
    expect(figures).toEqual(await countedFresh());
  });

  it('are waited for by a 统计 call made while the worker counts, instead of counted twice', async () => {
    const b = backendOf('员丁');
    let settled = false;
    const ahead = countFiguresAhead(b.store, ledgerId).then(() => (settled = true));
    const dash = await call(b, 'report.dashboard', { ledgerId, kind: 'monthly' });
    // Counting on this thread takes milliseconds; a worker starting from the sources far longer.
    expect(settled, 'the call answered before the worker').toBe(true);
    await ahead;
    expect(dash.figures).toMatchObject({ totals: ((await countedFresh()) as { totals: unknown }).totals });
  });

  it('start with the first rows of a ledger big enough, in a host that allows it', async () => {
    const off = backendOf('员戊');
    await call(off, 'rows.page', { ledgerId, offset: 0, limit: 50 });
    const on = backendOf('员己');
    enableFiguresAhead(on.store, 1);
    await call(on, 'rows.page', { ledgerId, offset: 0, limit: 50 });
    const until = Date.now() + 60_000;
    while (!kept(on) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(kept(on)).toBe(true);
    expect(kept(off), 'not enabled: counted on demand only').toBe(false);
    // Not for a ledger below the host's size.
    const small = backendOf('员庚');
    enableFiguresAhead(small.store, 1_000_000);
    await call(small, 'rows.page', { ledgerId, offset: 0, limit: 50 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(kept(small)).toBe(false);
  }, 90_000);

  it('leave the 统计 call answering as before when the worker fails', async () => {
    const broken = tmp.file('broken-worker.mjs');
    fs.writeFileSync(broken, "throw new Error('坏了');\n");
    useFiguresWorker(pathToFileURL(broken));
    try {
      const b = backendOf('员辛');
      await countFiguresAhead(b.store, ledgerId);
      expect(kept(b)).toBe(false);
      const dash = await call(b, 'report.dashboard', { ledgerId, kind: 'monthly' });
      expect(dash.figures.totals).toEqual(((await countedFresh()) as { totals: unknown }).totals);
    } finally {
      useFiguresWorker(new URL('../../electron/backend/reports/figures-worker.ts', import.meta.url));
    }
  });
});
