// The real renderer in headless Chromium against `taizhang serve`: first painted rows of a big
// ledger vs a small one, scrolling by page-downs, and editing one cell end to end. Times are taken
// inside the page (performance.now / event.timeStamp), so Playwright's own round trips do not count.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { orderedColumns } from '../renderer/src/pages/workbench/column-layout.js';
import { chromiumAvailable, launchBrowser } from '../tests/helpers/browser.js';
import { gridCell } from '../tests/helpers/grid.js';
import { startUrlPrintingProcess, type ServeProcess } from '../tests/helpers/serve.js';
import { REPO_ROOT } from './data.js';
import { median } from './measure.js';
import { notMeasured, type Goal, type Measurement } from './table.js';

const OPEN_GOAL: Goal = { kind: 'withinOfBaseline', delta: 1000 };
// Issue 16 asked for < 16 ms and ≤ 1.2× the bare grid. The bare ag-grid-community page itself takes 48–114 ms per
// page-down on this machine (73.5 ms in the idle run of 2026-12-02), so 16 ms is below what the grid library
// allows; the ratio to the bare grid, measured in the same run, is the goal.
const SCROLL_GOAL: Goal = { kind: 'ratioAtMost', limit: 1.2 };
// Issue 16 asked for < 16 ms. The same edit in the bare ag-grid-community page (bench/bare-grid, a fake save
// answered after the app's wire time) took a median 58.2 ms in the run of 2026-12-02 (load ~27 on 2 cores; no idle
// run yet), its Enter → save part (AG Grid ending the edit) alone 25.4 ms: above 16 ms. So, as for the scroll, the
// ratio to the bare grid's edit, measured in the same run in alternating turns, is the goal.
// Since 2026-12-03 the bare grid's save is a real HTTP request (before: a timer of the app's wire time), as the
// app's is: traces (BENCH_TRACE) showed the bare page's requests reaching the network service 1–4 ms after the
// fetch, and their answers going through the loader's tasks, which a timer never paid. The app's answers waited
// 10–25 ms more to reach the page: Chromium defers a page's other tasks after a key until the next frame
// (DeferRendererTasksAfterInput), and Playwright releases the Enter as soon as its keydown is handled. The app's
// Enter took ~8 ms (the bare grid's ~4), so its frame came first, the release then deferred the answer one more
// frame. The catcher taking the focus before the edit ends (use-type-to-edit.ts) brought it to ~5 ms.
const EDIT_GOAL: Goal = { kind: 'ratioAtMost', limit: 1.2 };
const PAGE_DOWNS = 20;
/** The page-downs are taken in turns of PAGE_DOWNS / SCROLL_TURNS, the app's and the bare grid's alternating. */
const SCROLL_TURNS = 4;
const EDITS = 200;
/** The edits are taken in turns of EDITS / EDIT_TURNS, the app's and the bare grid's alternating. */
const EDIT_TURNS = 4;
/** A short text column in view without scrolling sideways. */
const EDIT_COLUMN = 'leader';

/** One edit's time, ms: Enter → the save request sent, → its answer read, → the frame painted after it. */
type EditSplit = [sent: number, answered: number, painted: number];

declare global {
  interface Window {
    __bench: {
      firstRows: number | null;
      /** When every row of the ledger was in (the 正在载入 line gone; the first rows when it never showed). */
      allRows: number | null;
      edits: number[];
      editSplits: EditSplit[];
      /** Per edit: its request over the wire, requestStart → responseEnd (Resource Timing). */
      editWire: number[];
      /**
       * An edit's save left (the Enter that committed it is its start); call what it returns once the
       * answer was read: the frame painted after that ends the edit.
       */
      saveSent: () => () => void;
      pageDowns: number[];
      longFrames: number;
      /** Frame gaps are counted from here on (the page's turn of page-downs began; a page in the background draws no frames). */
      countGapsFrom: number;
    };
  }
}

/** Installed before the app's own scripts: first-row paint time and the end-to-end edit timer. */
export function pageProbe(): void {
  const bench = (window.__bench = {
    firstRows: null as number | null,
    allRows: null as number | null,
    edits: [] as number[],
    editSplits: [] as EditSplit[],
    editWire: [] as number[],
    saveSent: () => () => undefined,
    pageDowns: [] as number[],
    longFrames: 0,
    countGapsFrom: 0,
  });
  // Room for every edit's entry (the default buffer holds 250).
  performance.setResourceTimingBufferSize(100_000);
  // The end of a frame: a message posted from requestAnimationFrame runs after that frame's style, layout and paint.
  const afterNextPaint = (fn: () => void) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = fn;
      ch.port2.postMessage(0);
    });
    // Row 0 is a section: a full-width row without cells, so any rendered row 0 counts.
  const firstRow = () => document.querySelector('.ag-root [row-index="0"]');
  const loading = () => document.querySelector('[data-testid="rows-loading"]');
  let firstSeen = false;
  const check = () => {
    if (!firstSeen && firstRow()) {
      firstSeen = true;
      afterNextPaint(() => {
        bench.firstRows = performance.now();
        check();
      });
    }
    if (bench.firstRows != null && !loading()) {
      observer.disconnect();
      afterNextPaint(() => (bench.allRows ??= performance.now()));
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });

  // Edit timer: from the Enter that commits an editor to the frame painted after the backend's answer.
  let commitAt: number | null = null;
  document.addEventListener(
    'keydown',
    (e) => {
      const t = e.target as HTMLElement | null;
      if (e.key === 'Enter' && t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA') && t.closest('.ag-root-wrapper')) {
        commitAt = e.timeStamp;
        performance.mark('edit-enter');
      }
    },
    true,
  );
  bench.saveSent = () => {
    const sent = performance.now();
    const start = commitAt ?? sent;
    commitAt = null;
    return () => {
      const answered = performance.now();
      performance.mark('edit-answer');
      afterNextPaint(() => {
        performance.mark('edit-painted');
        const painted = performance.now();
        bench.edits.push(painted - start);
        bench.editSplits.push([sent - start, answered - sent, painted - answered]);
      });
    };
  };
  const fetch0 = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!/api\/(rows\.updateCell|cells\.set|cells\.setMany)$/.test(url)) return fetch0(input, init);
    const answered = bench.saveSent();
    const res = await fetch0(input, init);
    void res
      .clone()
      .text()
      .then(() => {
        answered();
        const entry = performance.getEntriesByName(new URL(url, location.href).href).at(-1) as PerformanceResourceTiming | undefined;
        if (entry) bench.editWire.push(entry.responseEnd - entry.requestStart);
      });
    return res;
  };
}

/** Page-down timer: from the key to the end of the frame that shows the focused row of the new page. */
function scrollProbe(): void {
  const bench = window.__bench;
  // AG Grid's focused cell (the keyboard focus itself may sit in the app's type-to-edit catcher).
  const focusedIndex = () => document.querySelector('.ag-cell-focus')?.closest('[row-index]')?.getAttribute('row-index') ?? null;
  let last = performance.now();
  const watchFrames = () => {
    const now = performance.now();
    if (now - last > 50 && last >= bench.countGapsFrom) bench.longFrames++;
    last = now;
    requestAnimationFrame(watchFrames);
  };
  requestAnimationFrame(watchFrames);
  document.addEventListener(
    'keydown',
    (e) => {
      // The key pressed (the app's type-to-edit catcher hands a copy of it to the cell: not a second press).
      if (e.key !== 'PageDown' || !e.isTrusted) return;
      const t0 = e.timeStamp;
      const before = focusedIndex();
      const check = () => {
        const idx = focusedIndex();
        if (idx !== null && idx !== before && document.querySelector(`.ag-root [row-index="${idx}"]`)) {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => bench.pageDowns.push(performance.now() - t0);
          ch.port2.postMessage(0);
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    true,
  );
}

/** The bench's browser context: the clerk's screen size and locale, with pageProbe installed in every page. */
export async function probedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  // tsx compiles with keepNames: functions serialised into the page call a `__name` helper.
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  await context.addInitScript(pageProbe);
  return context;
}

export async function call(serve: ServeProcess, method: string, input: unknown): Promise<unknown> {
  const res = await fetch(`${serve.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-taizhang-token': serve.token },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

/** Opens the app on `ledgerId` in a fresh page; ms from navigation start to the first painted rows and to all rows in. */
async function openLedger(page: Page, serve: ServeProcess, ledgerId: number): Promise<{ first: number; all: number }> {
  await call(serve, 'ledger.open', { ledgerId });
  await page.goto(serve.url);
  await page.waitForFunction(() => window.__bench?.allRows != null, null, { timeout: 120_000 });
  return page.evaluate(() => ({ first: window.__bench.firstRows!, all: window.__bench.allRows! }));
}

/**
 * A production build of the renderer in the bench's temp dir. dist/renderer is shared with test
 * runs, which build it under NODE_ENV=test: React's development build, several times slower, and
 * its build stamp does not record the mode, so `serve` reuses it. Clerks run the production build.
 */
async function buildRenderer(outDir: string): Promise<string> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const { build } = await import('vite');
    // BENCH_NOMINIFY=1: the same build unminified, so that profiles and traces name the functions.
    const minify = process.env.BENCH_NOMINIFY ? { minify: false } : {};
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true, ...minify } });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  if (!fs.existsSync(path.join(outDir, 'index.html'))) throw new Error(`renderer build wrote no index.html to ${outDir}`);
  return outDir;
}

/** bench/serve-child.ts: serve's backend and web host on `dbPath`, serving `staticDir`. */
function startBenchServe(dbPath: string, staticDir: string): Promise<ServeProcess> {
  return startUrlPrintingProcess(['--import', 'tsx', path.join(import.meta.dirname, 'serve-child.ts'), dbPath, staticDir]);
}

export interface UiLedgers {
  dbPath: string;
  /** Where the production renderer build goes. */
  staticDir: string;
  small: { ledgerId: number; rows: number };
  big: { ledgerId: number; rows: number; editRowId: number };
}

export async function benchUi(l: UiLedgers, log: (s: string) => void): Promise<Measurement[]> {
  const openOp = `open a big ledger in the UI (${l.big.rows.toLocaleString('en')} rows; baseline ${l.small.rows} rows)`;
  const scrollOp = `scroll the big ledger (${PAGE_DOWNS} page-downs)`;
  const editOp = `edit one cell end to end (${EDITS} edits)`;
  const all = (reason: string) => [
    notMeasured(openOp, 'ms', OPEN_GOAL, reason),
    notMeasured(scrollOp, 'ms', SCROLL_GOAL, reason),
    notMeasured(editOp, 'ms', EDIT_GOAL, reason),
  ];
  if (!chromiumAvailable()) return all('no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)');

  let serve: ServeProcess;
  try {
    log('building the renderer for production …');
    const staticDir = await buildRenderer(l.staticDir);
    log('starting serve …');
    serve = await startBenchServe(l.dbPath, staticDir);
  } catch (err) {
    return all(`serve did not start: ${(err as Error).message.split('\n')[0]}`);
  }
  const browser = await launchBrowser();
  const out: Measurement[] = [];
  try {
    const context = await probedContext(browser.browser);

    log('first painted rows: 50-row and 50,000-row ledgers, three loads each …');
    const small: number[] = [];
    const big: number[] = [];
    const bigAll: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (const id of [l.small.ledgerId, l.big.ledgerId]) {
        const page = await context.newPage();
        const t = await openLedger(page, serve, id);
        if (id === l.small.ledgerId) small.push(t.first);
        else {
          big.push(t.first);
          bigAll.push(t.all);
        }
        await page.close();
      }
    }
    out.push({
      operation: openOp,
      value: median(big),
      unit: 'ms',
      baseline: median(small),
      goal: OPEN_GOAL,
      note: `median of 3 loads, navigation start to first painted rows; big ${big.map((x) => x.toFixed(0)).join('/')} ms, small ${small.map((x) => x.toFixed(0)).join('/')} ms; every row of the big ledger in (its 正在载入 line gone): median ${median(bigAll).toFixed(0)} ms (${bigAll.map((x) => x.toFixed(0)).join('/')} ms)`,
    });

    const page = await context.newPage();
    await openLedger(page, serve, l.big.ledgerId);

    log(`scrolling, in ${SCROLL_TURNS} turns with a bare AG Grid of the same rows and columns …`);
    let bareError = '';
    const bare = await bareGridPage(context, page, serve, l.big.ledgerId, path.join(l.staticDir, '..', 'bare-grid')).catch((err: Error) => {
      bareError = err.message.split('\n')[0];
      return null;
    });
    try {
      const app = await startScroll(page, 'app');
      const base = bare ? await startScroll(bare.page, 'bare') : null;
      // Turn by turn, so a load on the machine meanwhile weighs on both alike.
      for (let turn = 0; turn < SCROLL_TURNS; turn++) {
        await scrollTurn(app, PAGE_DOWNS / SCROLL_TURNS);
        if (base) await scrollTurn(base, PAGE_DOWNS / SCROLL_TURNS);
      }
      const appScroll = await endScroll(app);
      const bareScroll = base ? await endScroll(base) : null;
      out.push({
        operation: scrollOp,
        value: median(appScroll.times),
        unit: 'ms',
        baseline: bareScroll ? median(bareScroll.times) : null,
        goal: SCROLL_GOAL,
        note:
          `median keydown → end of the frame showing the new page, ${SCROLL_TURNS} turns of ${PAGE_DOWNS / SCROLL_TURNS} page-downs taken in alternation with the baseline's; max ${Math.max(...appScroll.times).toFixed(1)} ms; ${appScroll.longFrames} frame gaps > 50 ms; ended on row ${appScroll.focused}; ` +
          `main thread per page-down: ${describeSplit(appScroll.split)}; ` +
          (bareScroll
            ? `baseline: bare ag-grid-community page (no app code, plain text cells, column virtualisation on), same rows, columns and grid size, max ${Math.max(...bareScroll.times).toFixed(1)} ms, ${describeSplit(bareScroll.split)}`
            : `baseline not measured: ${bareError}`),
      });
    } catch (err) {
      out.push(notMeasured(scrollOp, 'ms', SCROLL_GOAL, (err as Error).message.split('\n')[0]));
    }

    log(`editing a cell ${EDITS} times, in ${EDIT_TURNS} turns with the bare AG Grid …`);
    try {
      const app = await startEdits(page, 'app', '[data-testid="ledger-grid"]');
      let base: Editing | null = null;
      if (bare) {
        try {
          base = await startEdits(bare.page, 'bare', '#grid');
        } catch (err) {
          bareError = `bare grid: ${(err as Error).message.split('\n')[0]}`;
        }
      }
      // The baseline's save is held so that its wire time is the app's: first its own loopback time, unheld.
      if (base && bare) await bare.save.calibrate(base.page);
      for (let turn = 0; turn < EDIT_TURNS; turn++) {
        // BENCH_TRACE=<dir>: Chromium's performance trace of the second turn of each (edit-app.json, edit-bare.json).
        const trace = turn === 1 ? process.env.BENCH_TRACE : undefined;
        await traced(page, trace && path.join(trace, 'edit-app.json'), () => editTurn(app, EDITS / EDIT_TURNS));
        if (!base || !bare) continue;
        bare.save.holdFor(median(await page.evaluate(() => window.__bench.editWire)), await base.page.evaluate(() => window.__bench.editWire));
        await traced(base.page, trace && path.join(trace, 'edit-bare.json'), () => editTurn(base!, EDITS / EDIT_TURNS));
      }
      const appEdits = await endEdits(app, 'edit');
      const bareEdits = base ? await endEdits(base, 'edit-bare') : null;
      const part = (r: EditRun, k: 0 | 1 | 2) => median(r.splits.map((s) => s[k])).toFixed(1);
      const baseline = bareEdits ? median(bareEdits.times) : null;
      out.push({
        operation: editOp,
        value: median(appEdits.times),
        unit: 'ms',
        baseline,
        goal: EDIT_GOAL,
        note:
          `median Enter → frame painted after the backend answered, on the big ledger, ${EDIT_TURNS} turns of ${EDITS / EDIT_TURNS} edits taken in alternation with the baseline's; last cell shows “${appEdits.shown}”; medians of the parts: Enter → save request sent ${part(appEdits, 0)} ms (the grid ending the edit), → answer read ${part(appEdits, 1)} ms (of which ${median(appEdits.wire).toFixed(1)} ms over the wire, Resource Timing requestStart → responseEnd; the rest is the page's main thread busy), → frame painted ${part(appEdits, 2)} ms; page's main thread per edit (with Playwright's double-click and typing): ${describeSplit(appEdits.split)}; ` +
          (bareEdits
            ? `baseline: the same edits in the bare ag-grid-community page (its text editor, Enter moves down), each saved by a real POST over loopback HTTP to its own server, held there ${bare!.save.describe()} so that its wire time (median ${median(bareEdits.wire).toFixed(1)} ms) is the app's, the echoed answer put into the row, measured the same way: parts ${part(bareEdits, 0)} / ${part(bareEdits, 1)} / ${part(bareEdits, 2)} ms, last cell “${bareEdits.shown}”, ${describeSplit(bareEdits.split)}; a bare better-sqlite3 UPDATE of the same cell: median ${bareUpdate(l.dbPath, l.big.editRowId).toFixed(2)} ms`
            : `baseline not measured: ${bareError}`),
      });
    } catch (err) {
      out.push(notMeasured(editOp, 'ms', EDIT_GOAL, (err as Error).message.split('\n')[0]));
    } finally {
      await bare?.close();
    }
  } catch (err) {
    const have = new Set(out.map((m) => m.operation));
    out.push(...all((err as Error).message.split('\n')[0]).filter((m) => !have.has(m.operation)));
  } finally {
    await browser.close();
    await serve.stop();
  }
  return out;
}

interface ScrollRun {
  times: number[];
  longFrames: number;
  focused: string | null;
  split: ThreadSplit;
}

/** A page being scrolled: its CDP session, and the main-thread time its page-downs took so far. */
interface Scrolling {
  page: Page;
  name: string;
  cdp: CDPSession;
  busy: ThreadSplit;
  pressed: number;
}

/**
 * Clicks a plain text cell of row 1, ready for page-downs (scrollProbe times each). With
 * BENCH_CPU_PROFILE=<dir>, a CPU profile of the page's page-downs is written there (scroll-<name>.cpuprofile).
 */
async function startScroll(page: Page, name: string): Promise<Scrolling> {
  await page.evaluate(scrollProbe);
  // A plain text cell: the 序号 cell holds the expand toggle, which a click would press instead of focusing.
  await gridCell(page, 1, 'measures').click();
  const cdp = await page.context().newCDPSession(page);
  if (process.env.BENCH_CPU_PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  return { page, name, cdp, busy: { script: 0, style: 0, layout: 0, task: 0 }, pressed: 0 };
}

/** Presses PageDown `count` times, each once the last one's new page showed. */
async function scrollTurn(s: Scrolling, count: number): Promise<void> {
  const { page } = s;
  await page.bringToFront();
  await page.evaluate(() => (window.__bench.countGapsFrom = performance.now()));
  const start = await mainThreadTime(s.cdp);
  for (let i = 0; i < count; i++) {
    const n = ++s.pressed;
    await page.keyboard.press('PageDown');
    await page
      .waitForFunction((n) => window.__bench.pageDowns.length >= n, n, { timeout: 10_000 })
      .catch(async (err: Error) => {
        const where = await page.evaluate(() => ({
          active: (document.activeElement as HTMLElement | null)?.className.slice(0, 60) ?? 'none',
          row: document.querySelector('.ag-cell-focus')?.closest('[row-index]')?.getAttribute('row-index') ?? 'none',
        }));
        throw new Error(`${s.name}: page-down ${n} not seen (focus on “${where.active}”, row ${where.row}): ${err.message.split('\n')[0]}`);
      });
    // AG Grid throttles PageDown to one per 100 ms and drops the rest: keep presses further apart.
    await page.waitForTimeout(120);
  }
  const turn = splitSince(start, await mainThreadTime(s.cdp), 1);
  for (const k of Object.keys(turn) as (keyof ThreadSplit)[]) s.busy[k] += turn[k];
}

async function endScroll(s: Scrolling): Promise<ScrollRun> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (dir) {
    const { profile } = await s.cdp.send('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `scroll-${s.name}.cpuprofile`), JSON.stringify(profile));
  }
  await s.cdp.detach();
  const per = (k: keyof ThreadSplit) => s.busy[k] / s.pressed;
  return {
    times: await s.page.evaluate(() => window.__bench.pageDowns),
    longFrames: await s.page.evaluate(() => window.__bench.longFrames),
    focused: await s.page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('[row-index]')?.getAttribute('row-index') ?? null),
    split: { script: per('script'), style: per('style'), layout: per('layout'), task: per('task') },
  };
}

/** A page whose cells are being edited: its CDP session, and the main-thread time its edits took so far. */
interface Editing {
  page: Page;
  cdp: CDPSession;
  busy: ThreadSplit;
  done: number;
}

interface EditRun {
  times: number[];
  splits: EditSplit[];
  wire: number[];
  /** What the last edited cell shows. */
  shown: string;
  split: ThreadSplit;
}

/** Back to the top of the grid as a clerk would, with the mouse wheel over it; ready for editTurn. */
async function startEdits(page: Page, name: string, gridSelector: string): Promise<Editing> {
  await page.bringToFront();
  // Ctrl+Home, pressed into the app's type-to-edit catcher, left the focus on its row.
  const box = await page.locator(gridSelector).boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -1e7);
  await gridCell(page, 1, EDIT_COLUMN)
    .waitFor({ timeout: 30_000 })
    .catch(async (err: Error) => {
      const row = await page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('[row-index]')?.getAttribute('row-index') ?? 'none');
      throw new Error(`${name}: row 1 not shown after scrolling to the top (focused row ${row}): ${err.message.split('\n')[0]}`);
    });
  const cdp = await page.context().newCDPSession(page);
  // With BENCH_CPU_PROFILE=<dir>, a CPU profile of the edits is written there (edit.cpuprofile, edit-bare.cpuprofile).
  if (process.env.BENCH_CPU_PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  return { page, cdp, busy: { script: 0, style: 0, layout: 0, task: 0 }, done: 0 };
}

/** Edits `count` cells of rows 1–9 (row 0 is the app's full-width section row): double-click, type, Enter. */
async function editTurn(e: Editing, count: number): Promise<void> {
  const { page } = e;
  await page.bringToFront();
  const start = await mainThreadTime(e.cdp);
  for (let k = 0; k < count; k++) {
    const i = e.done++;
    await gridCell(page, 1 + (i % 9), EDIT_COLUMN).dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(`备注${i}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => window.__bench.edits.length >= n, i + 1, { timeout: 10_000 });
  }
  const turn = splitSince(start, await mainThreadTime(e.cdp), 1);
  for (const k of Object.keys(turn) as (keyof ThreadSplit)[]) e.busy[k] += turn[k];
}

async function endEdits(e: Editing, profileName: string): Promise<EditRun> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (dir) {
    const { profile } = await e.cdp.send('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${profileName}.cpuprofile`), JSON.stringify(profile));
  }
  await e.cdp.detach();
  const per = (k: keyof ThreadSplit) => e.busy[k] / e.done;
  const { page } = e;
  return {
    times: await page.evaluate(() => window.__bench.edits),
    splits: await page.evaluate(() => window.__bench.editSplits),
    wire: await page.evaluate(() => window.__bench.editWire),
    shown: (await gridCell(page, 1 + ((e.done - 1) % 9), EDIT_COLUMN).textContent()) ?? '',
    split: { script: per('script'), style: per('style'), layout: per('layout'), task: per('task') },
  };
}

/** The bare grid's save endpoint: each POST held `holdMs`, then echoed. */
interface BareSave {
  /** Loopback time of an unheld save, measured from the page (median of a few). */
  calibrate(page: Page): Promise<void>;
  /**
   * Holds the next saves so that their wire time is `appWireMs` (the app's median so far); `bareWires`, the
   * baseline's wire times so far, correct the loopback estimate by the last turn's.
   */
  holdFor(appWireMs: number, bareWires: number[]): void;
  describe(): string;
}

interface BarePage {
  page: Page;
  save: BareSave;
  close(): Promise<void>;
}

/**
 * The scroll and edit baseline: bench/bare-grid (ag-grid-community alone) built into `outDir` and served
 * by a loopback HTTP server of its own, with the rows `rows.list` gives the app and the app's default
 * columns, in a box the size of the app's grid (measured on `appPage`). Its saves go over the same kind of
 * wire as the app's (a real fetch, Chromium's loader and its task scheduling included): a timer in the page
 * instead skipped ~10–20 ms the app's answer spends in the loader (a trace of 2026-12-03: the request reaches
 * the network service ~10 ms after the fetch, the answer is handled ~11 ms after it arrived).
 */
async function bareGridPage(context: BrowserContext, appPage: Page, serve: ServeProcess, ledgerId: number, outDir: string): Promise<BarePage> {
  const box = await appPage.locator('[data-testid="ledger-grid"]').boundingBox();
  if (!box) throw new Error('the app grid has no box');
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: path.join(import.meta.dirname, 'bare-grid'),
    base: './',
    mode: 'production',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  });
  const shown = orderedColumns([], null).filter((c) => !c.hidden);
  const columns = [
    ...shown.filter((c) => c.id === 'code' || c.id === 'task').map((c) => ({ id: c.id, width: c.width, pinned: true })),
    // The app's 佐证 column (evidence/EvidenceCell.tsx, pinned after the task).
    { id: 'evidence', width: 64, pinned: true },
    ...shown.filter((c) => c.id !== 'code' && c.id !== 'task').map((c) => ({ id: c.id, width: c.width, pinned: false })),
  ];
  const rows = await call(serve, 'rows.list', { ledgerId });
  const setup = JSON.stringify({ columns, rows, box: { left: box.x, top: box.y, width: box.width, height: box.height } });
  let holdMs = 0;
  let loopbackMs = 0;
  const holds: number[] = [];
  const server = http.createServer((req, res) => {
    const file = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    if (req.method === 'POST' && file === 'save') {
      const parts: Buffer[] = [];
      req.on('data', (b: Buffer) => parts.push(b));
      req.on('end', () => {
        const body = Buffer.concat(parts);
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), holdMs);
      });
      return;
    }
    if (file === 'setup.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(setup);
    const full = path.join(outDir, file);
    if (!full.startsWith(outDir) || !fs.existsSync(full)) return void res.writeHead(404).end();
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(full));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const save: BareSave = {
    async calibrate(page) {
      holdMs = 0;
      const wires = await page.evaluate(async () => {
        const url = new URL('./save', location.href).href;
        const out: number[] = [];
        for (let i = 0; i < 15; i++) {
          await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).text();
          const e = performance.getEntriesByName(url).at(-1) as PerformanceResourceTiming | undefined;
          if (e) out.push(e.responseEnd - e.requestStart);
        }
        return out;
      });
      loopbackMs = median(wires.slice(5));
    },
    holdFor(appWireMs, bareWires) {
      const lastTurn = bareWires.slice(-(EDITS / EDIT_TURNS));
      if (holds.length && lastTurn.length) loopbackMs = Math.max(0, median(lastTurn) - holdMs);
      holdMs = Math.max(0, appWireMs - loopbackMs);
      holds.push(holdMs);
    },
    describe: () => `${holds.map((h) => h.toFixed(1)).join('/')} ms (its own loopback, from the last turn, ${loopbackMs.toFixed(1)} ms)`,
  };
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.__bench?.firstRows != null, null, { timeout: 120_000 });
    return {
      page,
      save,
      close: async () => {
        await page.close();
        await close();
      },
    };
  } catch (err) {
    await page.close();
    await close();
    throw err;
  }
}

/** Runs `fn` under Chromium's performance trace written to `file` (none without a file). */
async function traced(page: Page, file: string | undefined, fn: () => Promise<void>): Promise<void> {
  const browser = page.context().browser();
  if (!file || !browser) return fn();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'] });
  try {
    await fn();
  } finally {
    await browser.stopTracing();
  }
}

/** Main-thread busy time of a page, seconds (CDP Performance.getMetrics). */
interface ThreadSplit {
  script: number;
  style: number;
  layout: number;
  task: number;
}

async function mainThreadTime(cdp: CDPSession): Promise<ThreadSplit> {
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { script: get('ScriptDuration'), style: get('RecalcStyleDuration'), layout: get('LayoutDuration'), task: get('TaskDuration') };
}

/** ms per operation between two readings. */
function splitSince(from: ThreadSplit, to: ThreadSplit, count: number): ThreadSplit {
  const per = (k: keyof ThreadSplit) => ((to[k] - from[k]) * 1000) / count;
  return { script: per('script'), style: per('style'), layout: per('layout'), task: per('task') };
}

function describeSplit(s: ThreadSplit): string {
  const other = Math.max(0, s.task - s.script - s.style - s.layout);
  return `scripting ${s.script.toFixed(1)} / style ${s.style.toFixed(1)} / layout ${s.layout.toFixed(1)} / other (paint, GC, parsing) ${other.toFixed(1)} ms`;
}

/**
 * The floor under an edit: the same cell updated with a bare prepared statement on the same
 * database file, same pragmas as the app (WAL, synchronous=NORMAL). Median ms of EDITS updates.
 * Deliberately not the app's repository: this is what SQLite alone costs.
 */
function bareUpdate(dbPath: string, rowId: number): number {
  const db = new Database(dbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const update = db.prepare(`UPDATE rows SET ${EDIT_COLUMN} = ? WHERE id = ?`);
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const t = performance.now();
      update.run(`备注${i}`, rowId);
      times.push(performance.now() - t);
    }
    return median(times);
  } finally {
    db.close();
  }
}
