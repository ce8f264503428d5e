// The report figures are kept per (ledger, kind, period) while the database is unchanged: a second open of the
// 统计 page is not counted again, and any write — by this backend or by another process on the same file —
// makes the next call count afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '#shared/domain.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { runCliCaptured } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir('taizhang-figures-cache-');
const dbPath = tmp.file('cache.db');
let backend: Backend;
let other: Backend;
let ledgerId: number;

async function call<T = any>(b: Backend, method: string, input: unknown): Promise<T> {
  const result = await b.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

beforeAll(async () => {
  const plan = await runCliCaptured(['plan', 'import', `${REPO_ROOT}/tests/fixtures/work-plan-2020.txt`, '--name', '缓存台账', '--db', dbPath, '--json']);
  expect(plan.code, plan.err).toBe(0);
  ledgerId = JSON.parse(plan.out).id;
  backend = createBackend(dbPath, { actor: '测试员' });
  other = createBackend(dbPath, { actor: '另一进程' });
}, 120_000);

afterAll(() => {
  backend?.close();
  other?.close();
  tmp.cleanup();
});

describe('the report figures while nothing is written', () => {
  it('are the same answer again, and counted afresh after a write here or by another connection', async () => {
    const figures = (b: Backend) => call(b, 'report.figures', { ledgerId, kind: 'monthly', period: '2020-06' });
    const first = await figures(backend);
    expect(await figures(backend)).toBe(first);
    const done = (f: { totals: { done: number } }) => f.totals.done;

    const tasks = (await call<Row[]>(backend, 'rows.list', { ledgerId, period: '2020-06' })).filter((r) => r.level === 'task');
    await call(backend, 'rows.updateCell', { rowId: tasks[0]!.id, field: 'status', value: '已完成', period: '2020-06' });
    const afterOwnWrite = await figures(backend);
    expect(done(afterOwnWrite)).toBe(done(first) + 1);
    const fresh = createBackend(dbPath, { actor: '新进程' });
    try {
      expect(afterOwnWrite).toEqual(await figures(fresh));
    } finally {
      fresh.close();
    }

    await call(other, 'rows.updateCell', { rowId: tasks[1]!.id, field: 'status', value: '已完成', period: '2020-06' });
    const afterOtherWrite = await figures(backend);
    expect(done(afterOtherWrite)).toBe(done(first) + 2);
    // The dashboard's call stands on the same figures.
    const dash = await call(backend, 'report.dashboard', { ledgerId, kind: 'monthly', period: '2020-06' });
    expect(dash.figures.totals).toEqual(afterOtherWrite.totals);
    expect((await figures(backend)).totals).toEqual(afterOtherWrite.totals);
  });

  it('stay kept across an open of the ledger (its "last used" mark), which every load of the page makes', async () => {
    const figures = () => call(backend, 'report.figures', { ledgerId, kind: 'monthly', period: '2020-06' });
    const first = await figures();
    const usedBefore = (await call<{ id: number; lastUsedAt: string }[]>(backend, 'ledger.list', {})).find((l) => l.id === ledgerId)!.lastUsedAt;
    await new Promise((r) => setTimeout(r, 5));
    await call(backend, 'ledger.open', { ledgerId });
    const usedAfter = (await call<{ id: number; lastUsedAt: string }[]>(backend, 'ledger.list', {})).find((l) => l.id === ledgerId)!.lastUsedAt;
    expect(usedAfter > usedBefore, 'the mark is still written').toBe(true);
    expect(await figures()).toBe(first);

    // Not across an open by another connection (its mark is a commit this one only sees as one), nor a write after it.
    await call(other, 'ledger.open', { ledgerId });
    const afterOtherOpen = await figures();
    expect(afterOtherOpen).not.toBe(first);
    expect(afterOtherOpen).toEqual(first);
    await call(backend, 'ledger.open', { ledgerId });
    const tasks = (await call<Row[]>(backend, 'rows.list', { ledgerId, period: '2020-06' })).filter((r) => r.level === 'task');
    await call(backend, 'rows.updateCell', { rowId: tasks[2]!.id, field: 'status', value: '已完成', period: '2020-06' });
    const afterWrite = await figures();
    expect(afterWrite.totals.done).toBe(afterOtherOpen.totals.done + 1);
  });
});
