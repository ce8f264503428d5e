// 佐证材料 in the real UI against the real backend: a photo dropped on a grid row attaches to it for the month
// shown, the row gets a badge, the panel shows the photo's thumbnail (made by the backend's worker); a
// program dropped on a row is refused with a Chinese message; removing is undone from the panel.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBackend } from '../../electron/backend/backend.js';
import { createClient } from '#shared/client.js';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { exeBytes, fixture, zipOf } from '../helpers/evidence-files.js';
import { REPO_ROOT, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually, rowCell } from '../helpers/workbench.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let closeApp: (() => Promise<void>) | undefined;
let page: Page;
const ids: Record<string, number> = {};

async function seed(dbPath: string): Promise<void> {
  const backend = createBackend(dbPath, { actor: '办公室小王' });
  try {
    const client = createClient((m, i) => backend.dispatch(m, i));
    // The sample plan's ledger (for a school's returned .zip), then the workbench's small ledger (opened first).
    const plan = await client.call('plan.parse', { text: fs.readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'work-plan-2020.txt'), 'utf8') });
    ids.plan = (await client.call('plan.createLedger', { name: '2020年重点工作台账', year: 2020, sections: plan.sections })).ledger.id;
    await client.call('units.add', { name: '和平小学', kind: 'school', aliases: [] });
    const { id: ledgerId } = await client.call('ledger.create', { name: '2020年督查台账', year: 2020 });
    const add = async (parentId: number | null, level: 'section' | 'task' | 'item', values: Record<string, string>) =>
      (await client.call('rows.add', { ledgerId, parentId, level, values, period: '2020-06' })).id;
    ids.s = await add(null, 'section', { code: '一', task: '优化教育资源布局' });
    ids.t = await add(ids.s, 'task', { code: '1', task: '加快学校建设，增加学位5190个', deadline: '年底前' });
    ids.c = await add(ids.t, 'item', { units: '和平小学', measures: '新建教学楼' });
    await client.call('cells.set', { rowId: ids.c, column: 'status', value: '推进中', period: '2020-06' });
  } finally {
    backend.close();
  }
}

/** Drops files (name + bytes) on a cell the way a file manager does: dragover, then drop with a DataTransfer. */
async function dropOn(selector: string, files: { name: string; bytes: Uint8Array; type: string }[]): Promise<void> {
  await page.evaluate(
    ({ selector, files }) => {
      const target = document.querySelector(selector)!;
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { selector, files: files.map((f) => ({ ...f, bytes: Array.from(f.bytes) as unknown as Uint8Array })) },
  );
}

// Under CI a missing Chromium fails the test instead of skipping it.
describe.runIf(chromiumAvailable() || process.env.CI === 'true')('佐证材料 in the workbench', () => {
  beforeAll(async () => {
    await seed(tmp.file('evidence.db'));
    ({ serve, page, close: closeApp } = await openAppPage(tmp.file('evidence.db')));
    await page.goto(serve.url);
    await rowCell(page, ids.c!, 'measures').waitFor();
  });

  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('attaches a photo dropped on a row, shows its badge and its thumbnail', async () => {
    expect(await rowCell(page, ids.c!, 'evidence').getByTestId('evidence-badge').count()).toBe(0);
    await dropOn(`.ag-row[row-id="${ids.c}"] [col-id="measures"]`, [{ name: '新教学楼竣工.jpg', bytes: fixture('photo.jpg'), type: 'image/jpeg' }]);
    await eventually(() => page.getByTestId('notice').textContent()).toContain('已添加 1 个佐证材料到 2020年6月');
    // The window-wide drop (plan/submission import) did not also take the photo.
    expect(await page.getByTestId('tab-workbench').getAttribute('aria-selected')).toBe('true');
    const badge = rowCell(page, ids.c!, 'evidence').getByTestId('evidence-badge');
    await eventually(() => badge.textContent()).toBe('1');
    const panel = page.getByTestId('evidence-panel');
    await eventually(() => panel.getByTestId('evidence-item').count()).toBe(1);
    expect(await panel.textContent()).toContain('新教学楼竣工.jpg');
    expect(await panel.textContent()).toContain('2020年6月（本月）');
    const thumb = panel.getByTestId('evidence-thumbnail');
    await thumb.waitFor({ timeout: 30_000 });
    // A real decoded PNG: 160×120 from the 320×240 photo.
    await eventually(() => thumb.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 160, 120]);
    await page.screenshot({ path: screenshotPath('evidence-thumbnail') });
    // Other rows have no badge.
    expect(await rowCell(page, ids.t!, 'evidence').getByTestId('evidence-badge').count()).toBe(0);
  });

  it('refuses a program dropped on a row with a Chinese message and attaches nothing', async () => {
    await dropOn(`.ag-row[row-id="${ids.t}"] [col-id="task"]`, [{ name: '照片.jpg', bytes: exeBytes(), type: 'image/jpeg' }]);
    await eventually(() => page.getByTestId('notice').textContent()).toContain('是可执行程序或脚本，不能作为佐证材料');
    expect(await rowCell(page, ids.t!, 'evidence').getByTestId('evidence-badge').count()).toBe(0);
  });

  it('removes a file from the panel and undoes the removal', async () => {
    await rowCell(page, ids.c!, 'evidence').getByTestId('evidence-badge').click();
    const panel = page.getByTestId('evidence-panel');
    await eventually(() => panel.getByTestId('evidence-item').count()).toBe(1);
    await panel.getByTestId('evidence-remove').click();
    await eventually(() => panel.getByTestId('evidence-item').count()).toBe(0);
    await eventually(() => rowCell(page, ids.c!, 'evidence').getByTestId('evidence-badge').count()).toBe(0);
    await panel.getByTestId('evidence-undo').getByRole('button', { name: '撤销' }).click();
    await eventually(() => panel.getByTestId('evidence-item').count()).toBe(1);
    await eventually(() => rowCell(page, ids.c!, 'evidence').getByTestId('evidence-badge').textContent()).toBe('1');
  });

  it('previews the photos a school’s .zip carries with its form, and attaches them when imported', async () => {
    const zip = tmp.file('和平小学6月报送.zip');
    fs.writeFileSync(
      zip,
      zipOf([
        { name: '和平小学-6月报送.xlsx', data: fs.readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', '和平小学-6月报送.xlsx')) },
        { name: '5-学位建设/教学楼竣工.jpg', data: fixture('photo.jpg') },
      ]),
    );
    await page.getByTestId('ledger-picker').selectOption(String(ids.plan));
    await page.getByTestId('tab-submissions').click();
    await page.getByTestId('submission-file-input').setInputFiles(zip);
    const box = page.getByTestId('submission-evidence');
    await eventually(() => box.getByTestId('submission-evidence-item').count()).toBe(1);
    const item = await box.getByTestId('submission-evidence-item').textContent();
    expect(item).toContain('教学楼竣工.jpg');
    expect(item).toContain('和平小学');
    expect(item).toContain('2020年6月');
    expect(item).toContain('按文件名中的任务编号 5');
    expect(await box.locator('summary').textContent()).toContain('导入时将添加 1 个');
    await page.screenshot({ path: screenshotPath('evidence-submission-preview') });

    await page.getByTestId('submission-apply').click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('已导入批次');
    // In the workbench the row the import added for 和平小学 under task 5 carries the photo.
    await page.getByTestId('tab-workbench').click();
    await page.getByTestId('filter-search').fill('和平小学新建项目');
    const badge = page.locator('.ag-row [col-id="evidence"]').getByTestId('evidence-badge');
    await eventually(() => badge.count()).toBe(1);
    await badge.click();
    await eventually(() => page.getByTestId('evidence-panel').textContent()).toContain('教学楼竣工.jpg');
    expect(await page.getByTestId('evidence-panel').textContent()).toContain('和平小学报送');
  });
});
