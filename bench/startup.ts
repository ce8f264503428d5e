// Start-up rows, in headless Chromium against the real `taizhang serve` (bin/taizhang.mjs as the clerk runs it
// after `npm run build`: the UI and the CLI bundle built): the cold start on the big ledger to its first painted
// rows, and the 统计 dashboard of that ledger from the tab click to its charts painted. Page times are read from
// the page's own clock (performance.timeOrigin + performance.now(), epoch ms like Date.now() here), so
// Playwright's round trips do not count.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createBackend } from '../electron/backend/backend.js';
import { ensureRendererBuilt } from '../electron/web-host/renderer-build.js';
// @ts-expect-error plain .mjs module without types
import { cliBundleState } from '../bin/cli-bundle.mjs';
// @ts-expect-error plain .mjs build script without types
import { buildCli } from '../scripts/build-electron.mjs';
import { chromiumAvailable, launchBrowser } from '../tests/helpers/browser.js';
import { startUrlPrintingProcess, type ServeProcess } from '../tests/helpers/serve.js';
import { PERIOD, REPO_ROOT } from './data.js';
import { median, timeMs } from './measure.js';
import { notMeasured, type Goal, type Measurement } from './table.js';
import { probedContext } from './ui.js';

const COLD_START_GOAL: Goal = { kind: 'below', limit: 2000 };
const DASHBOARD_GOAL: Goal = { kind: 'below', limit: 1000 };
const RUNS = 3;

declare global {
  interface Window {
    __dash: { clickedAt: number | null; paintedAt: number | null };
  }
}

/** Epoch ms of the first painted grid rows (pageProbe's timer). */
async function firstRowsAt(page: Page): Promise<number> {
  await page.waitForFunction(() => window.__bench?.firstRows != null, null, { timeout: 120_000 });
  return page.evaluate(() => performance.timeOrigin + window.__bench.firstRows!);
}

/** Epoch ms of the page's load event: what the static page without data gets to. */
async function loadedAt(page: Page): Promise<number> {
  await page.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd, null, {
    timeout: 60_000,
  });
  return page.evaluate(() => performance.timeOrigin + (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
}

/** Spawns a URL-printing server, opens it and returns ms from the spawn to `ready` and to the printed URL. */
async function coldStart(page: Page, args: string[], env: NodeJS.ProcessEnv, ready: (page: Page) => Promise<number>): Promise<{ total: number; url: number }> {
  const spawnedAt = Date.now();
  const serve = await startUrlPrintingProcess(args, env);
  const urlAt = Date.now();
  try {
    await page.goto(serve.url);
    return { total: (await ready(page)) - spawnedAt, url: urlAt - spawnedAt };
  } finally {
    await serve.stop();
  }
}

/**
 * From the click on the 统计 tab to the end of the frame that shows every chart of the page drawn (an SVG
 * with its shapes in each chart), installed in the page just before the click.
 */
function dashboardProbe(): void {
  const dash = (window.__dash = { clickedAt: null as number | null, paintedAt: null as number | null });
  document.addEventListener('click', (e) => (dash.clickedAt ??= e.timeStamp), true);
  const drawn = () => ['chart-status', 'chart-lights', 'chart-units'].every((id) => document.querySelector(`[data-testid="${id}"] svg path`));
  const observer = new MutationObserver(() => {
    if (!drawn()) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => (dash.paintedAt = performance.now());
      ch.port2.postMessage(0);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

export interface StartupLedger {
  dbPath: string;
  /** The ledger serve opens (the most recently used one). */
  big: { ledgerId: number; rows: number };
}

export async function benchStartup(l: StartupLedger, log: (s: string) => void): Promise<Measurement[]> {
  const rows = l.big.rows.toLocaleString('en');
  const coldOp = `cold start of serve to first painted rows, ${rows}-row ledger`;
  const dashOp = `dashboard (统计) of the ${rows}-row ledger: tab click to charts painted`;
  // What the page asks for (its first 50 red tasks), for the default month, PERIOD.
  const figures = { ledgerId: l.big.ledgerId, kind: 'monthly', attention: 50 };
  // Baseline of the dashboard: the page's one call answered in Node, without HTTP, JSON or the page, each on a
  // fresh backend (the backend keeps the figures while nothing is written: a second call would not count them).
  let figuresMs = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const backend = createBackend(l.dbPath, { actor: 'bench' });
    try {
      const { ms, value: r } = await timeMs(() => backend.dispatch('report.dashboard', figures));
      if (!r.ok) throw new Error(`report.dashboard: ${r.error.message}`);
      if ((r.value as { figures: { period: string } }).figures.period !== PERIOD) throw new Error(`report.dashboard: not ${PERIOD}`);
      figuresMs = Math.min(figuresMs, ms);
    } finally {
      backend.close();
    }
  }
  if (!chromiumAvailable()) {
    const reason = 'no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)';
    return [notMeasured(coldOp, 'ms', COLD_START_GOAL, reason), notMeasured(dashOp, 'ms', DASHBOARD_GOAL, reason)];
  }

  log('startup: building the UI if it is not current and the CLI bundle (not timed) …');
  const staticDir = await ensureRendererBuilt();
  await buildCli(REPO_ROOT);
  const serveArgs = [path.join(REPO_ROOT, 'bin', 'taizhang.mjs'), 'serve', '--db', l.dbPath];
  // The clerk's environment: bin/taizhang.mjs picks the bundle or the sources itself.
  const clerkEnv: NodeJS.ProcessEnv = { ...process.env, TAIZHANG_ENTRY: undefined };
  /** Which code `taizhang` runs now (see bin/taizhang.mjs). */
  const entry = () => {
    const state = cliBundleState(REPO_ROOT) as string;
    return state === 'current' ? 'the dist/cli bundle' : `the sources through tsx (bundle ${state})`;
  };
  const browser = await launchBrowser();
  const out: Measurement[] = [];
  try {
    const context = await probedContext(browser.browser);
    const inNewPage = async <T>(fn: (page: Page) => Promise<T>): Promise<T> => {
      const page = await context.newPage();
      try {
        return await fn(page);
      } finally {
        await page.close();
      }
    };

    try {
      log(`startup: cold starts of serve and of a bare static server, ${RUNS} each …`);
      const serve: { total: number; url: number }[] = [];
      const bare: number[] = [];
      const ran = new Set<string>();
      for (let i = 0; i < RUNS; i++) {
        ran.add(entry());
        serve.push(await inNewPage((page) => coldStart(page, serveArgs, clerkEnv, firstRowsAt)));
        bare.push((await inNewPage((page) => coldStart(page, [path.join(import.meta.dirname, 'static-child.mjs'), staticDir], process.env, loadedAt))).total);
      }
      out.push({
        operation: coldOp,
        value: median(serve.map((s) => s.total)),
        unit: 'ms',
        baseline: median(bare),
        goal: COLD_START_GOAL,
        note: `median of ${RUNS}: spawn of bin/taizhang.mjs serve, which ran ${[...ran].join(' / ')}, → first grid rows painted (${serve.map((s) => s.total.toFixed(0)).join('/')} ms; URL printed after ${serve.map((s) => s.url.toFixed(0)).join('/')} ms); baseline: bare node serving the built page, spawn → load event`,
      });
    } catch (err) {
      out.push(notMeasured(coldOp, 'ms', COLD_START_GOAL, (err as Error).message.split('\n')[0]));
    }

    let serve: ServeProcess | undefined;
    try {
      log(`startup: the dashboard, ${RUNS} first opens and a reopen …`);
      const openDashboard = () =>
        inNewPage(async (page) => {
          await page.goto(serve!.url);
          // Every row in (the ledger loads behind its first rows): the dashboard alone is timed.
          await page.waitForFunction(() => window.__bench?.allRows != null, null, { timeout: 120_000 });
          await page.evaluate(dashboardProbe);
          await page.getByTestId('tab-dashboard').click();
          await page.waitForFunction(() => window.__dash.paintedAt != null, null, { timeout: 60_000 });
          return page.evaluate(() => window.__dash.paintedAt! - window.__dash.clickedAt!);
        });
      // The clerk's first 统计 after start counts the figures; the backend keeps them until the next write, so
      // each timed open is on a serve of its own, and one reopen on the last serve is noted beside them.
      const times: number[] = [];
      let reopen = NaN;
      for (let i = 0; i < RUNS; i++) {
        serve = await startUrlPrintingProcess(serveArgs, clerkEnv);
        times.push(await openDashboard());
        if (i === RUNS - 1) reopen = await openDashboard();
        await serve.stop();
        serve = undefined;
      }
      out.push({
        operation: dashOp,
        value: median(times),
        unit: 'ms',
        baseline: figuresMs,
        goal: DASHBOARD_GOAL,
        note: `median of ${RUNS} (${times.map((t) => t.toFixed(0)).join('/')} ms), each the first 统计 of a fresh serve: every row of the ledger in, then click on 统计 → frame painted with the status, light and unit charts drawn; a reopen (figures kept, nothing written) ${reopen.toFixed(0)} ms; baseline: the page's report.dashboard call (figures of ${PERIOD}) in Node, first call of a fresh backend (best of ${RUNS})`,
      });
    } catch (err) {
      out.push(notMeasured(dashOp, 'ms', DASHBOARD_GOAL, (err as Error).message.split('\n')[0]));
    } finally {
      await serve?.stop();
    }
  } finally {
    await browser.close();
  }
  return out;
}
