// The 统计 page in the browser: a small 2020 ledger with units and progress in May and June 2020. The
// cards count what rows.list says as of June, the charts draw (SVG, one bar per unit), a unit row and
// the red-light card open the workbench on just those rows as of June, and a 月通报 is drafted, edited,
// issued as 第1期 and reopened as a Word download. A second ledger with 60 red tasks lists the first 50 until
// 显示全部 asks for every one.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBackend } from '../../electron/backend/backend.js';
import { createClient, type Client } from '#shared/client.js';
import type { Row } from '#shared/domain.js';
import { CHART_COLORS } from '#shared/report-charts.js';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import type { ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { displayedRowIds, eventually } from '../helpers/workbench.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;
let api: Client;
let ledgerId: number;
/** A second ledger, with more red tasks than the page lists at first (50). */
let redLedgerId: number;
const RED_TASKS = 60;
const ids: Record<string, number> = {};

async function seed(dbPath: string): Promise<void> {
  const backend = createBackend(dbPath, { actor: '办公室小王' });
  try {
    const c = createClient((m, i) => backend.dispatch(m, i));
    await c.call('units.add', { name: '和平小学', kind: 'school', aliases: [] });
    await c.call('units.add', { name: '东元中学', kind: 'school', aliases: [] });
    await c.call('units.add', { name: '规划建设科', kind: 'department', aliases: [] });
    // Made first: the page opens the ledger made last.
    redLedgerId = (await c.call('ledger.create', { name: '滞后任务台账', year: 2020 })).id;
    const section = (await c.call('rows.add', { ledgerId: redLedgerId, parentId: null, level: 'section', values: { code: '一', task: '滞后任务' } })).id;
    for (let n = 1; n <= RED_TASKS; n++) {
      const values = { code: String(n), task: `滞后任务${n}`, units: '和平小学', deadline: '年底前' };
      const rowId = (await c.call('rows.add', { ledgerId: redLedgerId, parentId: section, level: 'task', values })).id;
      await c.call('rows.updateCell', { rowId, field: 'status', value: '滞后', period: '2020-06' });
    }
    ledgerId = (await c.call('ledger.create', { name: '2020年重点工作台账', year: 2020 })).id;
    const add = async (parentId: number | null, level: 'section' | 'task' | 'item', values: Record<string, string>) =>
      (await c.call('rows.add', { ledgerId, parentId, level, values })).id;
    const report = async (rowId: number, period: string, status: string, progressPct: string) => {
      await c.call('rows.updateCell', { rowId, field: 'status', value: status, period });
      await c.call('rows.updateCell', { rowId, field: 'progressPct', value: progressPct, period });
    };
    ids.s1 = await add(null, 'section', { code: '一', task: '优化教育资源布局' });
    ids.t1 = await add(ids.s1, 'task', { code: '1', task: '加快学校建设', leadDept: '规划建设科', units: '和平小学、东元中学', deadline: '6月底前' });
    ids.i1 = await add(ids.t1, 'item', { measures: '新建和平小学教学楼', units: '和平小学' });
    ids.i2 = await add(ids.t1, 'item', { measures: '改扩建东元中学', units: '东元中学' });
    ids.t2 = await add(ids.s1, 'task', { code: '2', task: '推进学前教育普惠发展', leadDept: '规划建设科', deadline: '年底前' });
    ids.s2 = await add(null, 'section', { code: '二', task: '加强教师队伍建设' });
    ids.t3 = await add(ids.s2, 'task', { code: '3', task: '招聘高层次教师', units: '东元中学', deadline: '年底前' });
    ids.t4 = await add(ids.s2, 'task', { code: '4', task: '师德师风建设', units: '和平小学', deadline: '年底前' });
    ids.t5 = await add(ids.s2, 'task', { code: '5', task: '教师培训', units: '和平小学', deadline: '年底前' });
    await report(ids.i1, '2020-05', '推进中', '40%');
    await report(ids.i1, '2020-06', '已完成', '100%');
    await report(ids.i2, '2020-05', '推进中', '20%');
    await report(ids.i2, '2020-06', '推进中', '30%');
    await report(ids.t2, '2020-05', '推进中', '30%');
    await report(ids.t2, '2020-06', '推进中', '50%');
    await report(ids.t3, '2020-06', '滞后', '10%');
    await report(ids.t4, '2020-06', '已完成', '100%');
    await report(ids.t5, '2020-05', '推进中', '25%');
  } finally {
    backend.close();
  }
}

/** The rows matching, with their ancestors (what the workbench's filter shows). */
function withAncestors(rows: readonly Row[], match: (r: Row) => boolean): number[] {
  const parent = new Map(rows.map((r) => [r.id, r.parentId]));
  const shown = new Set<number>();
  for (const r of rows) if (match(r)) for (let id: number | null = r.id; id != null; id = parent.get(id) ?? null) shown.add(id);
  return rows.filter((r) => shown.has(r.id)).map((r) => r.id);
}

async function cardValue(key: string): Promise<string> {
  return (await page.getByTestId(`dash-card-${key}`).getByTestId('dash-card-value').textContent()) ?? '';
}

describe.runIf(chromiumAvailable())('统计 page', () => {
  beforeAll(async () => {
    await seed(tmp.file('dash.db'));
    ({ serve, page, close: closeApp } = await openAppPage(tmp.file('dash.db')));
    api = httpClient(serve);
    await page.goto(serve.url);
    await page.getByTestId('tab-dashboard').click();
    await page.getByTestId('dash-cards').waitFor();
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('shows the counts as of the default month (June 2020), and the charts', async () => {
    expect(await page.getByTestId('dash-period').inputValue()).toBe('2020-06');
    const rows = await api.call('rows.list', { ledgerId, period: '2020-06' });
    const tasks = rows.filter((r) => r.level === 'task');
    const count = (f: (r: Row) => boolean) => String(tasks.filter(f).length);
    expect(await cardValue('tasks')).toBe(String(tasks.length));
    expect(await cardValue('done')).toBe(count((r) => r.asOf?.category === 'done'));
    expect(await cardValue('inProgress')).toBe(count((r) => r.asOf?.category === 'inProgress'));
    expect(await cardValue('lagging')).toBe(count((r) => r.asOf?.category === 'lagging'));
    expect(await cardValue('overdue')).toBe(count((r) => r.asOf?.overdue === true));
    for (const light of ['red', 'yellow', 'green'] as const) expect(await cardValue(light)).toBe(count((r) => r.asOf?.light === light));
    expect(await cardValue('red')).not.toBe('0');

    // Charts are SVG; one bar per unit with assignments.
    const figures = await api.call('report.figures', { ledgerId, kind: 'monthly', period: '2020-06' });
    expect(figures.units.length).toBe(3);
    await page.locator('[data-testid="chart-status"] svg').waitFor();
    await page.locator('[data-testid="chart-lights"] svg').waitFor();
    // The unit bars are coloured by their worst light (shared/report-charts.ts unitBarColor).
    const barFills = [CHART_COLORS.green, CHART_COLORS.yellow, CHART_COLORS.red].map((c) => `[data-testid="chart-units"] svg path[fill="${c}"]`).join(', ');
    await eventually(() => page.locator(barFills).count()).toBe(figures.units.length);
    expect(await page.locator('[data-testid="chart-units"] canvas').count()).toBe(0);
    expect(await page.getByTestId('dash-unit-row').count()).toBe(3);
    expect(await page.getByTestId('dash-unit-row').first().getAttribute('data-unit')).toBe(figures.units.find((u) => u.rank === 1)!.unit);
    await page.screenshot({ path: screenshotPath('dashboard-monthly'), fullPage: true });

    // 季: the trend line appears; the table gains 上季名次.
    await page.getByTestId('dash-kind-quarterly').click();
    await eventually(() => page.getByTestId('dash-label').textContent()).toContain('2020年第二季度');
    await page.locator('[data-testid="chart-trend"] svg').waitFor();
    expect(await page.getByTestId('dash-units').textContent()).toContain('上季名次');
    await page.getByTestId('dash-kind-annual').click();
    await eventually(() => page.getByTestId('dash-units').textContent()).toContain('等次');
    await page.getByTestId('dash-kind-monthly').click();
    await eventually(() => page.getByTestId('dash-label').textContent()).toContain('2020年6月');
  });

  it('opens the workbench on a unit\'s rows, and on the red rows, as of the same month', async () => {
    const rows = await api.call('rows.list', { ledgerId, period: '2020-06' });
    await page.locator('[data-testid="dash-unit-row"][data-unit="东元中学"]').click();
    await eventually(() => page.getByTestId('period-picker').inputValue()).toBe('2020-06');
    await eventually(() => displayedRowIds(page)).toEqual([ids.s1, ids.t1, ids.i2, ids.s2, ids.t3]);
    expect(await page.getByTestId('filter-unit').inputValue()).toBe('东元中学');

    await page.getByTestId('tab-dashboard').click();
    await page.getByTestId('dash-card-red').click();
    const red = withAncestors(rows, (r) => r.asOf?.light === 'red');
    expect(red).toContain(ids.t3);
    await eventually(() => page.getByTestId('period-picker').inputValue()).toBe('2020-06');
    await eventually(() => displayedRowIds(page)).toEqual(red);
    await page.getByTestId('filter-light').waitFor();
    await page.screenshot({ path: screenshotPath('dashboard-red-rows') });
    // The chip clears the filter: every row again.
    await page.getByTestId('filter-light').click();
    await eventually(() => displayedRowIds(page)).toHaveLength(rows.length);
  });

  it('opens an attention item\'s rows', async () => {
    await page.getByTestId('tab-dashboard').click();
    const figures = await api.call('report.figures', { ledgerId, kind: 'monthly', period: '2020-06' });
    const first = figures.attention[0]!;
    await page.getByTestId('attention-item').first().click();
    const rows = await api.call('rows.list', { ledgerId, period: '2020-06' });
    const wanted = new Set([first.rowId, ...first.items.map((i) => i.rowId)]);
    await eventually(() => displayedRowIds(page)).toEqual(withAncestors(rows, (r) => wanted.has(r.id)));
  });

  it('generates the 通报 draft, edits 下步工作要求, issues it as 第1期 and reopens it as a .docx', async () => {
    await page.getByTestId('tab-dashboard').click();
    const rows = await api.call('rows.list', { ledgerId, period: '2020-06' });
    const tasks = rows.filter((r) => r.level === 'task');
    const done = tasks.filter((r) => r.asOf?.category === 'done').length;
    const rate = `${((100 * done) / tasks.length).toFixed(1)}%`;

    await page.getByTestId('report-draft').click();
    await page.getByTestId('issue-draft').waitFor();
    for (const part of ['overview', 'units', 'problems', 'requirements']) expect(await page.getByTestId(`issue-text-${part}`).inputValue()).not.toBe('');
    const overview = await page.getByTestId('issue-text-overview').inputValue();
    expect(overview).toContain(`全区共${tasks.length}项重点任务`);
    expect(overview).toContain(`完成率${rate}`);
    expect(await page.getByTestId('issue-number').textContent()).toBe('1');
    expect(await page.getByTestId('issue-message').count()).toBe(0);

    const requirements = '一是加快东元中学改扩建进度。二是按月报送进展。';
    await page.getByTestId('issue-text-requirements').fill(requirements);
    expect(await page.getByTestId('issued-list').textContent()).toContain('尚未印发通报');
    // The page scrolls inside its tab: a tall window shows all of it in one picture.
    await page.setViewportSize({ width: 1366, height: 1500 });
    await page.screenshot({ path: screenshotPath('dashboard-issue') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // 印发 asks for confirmation.
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('report-issue').click();
    await page.getByTestId('issued-row').waitFor();
    expect(await page.getByTestId('issue-draft').count()).toBe(0);
    const issued = await api.call('report.issued', { ledgerId });
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ kind: 'monthly', period: '2020-06', issue: 1 });
    const row = page.getByTestId('issued-row');
    expect(await row.textContent()).toContain('第1期');
    expect(await row.textContent()).toContain(issued[0]!.issuer);
    // What was issued carries the edited text.
    expect((await api.call('report.open', { issuedId: issued[0]!.id })).text.requirements).toBe(requirements);

    // 打开: the issued Word document downloads (then its Excel attachment).
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(`issued-open-${issued[0]!.id}`).click()]);
    expect(dl.suggestedFilename()).toMatch(/\.docx$/);
    const file = await dl.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('lists the first 50 red tasks, and 显示全部 asks again for every one', async () => {
    const figures = await api.call('report.figures', { ledgerId: redLedgerId, kind: 'monthly', period: '2020-06' });
    expect(figures.attention).toHaveLength(RED_TASKS);
    const asked: { attention?: number }[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/report.dashboard')) asked.push(JSON.parse(r.postData() ?? '{}'));
    });
    await page.getByTestId('tab-dashboard').click();
    await page.getByTestId('ledger-picker').selectOption(String(redLedgerId));
    await eventually(() => page.getByTestId('attention-item').count()).toBe(50);
    expect(asked.map((a) => a.attention)).toEqual([50]);
    const titles = async () => (await page.getByTestId('attention-item').locator('b').allTextContents()).map((t) => t.trim());
    expect(await titles()).toEqual(figures.attention.slice(0, 50).map((a) => `${a.code}. ${a.task}`));
    const all = page.getByTestId('attention-all');
    expect(await all.textContent()).toContain(`显示全部 ${RED_TASKS} 项`);

    await all.click();
    await eventually(() => page.getByTestId('attention-item').count()).toBe(RED_TASKS);
    expect(asked.map((a) => a.attention)).toEqual([50, undefined]);
    expect(await titles()).toEqual(figures.attention.map((a) => `${a.code}. ${a.task}`));
    expect(await page.getByTestId('attention-all').count()).toBe(0);
  });
});
