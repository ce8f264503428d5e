// Bulk assignment and splitting in the browser: select several rows → 指派… → the rows show the value
// (an alias already named is not appended, a pinyin composition lands in the field); 拆分到各责任单位 on a
// task adds one child row per responsible unit, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAppPage, type AppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { displayedRowIds, eventually, rowCell } from '../helpers/workbench.js';
import { seedWorkbenchLedger, type SeededLedger } from './workbench-seed.js';

const tmp = makeTempDir();
let app: AppPage;
let page: Page;
let seed: SeededLedger;

const rows = () => httpClient(app.serve).call('rows.list', { ledgerId: seed.ledgerId });
const stored = async (rowId: number, field: 'units' | 'leader' | 'deadline' | 'leadDept') => (await rows()).find((r) => r.id === rowId)!.values[field];

/** Types Chinese the way a pinyin IME does: a composition of latin letters, then the chosen words. */
async function typeWithIme(text: string, pinyin: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length });
  await cdp.send('Input.insertText', { text });
  await cdp.detach();
}

describe.runIf(chromiumAvailable())('bulk assignment and splitting', () => {
  beforeAll(async () => {
    seed = await seedWorkbenchLedger(tmp.file('assign.db'));
    app = await openAppPage(tmp.file('assign.db'));
    page = app.page;
    await page.goto(app.serve.url);
    await rowCell(page, seed.ids.t1, 'task').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it('assigns a unit to the selected rows (typed with a pinyin IME) and adds one only where it is not named', async () => {
    const { t2, t3, t4 } = seed.ids;
    await rowCell(page, t3, 'task').click();
    await rowCell(page, t4, 'task').click({ modifiers: ['Control'] });
    await page.getByTestId('open-assign').click();
    const dialog = page.getByTestId('assign-dialog');
    expect(await dialog.textContent()).toContain('已选 2 行');
    await dialog.getByTestId('assign-field-units').check();
    await dialog.getByTestId('assign-value').focus();
    await typeWithIme('汉都三幼', 'handusanyou');
    expect(await dialog.getByTestId('assign-value').inputValue()).toBe('汉都三幼');
    await page.screenshot({ path: screenshotPath('assign-dialog') });
    await dialog.getByTestId('assign-apply').click();
    await eventually(() => rowCell(page, t4, 'units').textContent()).toBe('汉都三幼');
    expect(await rowCell(page, t3, 'units').textContent()).toBe('汉都三幼');
    expect(await stored(t3, 'units')).toBe('汉都三幼');
    expect(await page.getByTestId('notice').textContent()).toContain('2 行已修改');

    // 追加 汉都第三幼儿园 and 东元中学 to t2 (names the kindergarten already) and t3 (names it by its alias).
    await rowCell(page, t2, 'task').click();
    await rowCell(page, t3, 'task').click({ modifiers: ['Control'] });
    await page.getByTestId('open-assign').click();
    await dialog.getByTestId('assign-field-units').check();
    await dialog.getByTestId('assign-value').fill('汉都第三幼儿园、东元中学');
    await dialog.getByTestId('assign-mode-add').check();
    await page.keyboard.press('Enter');
    await eventually(() => rowCell(page, t3, 'units').textContent()).toBe('汉都三幼、东元中学');
    expect(await rowCell(page, t2, 'units').textContent()).toBe('汉都第三幼儿园、东元中学');
    expect(await dialog.count()).toBe(0);
    expect(await page.getByTestId('notice').textContent()).toContain('2 行已修改');
  });

  it('fills blank deadlines only when adding, and says why a deadline it cannot read is refused', async () => {
    const { t1, i1 } = seed.ids;
    const fresh = (await httpClient(app.serve).call('rows.add', { ledgerId: seed.ledgerId, parentId: t1, level: 'item', values: { measures: '新增措施' } })).id;
    await page.reload();
    await rowCell(page, fresh, 'measures').waitFor();
    await rowCell(page, i1, 'measures').click();
    await rowCell(page, fresh, 'measures').click({ modifiers: ['Shift'] });
    await page.getByTestId('open-assign').click();
    const dialog = page.getByTestId('assign-dialog');
    await dialog.getByTestId('assign-field-deadline').check();
    await dialog.getByTestId('assign-value').fill('下个月吧');
    await dialog.getByTestId('assign-apply').click();
    await eventually(() => dialog.getByTestId('assign-error').textContent()).toContain('下个月吧');
    await dialog.getByTestId('assign-value').fill('9月底前');
    await dialog.getByTestId('assign-mode-add').check();
    await dialog.getByTestId('assign-apply').click();
    await eventually(() => rowCell(page, fresh, 'deadline').textContent()).toBe('9月底前');
    // i1 and i2 (between them) had deadlines: kept.
    expect(await stored(i1, 'deadline')).toBe('6月底前');
    expect(await stored(seed.ids.i2, 'deadline')).toBe('年底前');
    expect(await page.getByTestId('notice').textContent()).toMatch(/1 行已修改，2 行无需改动/);
  });

  it('splits a task to its responsible units: one child row per unit, none for units that have one', async () => {
    const { t1, t3, i1, i2 } = seed.ids;
    // t1 names 和平小学、东元中学 (each with a child row); add a third unit, by its alias.
    await rowCell(page, t1, 'task').click();
    await page.getByTestId('open-assign').click();
    await page.getByTestId('assign-field-units').check();
    await page.getByTestId('assign-value').fill('汉都三幼');
    await page.getByTestId('assign-mode-add').check();
    await page.getByTestId('assign-apply').click();
    await eventually(() => rowCell(page, t1, 'units').textContent()).toBe('和平小学、东元中学、汉都三幼');

    const before = new Set((await rows()).map((r) => r.id));
    await rowCell(page, t1, 'task').click();
    await page.getByTestId('split-row').click();
    await eventually(async () => (await rows()).length).toBe(before.size + 1);
    const added = (await rows()).filter((r) => !before.has(r.id));
    expect(added.map((r) => [r.parentId, r.level, r.values.units])).toEqual([[t1, 'item', '汉都第三幼儿园']]);
    await eventually(() => rowCell(page, added[0]!.id, 'units').textContent()).toBe('汉都第三幼儿园');
    const order = await displayedRowIds(page);
    expect(order.indexOf(added[0]!.id)).toBeGreaterThan(order.indexOf(i2));
    expect(order.indexOf(i1)).toBeGreaterThan(order.indexOf(t1));
    expect(await page.getByTestId('notice').textContent()).toContain('为 1 个责任单位各添加一行');

    // Again: nothing new.
    await rowCell(page, t1, 'task').click();
    await page.getByTestId('split-row').click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('都已有下级行');
    expect((await rows()).length).toBe(before.size + 1);

    // t3 (人事科 leads; 汉都三幼、东元中学 responsible) gets two child rows.
    await rowCell(page, t3, 'task').click();
    await page.getByTestId('split-row').click();
    await eventually(async () => (await rows()).filter((r) => r.parentId === t3).map((r) => r.values.units)).toEqual(['汉都第三幼儿园', '东元中学']);
    const kids = (await rows()).filter((r) => r.parentId === t3);
    await eventually(() => rowCell(page, kids[1]!.id, 'units').textContent()).toBe('东元中学');
    await page.screenshot({ path: screenshotPath('split-to-units') });

    // A section row cannot be split: the button is off there.
    await rowCell(page, seed.ids.s2, 'code').click();
    expect(await page.getByTestId('split-row').isDisabled()).toBe(true);
  });
});
