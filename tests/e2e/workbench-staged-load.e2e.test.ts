// A big ledger opens on its first screenful and loads the rest behind it in parts (rows.page). While the rest is
// held back (the browser's request waits until the test lets it go), the page says how far it is, and an
// edit saved meanwhile, an edit whose answer comes after the rest, and a filter typed meanwhile all
// end up where they belong once every row is in: on their rows, stored, with the facts of the whole ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { createBackend } from '../../electron/backend/backend.js';
import { insertRowTree, type RowTreeSpec } from '../../electron/backend/db/bulk-rows.js';
import type { Row } from '#shared/domain.js';
import { chromiumAvailable, launchBrowser } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually, gridRow, rowCell, showColumn } from '../helpers/workbench.js';

const tmp = makeTempDir();
const PERIOD = '2020-06';
const TAIL_TEXT = '尾部专项督查';

/**
 * Section 一: 120 tasks with two measures each (361 rows, more than the first screenful); its first 100
 * tasks' measures are at 20%, the last 20 at 80%, so its rolled-up progress over the rows shown first
 * differs from that over all of them. Then two small sections, the last measure with a text of its own.
 */
function tree(): RowTreeSpec[] {
  const task = (n: number, pct: string, measures: string[]): RowTreeSpec => ({
    level: 'task',
    values: { code: String(n), task: `第${n}项任务`, leader: '张局长', deadline: '12月底前' },
    children: measures.map((m) => ({ level: 'item', values: { measures: m, progressPct: pct, status: '推进中' } })),
  });
  return [
    { level: 'section', values: { code: '一', task: '第一部分' }, children: Array.from({ length: 120 }, (_, i) => task(i + 1, i < 100 ? '20%' : '80%', ['措施甲', '措施乙'])) },
    { level: 'section', values: { code: '二', task: '第二部分' }, children: Array.from({ length: 10 }, (_, i) => task(121 + i, '50%', ['措施丙'])) },
    { level: 'section', values: { code: '三', task: '第三部分' }, children: [task(131, '60%', ['措施丁', TAIL_TEXT])] },
  ];
}

/** A gate the test opens: requests routed through it wait until then. */
function gate(): { wait: Promise<void>; open(): void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

let serve: ServeProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let rows: Row[];
let ledgerId: number;

const serverRows = () => httpClient(serve).call('rows.list', { ledgerId, period: PERIOD });
const byText = (list: Row[], text: string) => list.find((r) => r.values.measures === text || r.values.task === text)!;

describe.runIf(chromiumAvailable())('a big ledger loading in two parts', () => {
  beforeAll(async () => {
    const backend = createBackend(tmp.file('big.db'), { actor: '办公室小王' });
    try {
      const ledger = await backend.dispatch('ledger.create', { name: '分段载入台账', year: 2020 });
      if (!ledger.ok) throw new Error(ledger.error.message);
      ledgerId = (ledger.value as { id: number }).id;
      insertRowTree(backend.store.db, ledgerId, tree(), PERIOD, new Date().toISOString());
      const listed = await backend.dispatch('rows.list', { ledgerId, period: PERIOD });
      if (!listed.ok) throw new Error(listed.error.message);
      rows = listed.value as Row[];
    } finally {
      backend.close();
    }
    serve = await startServe(tmp.file('big.db'));
    browser = await launchBrowser();
    page = await browser.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    tmp.cleanup();
  });

  it('keeps an edit saved, an edit answered and a filter typed while the rest loads, on their rows and with the whole ledger’s facts', async () => {
    const rest = gate();
    const answer = gate();
    let holdEdits = false;
    const pageOffsets: number[] = [];
    await page.route('**/api/rows.page', async (route: Route) => {
      const { offset } = route.request().postDataJSON() as { offset: number };
      pageOffsets.push(offset);
      if (offset > 0) await rest.wait;
      await route.continue();
    });
    // The answer to a held edit comes back only after the rest of the ledger is in.
    await page.route('**/api/cells.setMany', async (route: Route) => {
      if (!holdEdits) return route.continue();
      const response = await route.fetch();
      await answer.wait;
      await route.fulfill({ response });
    });

    await page.goto(serve.url);
    const section = rows[0]!;
    const task1 = rows[1]!;
    const measure1 = rows[2]!;
    const measure3 = rows[8]!;
    await rowCell(page, task1.id, 'task').waitFor();
    await eventually(() => page.getByTestId('rows-loading').textContent()).toContain(`正在载入 200 / ${rows.length} 行`);

    // Saved while loading: a measure's 完成进度 (its task's and section's roll-ups follow).
    await showColumn(page, 'progressPct');
    await rowCell(page, measure1.id, 'progressPct').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('50%');
    await page.keyboard.press('Enter');
    await eventually(async () => byText(await serverRows(), '措施甲').values.progressPct).toBe('50%');
    await eventually(() => rowCell(page, measure1.id, 'progressPct').textContent()).toBe('50%');

    // Sent while loading, answered after the rest is in.
    holdEdits = true;
    await rowCell(page, measure3.id, 'progressPct').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('90%');
    await page.keyboard.press('Enter');
    await eventually(async () => (await serverRows()).find((r) => r.id === measure3.id)!.values.progressPct).toBe('90%');

    // A filter for a row that is not loaded yet.
    await page.getByTestId('filter-search').fill(TAIL_TEXT);

    rest.open();
    await eventually(() => page.getByTestId('rows-loading').count()).toBe(0);

    // The filter now finds the row from the rest of the ledger (with its section and task).
    const tail = byText(rows, TAIL_TEXT);
    await eventually(() => gridRow(page, tail.id).count()).toBe(1);
    expect(await rowCell(page, tail.id, 'measures').textContent()).toBe(TAIL_TEXT);
    await page.getByTestId('filter-search').fill('');

    // The roll-ups are those of the whole ledger (both edits are stored; the page has both values),
    // not those worked out over the rows shown first when the first edit was saved.
    const after = await serverRows();
    expect(after.find((r) => r.id === measure1.id)!.values.progressPct).toBe('50%');
    expect(after.find((r) => r.id === measure3.id)!.values.progressPct).toBe('90%');
    const sectionProgress = `${after.find((r) => r.id === section.id)!.asOf!.progress}%`;
    const task1Progress = `${after.find((r) => r.id === task1.id)!.asOf!.progress}%`;
    expect(sectionProgress).not.toBe('20%');
    const derived = (rowId: number) => rowCell(page, rowId, 'progressPct').locator('.derived-value').textContent();
    await eventually(() => derived(section.id)).toBe(sectionProgress);

    // The held answer lands on its row in the whole ledger.
    answer.open();
    holdEdits = false;
    await eventually(() => rowCell(page, measure3.id, 'progressPct').textContent()).toBe('90%');
    await page.getByTestId('filter-search').fill('90%');
    await eventually(() => gridRow(page, measure3.id).count()).toBe(1);
    await page.getByTestId('filter-search').fill('');
    expect(await rowCell(page, measure1.id, 'progressPct').textContent()).toBe('50%');
    await eventually(() => derived(section.id)).toBe(sectionProgress);
    expect(await derived(task1.id)).toBe(task1Progress);
    expect(pageOffsets).toEqual([0, 200]);
  });

  it('asks for the first rows together with the ledger’s config, not after its answer', async () => {
    const opened = await browser.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    try {
      const firstAsked = gate();
      const firstBodies: unknown[] = [];
      await opened.route('**/api/rows.page', async (route: Route) => {
        const body = route.request().postDataJSON() as { offset: number };
        if (body.offset === 0) {
          firstBodies.push(body);
          firstAsked.open();
        }
        await route.continue();
      });
      // workbench.config is answered only once the first rows were asked for (or after 10 s, and the test fails).
      let askedBeforeConfig = false;
      await opened.route('**/api/workbench.config', async (route: Route) => {
        askedBeforeConfig = await Promise.race([firstAsked.wait.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
        await route.continue();
      });
      await opened.goto(serve.url);
      await rowCell(opened, rows[1]!.id, 'task').waitFor();
      expect(askedBeforeConfig).toBe(true);
      // One read of the first rows, of the ledger's default month (the one config names).
      expect(firstBodies).toEqual([{ ledgerId, offset: 0, limit: 200 }]);
      await eventually(() => opened.getByTestId('rows-loading').count()).toBe(0);
      await eventually(() => opened.getByTestId('filter-count').textContent()).toBe(`共 ${rows.length} 行`);
    } finally {
      await opened.close();
    }
  });

  it('loads the rest in parts, and after a part fails keeps the rows in and goes on from there on 重新载入', async () => {
    const retried = await browser.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    try {
      const offsets: number[] = [];
      let failOnce = true;
      await retried.route('**/api/rows.page', async (route: Route) => {
        const body = route.request().postDataJSON() as { offset: number; limit: number };
        offsets.push(body.offset);
        if (body.offset === 0) return route.continue();
        // The second part fails once (the server went away for a moment).
        if (body.offset > 200 && failOnce) {
          failOnce = false;
          return route.abort('connectionrefused');
        }
        // Parts of 100 rows, so this small ledger comes in several.
        await route.continue({ postData: JSON.stringify({ ...body, limit: Math.min(body.limit, 100) }) });
      });
      await retried.goto(serve.url);
      await eventually(() => retried.getByTestId('rows-load-failed').textContent()).toContain(`只载入了 300 / ${rows.length} 行`);
      expect(await retried.getByTestId('rows-loading').count()).toBe(0);
      // The rows in stay and can be searched; a row past them is not there yet.
      await retried.getByTestId('filter-search').fill('第100项任务');
      await eventually(() => gridRow(retried, byText(rows, '第100项任务').id).count()).toBe(1);
      await retried.getByTestId('filter-search').fill('第110项任务');
      await eventually(() => retried.getByTestId('filter-count').textContent()).toContain('共 300 行');
      expect(await gridRow(retried, byText(rows, '第110项任务').id).count()).toBe(0);

      await retried.getByTestId('rows-retry').click();
      await eventually(() => retried.getByTestId('rows-load-failed').count()).toBe(0);
      await eventually(() => retried.getByTestId('rows-loading').count()).toBe(0);
      expect(offsets).toEqual([0, 200, 300, 300]);
      // Every row in, once: the search finds the row it could not, and the count is the ledger's.
      await eventually(() => gridRow(retried, byText(rows, '第110项任务').id).count()).toBe(1);
      await retried.getByTestId('filter-search').fill('');
      await eventually(() => retried.getByTestId('filter-count').textContent()).toBe(`共 ${rows.length} 行`);
    } finally {
      await retried.close();
    }
  });
});
