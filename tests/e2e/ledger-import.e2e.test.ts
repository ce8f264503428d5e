// Opening an Excel ledger and taking back edits in the real renderer (Debian's Chromium) against
// `taizhang serve`: 新建台账 → 从 Excel 导入, pick the filled meeting ledger, check the tree and the
// unreadable cell, create; export it, edit the export "in Excel", 导入修改: changed cells and the new
// task listed, applied, and the values are in the ledger.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import { REPO_ROOT, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;
const LEDGER = path.join(REPO_ROOT, 'tests', 'fixtures', 'ledgers', '重点工作台账-2020年6月.xlsx');

async function editExport(bytes: Uint8Array, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  let measureRow = 0;
  let totalRow = 0;
  for (let r = 1; r <= ws.rowCount; r++) {
    if (String(ws.getCell(`C${r}`).value ?? '').startsWith('新建、改扩建')) measureRow = r;
    if (String(ws.getCell(`A${r}`).value ?? '') === '合计') totalRow = r;
  }
  ws.getCell(`K${measureRow}`).value = '会上改：已开工10所';
  for (let c = 1; c <= 14; c++) ws.getRow(totalRow).getCell(c).value = null;
  Object.entries({ A: 12, B: '会上新增任务', C: '新增措施', L: '未启动' }).forEach(([col, v]) => (ws.getCell(`${col}${totalRow}`).value = v));
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

describe.runIf(chromiumAvailable())('opening an Excel ledger and taking back edits in the browser', () => {
  beforeAll(async () => {
    ({ serve, page, close: closeApp } = await openAppPage(tmp.file('e2e-ledger-import.db')));
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('新建台账 → 从 Excel 导入: preview, create; then 导入修改 applies the edits', { timeout: 240_000 }, async () => {
    await page.goto(serve.url);
    await page.getByTestId('new-ledger').click();
    await page.getByTestId('new-ledger-from-excel').click();
    await page.getByTestId('ledger-import').waitFor();

    await page.getByTestId('li-file').setInputFiles(LEDGER);
    const nodes = page.getByTestId('li-node');
    await expect.poll(() => nodes.count(), { timeout: 90_000 }).toBe(12);
    expect(await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-level')))).toEqual([
      'section', 'task', 'item', 'item', 'item', 'task', 'item', 'section', 'task', 'item', 'item', 'task',
    ]);
    expect(await page.getByTestId('li-issue').allTextContents()).toEqual([expect.stringContaining('J15: “八十” 不是数字')]);
    expect(await page.locator('.li-bad').count()).toBe(1);
    expect(await page.getByTestId('li-columns').textContent()).toContain('联系人 → 联系人');
    await page.screenshot({ path: screenshotPath('ledger-import-preview'), fullPage: true });

    expect(await page.getByTestId('li-period').getAttribute('data-value')).toBe('2020-06');
    expect(await page.getByTestId('li-period').inputValue()).toBe('2020年6月');
    await page.getByTestId('li-name').fill('会议台账');
    await page.getByTestId('li-create').click();
    await expect.poll(async () => (await page.getByTestId('ledger-picker').locator('option:checked').textContent()) ?? '', { timeout: 60_000 }).toBe('会议台账');
    await expect.poll(() => page.getByTestId('tab-workbench').getAttribute('aria-selected')).toBe('true');

    // Export (as the 模板与导出 page would), edit it in "Excel", and bring it back.
    const api = httpClient(serve);
    const ledger = (await api.call('ledger.list', {})).find((l) => l.name === '会议台账')!;
    const template = (await api.call('templates.list', {}))[0]!;
    const out = await api.call('export.ledger', { ledgerId: ledger.id, templateId: template.id, period: '2020-06' });
    const edited = tmp.file('会议台账-会上修改.xlsx');
    await editExport(out.bytes, edited);

    await page.getByTestId('tab-ledger-import').click();
    await page.getByTestId('li-mode-merge').click();
    await expect.poll(() => page.getByTestId('li-target').locator('option').allTextContents()).toEqual(['自动识别台账', '会议台账']);
    await page.getByTestId('li-file').setInputFiles(edited);
    const changes = page.getByTestId('li-change');
    await expect.poll(() => changes.count(), { timeout: 90_000 }).toBe(1);
    expect(await changes.first().textContent()).toContain('已开工8所，完成主体3所 → 会上改：已开工10所');
    expect(await page.getByTestId('li-added').count()).toBe(2);
    expect(await page.getByTestId('li-deleted').count()).toBe(0);
    expect(await page.getByTestId('li-merge-apply').textContent()).toBe('导入选中的 3 项');
    await page.screenshot({ path: screenshotPath('ledger-import-merge'), fullPage: true });
    await page.getByTestId('li-merge-apply').click();
    await expect.poll(() => page.getByTestId('tab-workbench').getAttribute('aria-selected'), { timeout: 60_000 }).toBe('true');

    const rows = await api.call('rows.list', { ledgerId: ledger.id, period: '2020-06' });
    expect(rows.find((r) => r.values.measures.startsWith('新建、改扩建'))!.values.progress).toBe('会上改：已开工10所');
    expect(rows.find((r) => r.values.code === '12')!.values.task).toBe('会上新增任务');
    const batches = await api.call('submissions.batches', { ledgerId: ledger.id });
    expect(batches[0]!.files[0]!.fileName).toBe('会议台账-会上修改.xlsx');
  });
});
