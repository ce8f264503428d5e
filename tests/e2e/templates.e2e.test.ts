// Templates in the real renderer (Debian's Chromium against `taizhang serve` on a real SQLite file):
// register the bureau's meeting template and see its mapping, refuse a bad one, correct a column by
// hand, export the ledger (a real download, read back) and download the per-unit forms.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBackend } from '../../electron/backend/backend.js';
import { readZipDirectory } from '../../electron/backend/excel/zip-directory.js';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { REPO_ROOT, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures');
const MEETING = path.join(FIXTURES, 'templates', '台账模板-重点工作推进情况.xlsx');
const SUPERVISION = path.join(FIXTURES, 'templates', '督办模板-督查督办.xlsx');
const NO_HEADER = path.join(FIXTURES, 'templates', 'bad', '无表头.xlsx');

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;

/** The sample plan's ledger, with two units responsible for something, written before the server starts. */
async function seed(dbPath: string): Promise<void> {
  const backend = createBackend(dbPath, { actor: 'e2e' });
  try {
    const parsed = await backend.dispatch('plan.parse', { text: fs.readFileSync(path.join(FIXTURES, 'work-plan-2020.txt'), 'utf8') });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const plan = parsed.value as { sections: { tasks: { units: string[] }[] }[] };
    plan.sections[0]!.tasks[0]!.units = ['和平小学'];
    plan.sections[1]!.tasks[0]!.units = ['东元中学'];
    const made = await backend.dispatch('plan.createLedger', { name: '2020年工作要点台账', year: 2020, sections: plan.sections });
    if (!made.ok) throw new Error(made.error.message);
    const ledgerId = (made.value as { ledger: { id: number } }).ledger.id;
    // One task behind schedule, and a saved workbench view showing just those.
    const rows = await backend.dispatch('rows.list', { ledgerId });
    if (!rows.ok) throw new Error(rows.error.message);
    const task3 = (rows.value as { id: number; level: string; values: { code: string } }[]).find((r) => r.level === 'task' && r.values.code === '3')!;
    await backend.dispatch('rows.updateCell', { rowId: task3.id, field: 'status', value: '滞后', period: '2020-06' });
    const view = await backend.dispatch('views.save', { ledgerId, name: '滞后事项', state: { status: '滞后' } });
    if (!view.ok) throw new Error(view.error.message);
  } finally {
    backend.close();
  }
}

async function download(action: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), action()]);
  const file = tmp.file(dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe.runIf(chromiumAvailable())('templates and export in the browser', () => {
  beforeAll(async () => {
    await seed(tmp.file('e2e-templates.db'));
    ({ serve, page, close: closeApp } = await openAppPage(tmp.file('e2e-templates.db'), { acceptDownloads: true }));
    await page.goto(serve.url);
    await page.getByTestId('tab-templates').click();
    await page.getByTestId('templates-page').waitFor();
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('registers the meeting template and shows how its two-level header maps to the ledger', async () => {
    await page.getByTestId('template-file').setInputFiles(MEETING);
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 20_000 }).toContain('已添加模板“台账模板-重点工作推进情况”');
    expect(await page.getByTestId('notice').textContent()).toContain('全部已对应');
    expect(await page.getByTestId('template-name').textContent()).toBe('台账模板-重点工作推进情况');
    expect(await page.getByTestId('template-layout').textContent()).toContain('表头在第 3–4 行，数据从第 5 行开始');
    expect(await page.getByTestId('mapping-select-A').inputValue()).toBe('field:code');
    expect(await page.getByTestId('mapping-select-H').inputValue()).toBe('field:target');
    expect(await page.getByTestId('mapping-select-I').inputValue()).toBe('targetUnit');
    expect(await page.getByTestId('mapping-row-H').textContent()).toContain('目标任务/目标值');
    await page.screenshot({ path: screenshotPath('templates-mapping') });
  });

  it('refuses a workbook without a header with a clear message, and maps a supervision template by itself', async () => {
    await page.getByTestId('template-file').setInputFiles(NO_HEADER);
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 20_000 }).toContain('没有在模板中找到表头');
    await page.getByTestId('template-file').setInputFiles(SUPERVISION);
    await expect.poll(() => page.getByTestId('template-name').textContent(), { timeout: 20_000 }).toBe('督办模板-督查督办');
    expect(await page.locator('.tpl-unmapped').count()).toBe(0);
    expect(await page.getByTestId('mapping-select-I').inputValue()).toBe('field:status');
  });

  it('saves a column mapped by hand', async () => {
    await page.getByTestId('mapping-select-J').selectOption('custom');
    await page.getByTestId('mapping-custom-label-J').fill('督办级别');
    await page.getByTestId('mapping-save').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('已保存');
    await page.reload();
    await page.getByTestId('tab-templates').click();
    await page.getByText('督办模板-督查督办').click();
    expect(await page.getByTestId('mapping-select-J').inputValue()).toBe('custom');
    expect(await page.getByTestId('mapping-custom-label-J').inputValue()).toBe('督办级别');
  });

  it('exports the ledger into the meeting template as a download that reads back with 33 tasks', async () => {
    await page.getByText('台账模板-重点工作推进情况', { exact: true }).first().click();
    await page.getByTestId('export-period').fill('2020-06');
    const file = await download(() => page.getByTestId('export-ledger').click());
    expect(file.name).toBe('2020年工作要点台账-2020-06.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('未央区教育局2020年重点工作推进情况台账');
    expect(ws.getCell('G2').value).toBe('截至时间：2020年6月30日');
    // A task's number cell spans its measure rows; exceljs repeats the value in every merged cell.
    const codes = (ws.getColumn('A').values as unknown[]).filter((v): v is number => typeof v === 'number');
    expect([...new Set(codes)]).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(codes.length).toBeGreaterThan(33);
    await expect.poll(() => page.getByTestId('export-summary').textContent()).toContain('7 个章节、33 项任务');
    fs.writeFileSync(tmp.file('exported.xlsx'), file.bytes);
    await page.screenshot({ path: screenshotPath('templates-exported') });
  });

  it('exports only what a saved workbench view shows', async () => {
    await page.getByTestId('export-view').selectOption({ label: '滞后事项' });
    const file = await download(() => page.getByTestId('export-ledger').click());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const codes = (wb.worksheets[0]!.getColumn('A').values as unknown[]).filter((v): v is number => typeof v === 'number');
    expect([...new Set(codes)]).toEqual([3]);
    await expect.poll(() => page.getByTestId('export-summary').textContent()).toContain('1 个章节、1 项任务');
    await page.getByTestId('export-view').selectOption('');
  });

  it('downloads the per-unit forms as one zip', async () => {
    await page.getByTestId('template-builtin').click();
    // No submission template registered (the two added are ledger layouts): the built-in form is used.
    expect(await page.getByTestId('forms-template').textContent()).toContain('内置报送模板');
    const file = await download(() => page.getByTestId('export-forms').click());
    expect(file.name).toBe('2020年工作要点台账-报送表.zip');
    expect(readZipDirectory(file.bytes, 100).map((e) => e.name)).toEqual(['和平小学-报送表.xlsx', '东元中学-报送表.xlsx']);
    await expect.poll(() => page.getByTestId('export-summary').textContent()).toContain('已生成 2 份报送表');
  });
});
