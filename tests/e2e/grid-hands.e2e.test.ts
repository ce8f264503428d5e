// The grid in hands used to Excel/WPS, in real Chromium against the real backend: typing into a
// selected cell through a pinyin IME (CDP Input.imeSetComposition + Input.insertText) or as plain
// Chinese characters opens the editor with exactly the committed text; shift+arrows and a mouse drag
// select a rectangle that Ctrl+C copies as TSV, Ctrl+V pastes into and Delete clears; a paste that
// overwrites more than a screenful (or runs from measure rows onto task rows) asks first in the app's
// own dialog, counts the cells it really writes, and one Ctrl+Z undoes it (logged as 撤销).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { createBackend } from '../../electron/backend/backend.js';
import { createClient } from '#shared/client.js';
import { chromiumAvailable, launchBrowser, screenshotPath } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import { startServe, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually, rowCell, showColumn } from '../helpers/workbench.js';

const tmp = makeTempDir();
let serve: ServeProcess;
let browser: { browser: Browser; close(): Promise<void> };
let page: Page;
let cdp: CDPSession;
let ledgerId: number;
const ids: Record<string, number> = {};
const ITEMS = 60;
const LONG_MEASURE = Array.from({ length: 16 }, (_, i) => `第${i + 1}项：统筹推进学校新建改扩建项目，按月调度工程进度，确保秋季开学如期投入使用。`).join('\n');
const LONG_TASK = `加快学校建设，${'新建、改扩建中小学和幼儿园，增加学位5190个，'.repeat(4)}缓解入学压力`;
const LONG_EVIDENCE = '佐证材料：'.concat('会议纪要、现场照片、工程进度月报；'.repeat(10));
let evidenceKey = '';

async function seed(dbPath: string): Promise<void> {
  const backend = createBackend(dbPath, { actor: '办公室小王' });
  try {
    const client = createClient((m, i) => backend.dispatch(m, i));
    const ledger = await client.call('ledger.create', { name: '2020年重点工作台账', year: 2020 });
    ledgerId = ledger.id;
    const add = async (parentId: number | null, level: 'section' | 'task' | 'item', values: Record<string, string>) =>
      (await client.call('rows.add', { ledgerId, parentId, level, values })).id;
    ids.s1 = await add(null, 'section', { code: '一', task: '优化教育资源布局' });
    ids.t1 = await add(ids.s1, 'task', { code: '1', task: LONG_TASK, leader: '张局长', leadDept: '规划建设科', remarks: '原备注' });
    for (let k = 1; k <= ITEMS; k++) {
      const measures = k === 7 ? LONG_MEASURE : `措施${k}`;
      ids[`i${k}`] = await add(ids.t1, 'item', { measures, leader: `领导${k}`, leadDept: `科室${k}`, units: `单位${k}`, target: `${k}个` });
    }
    // A clerk's own long-text column.
    const evidence = await client.call('columns.add', { ledgerId, label: '佐证材料', type: 'longText', perPeriod: false });
    evidenceKey = evidence.key;
    await client.call('cells.set', { rowId: ids.i7, column: evidence.key, value: LONG_EVIDENCE });
    ids.t2 = await add(ids.s1, 'task', { code: '2', task: '推进学前教育', leader: '李副局长', leadDept: '学前教育科', units: '汉都第三幼儿园', target: '80%' });
  } finally {
    backend.close();
  }
}

/** Waits until the type-to-edit catcher has the keyboard focus (it takes it over from a clicked cell). */
async function catcherFocused(): Promise<void> {
  await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).toBe('grid-type-catcher');
}

async function rowsNow() {
  return httpClient(serve).call('rows.list', { ledgerId });
}
async function stored(rowId: number, field: string): Promise<string> {
  const row = (await rowsNow()).find((r) => r.id === rowId)!;
  return (row.values as Record<string, string>)[field] ?? '';
}

describe.runIf(chromiumAvailable() || process.env.CI === 'true')('the grid in Excel hands', () => {
  beforeAll(async () => {
    await seed(tmp.file('hands.db'));
    serve = await startServe(tmp.file('hands.db'));
    browser = await launchBrowser();
    const context = await browser.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await page.goto(serve.url);
    await rowCell(page, ids.t1!, 'task').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    tmp.cleanup();
  });

  it('starts editing a selected cell with the text a pinyin IME commits, exactly once', async () => {
    const { t1 } = ids;
    await rowCell(page, t1!, 'leader').click();
    // The IME composes z → zh → zhong → zhongwen, then commits 中文.
    for (const text of ['z', 'zh', 'zhong', 'zhongw', 'zhongwen']) {
      await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    }
    await cdp.send('Input.insertText', { text: '中文' });
    const editor = page.locator('.ag-cell-inline-editing input');
    await eventually(() => editor.inputValue()).toBe('中文');
    // Typing on continues in the editor (a second composition).
    await cdp.send('Input.imeSetComposition', { text: 'ju', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '局' });
    await eventually(() => editor.inputValue()).toBe('中文局');
    await page.keyboard.press('Enter');
    await eventually(() => stored(t1!, 'leader')).toBe('中文局');
    expect(await rowCell(page, t1!, 'leader').textContent()).toBe('中文局');

    // A long-text cell (its editor is a popup) and a plain text cell take the composition the same way.
    await showColumn(page, 'remarks');
    await rowCell(page, t1!, 'remarks').click();
    await catcherFocused();
    await cdp.send('Input.imeSetComposition', { text: 'beizhu', selectionStart: 6, selectionEnd: 6 });
    await cdp.send('Input.insertText', { text: '备注' });
    await eventually(() => page.locator('.ag-cell-inline-editing input').inputValue()).toBe('备注');
    await page.keyboard.press('Enter');
    await eventually(() => stored(t1!, 'remarks')).toBe('备注');

    await showColumn(page, 'measures');
    await rowCell(page, ids.i1!, 'measures').click();
    await catcherFocused();
    await cdp.send('Input.imeSetComposition', { text: 'xinjian', selectionStart: 7, selectionEnd: 7 });
    await cdp.send('Input.insertText', { text: '新建' });
    await eventually(() => page.locator('.ag-popup-editor textarea').inputValue()).toBe('新建');
    await page.keyboard.press('Tab');
    await eventually(() => stored(ids.i1!, 'measures')).toBe('新建');
  });

  it('starts editing with plain typed Chinese characters and ASCII keys, no letter lost or doubled', async () => {
    const { t1, i2 } = ids;
    await showColumn(page, 'leader');
    await rowCell(page, t1!, 'leader').click();
    // The catcher takes the focus from the clicked cell in a task after the click (use-type-to-edit.ts);
    // a hand types later than that, Playwright may not: keys sent before would reach the cell, not the catcher.
    await catcherFocused();
    await page.keyboard.type('赵局长');
    await page.keyboard.press('Enter');
    await eventually(() => stored(t1!, 'leader')).toBe('赵局长');

    await rowCell(page, i2!, 'leadDept').click();
    await catcherFocused();
    await page.keyboard.type('ab科');
    await page.keyboard.press('Enter');
    await eventually(() => stored(i2!, 'leadDept')).toBe('ab科');
  });

  it('keeps type-to-edit after a page-down: the catcher has the focus back before the new page is drawn', async () => {
    await showColumn(page, 'leader');
    await rowCell(page, ids.i1!, 'leader').click();
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).toBe('grid-type-catcher');
    // Taken back in the key's own task: later it would force the new page's style and layout once more.
    // Listening before the key is pressed (awaited: an evaluate left running may install its listener after
    // the key, and then waits forever), read after.
    await page.evaluate(() => {
      (window as unknown as { __focusAtFrame: Promise<string | null> }).__focusAtFrame = new Promise<string | null>((resolve) =>
        document.addEventListener('keydown', () => requestAnimationFrame(() => resolve(document.activeElement?.getAttribute('data-testid') ?? null)), { once: true, capture: true }),
      );
    });
    await page.keyboard.press('PageDown');
    expect(await page.evaluate(() => (window as unknown as { __focusAtFrame: Promise<string | null> }).__focusAtFrame)).toBe('grid-type-catcher');
    const focusedRow = () => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('[row-id]')?.getAttribute('row-id') ?? null);
    await eventually(focusedRow).not.toBe(String(ids.i1));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).toBe('grid-type-catcher');
    const rowId = Number(await focusedRow());
    expect(await page.evaluate(() => document.querySelector('.ag-cell-focus')?.getAttribute('col-id'))).toBe('leader');
    await cdp.send('Input.imeSetComposition', { text: 'wang', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.insertText', { text: '王' });
    await eventually(() => page.locator('.ag-cell-inline-editing input').inputValue()).toBe('王');
    await page.keyboard.press('Enter');
    await eventually(() => stored(rowId, 'leader')).toBe('王');
    // PageUp, handed on the same way, goes a page back up (from the row below, where Enter moved). Page keys
    // within 100 ms of the last are dropped, as AG Grid does (PAGE_KEY_THROTTLE_MS): a hand is slower than
    // the IME, Enter and save above, Playwright may not be.
    await new Promise((resolve) => setTimeout(resolve, 150));
    await page.keyboard.press('PageUp');
    await eventually(focusedRow).toBe(String(ids.i2));
  });

  it('ends an edit on Enter focusing only the cell below, the catcher taking over in the same task: an IME composition right after lands there', async () => {
    const { i8, i9, i10 } = ids;
    await showColumn(page, 'leadDept');
    const active = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    const focusedRow = () => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('[row-id]')?.getAttribute('row-id') ?? null);
    await rowCell(page, i8!, 'leadDept').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('教育科');
    // In the Enter's own task: the rows whose cells took the browser focus (AG Grid's own Enter ends the
    // edit, then focuses the edited cell and the one below, each forcing the changed grid's style, before
    // the catcher takes the focus back: here only the cell below, before the edit ends), and who has the
    // focus once that task is done.
    // And whether the edit was still open when the catcher took the focus: focused after the edit's end,
    // it forced the style and layout that end changed, in the Enter's task.
    type AfterEnter = { cellFocuses: (string | null)[]; after: string | null; editOpenAtHandOver: boolean[] };
    // Listening before the key is pressed (awaited), read after.
    await page.evaluate(() => {
      (window as unknown as { __afterEnter: Promise<AfterEnter> }).__afterEnter = new Promise<AfterEnter>((resolve) => {
        const cellFocuses: (string | null)[] = [];
        const editOpenAtHandOver: boolean[] = [];
        const count = (e: FocusEvent) => {
          const t = e.target as HTMLElement;
          if (t.matches('[data-testid="grid-type-catcher"]')) editOpenAtHandOver.push(!!document.querySelector('.ag-cell-inline-editing'));
          if (t.closest('.ag-cell') && !t.matches('input, textarea')) cellFocuses.push(t.closest('[row-id]')?.getAttribute('row-id') ?? null);
        };
        document.addEventListener(
          'keydown',
          () => {
            document.addEventListener('focusin', count, true);
            setTimeout(() => {
              document.removeEventListener('focusin', count, true);
              const active = document.activeElement as HTMLElement | null;
              // The composition sent right after the key may be handled before this timer: then the catcher
              // has already handed it to the editor it opened in the cell below.
              const editorRow = active?.closest('.ag-cell-inline-editing')?.closest('[row-id]')?.getAttribute('row-id');
              resolve({ cellFocuses, editOpenAtHandOver, after: editorRow ? `editor of row ${editorRow}` : (active?.getAttribute('data-testid') ?? null) });
            }, 0);
          },
          { once: true, capture: true },
        );
      });
    });
    await page.keyboard.press('Enter');
    // At once, not waiting for anything: the composition goes to the cell below.
    await cdp.send('Input.imeSetComposition', { text: 'ke', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '科' });
    const afterEnter = await page.evaluate(() => (window as unknown as { __afterEnter: Promise<AfterEnter> }).__afterEnter);
    expect(afterEnter.cellFocuses).toEqual([String(i9)]);
    expect(afterEnter.editOpenAtHandOver).toEqual([true]);
    expect(['grid-type-catcher', `editor of row ${i9}`]).toContain(afterEnter.after);
    await eventually(() => page.locator('.ag-cell-inline-editing input').inputValue()).toBe('科');
    expect(await focusedRow()).toBe(String(i9));
    await page.keyboard.type('室');
    await page.keyboard.press('Enter');
    await eventually(() => stored(i9!, 'leadDept')).toBe('科室');
    expect(await stored(i8!, 'leadDept')).toBe('教育科');
    await eventually(focusedRow).toBe(String(i10));
    expect(await rowCell(page, i8!, 'leadDept').textContent()).toBe('教育科');
    expect(await active()).toBe('grid-type-catcher');

    // Shift+Enter ends it moving up; typing then starts editing that cell.
    await page.keyboard.type('x');
    await eventually(() => page.locator('.ag-cell-inline-editing input').inputValue()).toBe('x');
    await page.keyboard.press('Shift+Enter');
    await eventually(() => stored(i10!, 'leadDept')).toBe('x');
    await eventually(focusedRow).toBe(String(i9));
    expect(await active()).toBe('grid-type-catcher');

    // Enter on the last row (no row below): the edit ends and is saved there, the catcher has the focus.
    await page.keyboard.press('Control+ArrowDown');
    await eventually(focusedRow).toBe(String(ids.t2));
    await page.keyboard.type('y');
    await eventually(() => page.locator('.ag-cell-inline-editing input').inputValue()).toBe('y');
    await page.keyboard.press('Enter');
    await eventually(() => stored(ids.t2!, 'leadDept')).toBe('y');
    expect(await page.locator('.ag-cell-inline-editing').count()).toBe(0);
    expect(await focusedRow()).toBe(String(ids.t2));
    await eventually(active).toBe('grid-type-catcher');
    // Back to the top, where the next tests click.
    await page.keyboard.press('Control+ArrowUp');
    await eventually(focusedRow).toBe(String(ids.s1));
  }, 60_000);

  it('selects a rectangle with shift+arrows and a mouse drag; copies it as TSV, pastes into it and clears it', async () => {
    const { i3, i4, i5, i6 } = ids;
    // The last test left the grid scrolled to 牵头科室: a click while the grid draws the columns scrolled
    // into view could land on the neighbouring cell.
    await showColumn(page, 'leader');
    await rowCell(page, i3!, 'leader').click();
    // Keys sent before the catcher has the focus would reach AG Grid's cell, which moves instead of selecting.
    await catcherFocused();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await eventually(() => page.locator('.ag-cell.cell-in-range').count()).toBe(4);
    await page.screenshot({ path: screenshotPath('grid-rectangle') });
    await page.keyboard.press('Control+C');
    await eventually(() => page.evaluate(() => navigator.clipboard.readText())).toBe('领导3\t科室3\r\n领导4\t科室4');
    expect(await page.getByTestId('notice').textContent()).toContain('已复制 2 行 × 2 列');

    // Pasting the block at another cell writes it from there (责任领导 → 牵头科室 → 责任单位).
    await rowCell(page, i5!, 'leadDept').click();
    await catcherFocused();
    await page.keyboard.press('Control+V');
    await eventually(() => stored(i6!, 'units')).toBe('科室4');
    expect(await stored(i5!, 'leadDept')).toBe('领导3');
    expect(await stored(i5!, 'units')).toBe('科室3');
    expect(await stored(i6!, 'leadDept')).toBe('领导4');
    expect(await stored(i6!, 'leader')).toBe('领导6');

    // One value pasted onto a dragged rectangle fills it.
    await page.evaluate(() => navigator.clipboard.writeText('统一值'));
    await rowCell(page, i3!, 'leader').hover();
    await page.mouse.down();
    await rowCell(page, i4!, 'leadDept').hover();
    await page.mouse.up();
    await eventually(() => page.locator('.ag-cell.cell-in-range').count()).toBe(4);
    await page.keyboard.press('Control+V');
    await eventually(() => stored(i4!, 'leadDept')).toBe('统一值');
    expect([await stored(i3!, 'leader'), await stored(i3!, 'leadDept'), await stored(i4!, 'leader')]).toEqual(['统一值', '统一值', '统一值']);

    // Delete clears the rectangle; one Ctrl+Z brings all four back.
    await page.keyboard.press('Delete');
    await eventually(() => stored(i4!, 'leadDept')).toBe('');
    expect([await stored(i3!, 'leader'), await stored(i3!, 'leadDept'), await stored(i4!, 'leader')]).toEqual(['', '', '']);
    await page.keyboard.press('Control+Z');
    await eventually(() => stored(i3!, 'leader')).toBe('统一值');
    expect(await stored(i4!, 'leadDept')).toBe('统一值');

    // Plain arrows end the rectangle.
    await page.keyboard.press('ArrowDown');
    await eventually(() => page.locator('.ag-cell.cell-in-range').count()).toBe(0);
  });

  it('asks before a paste that overwrites more than a screenful, counts what it writes, and undoes it in one Ctrl+Z', async () => {
    // 100 rows × 4 columns from Excel onto the first measure row: the ledger has 60 measure rows and one
    // task below them, so 61 rows × 4 = 244 cells are written (the old notice said 400 cells).
    const block = Array.from({ length: 100 }, (_, r) => ['新领导', '新科室', `新单位${r + 1}`, `${(r % 12) + 1}月底前`].join('\t')).join('\r\n');
    const before = await rowsNow();
    const byId = new Map(before.map((r) => [r.id, r]));
    const written = (() => {
      let n = 0;
      const targets = [...Array.from({ length: ITEMS }, (_, k) => ids[`i${k + 1}`]!), ids.t2!];
      targets.forEach((id, r) => {
        const v = byId.get(id)!.values;
        const next = ['新领导', '新科室', `新单位${r + 1}`, `${(r % 12) + 1}月底前`];
        (['leader', 'leadDept', 'units', 'deadline'] as const).forEach((f, c) => (n += v[f] === next[c] ? 0 : 1));
      });
      return n;
    })();
    expect(written).toBe(244);

    await page.evaluate((t) => navigator.clipboard.writeText(t), block);
    await rowCell(page, ids.i1!, 'leader').click();
    await catcherFocused();
    await page.keyboard.press('Control+V');
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    const message = (await dialog.getByTestId('confirm-message').textContent()) ?? '';
    expect(message).toContain(`写入 ${written} 个单元格`);
    expect(message).toContain('1 个章节或任务行');
    await page.screenshot({ path: screenshotPath('grid-big-paste-question') });
    // 取消 writes nothing.
    await dialog.getByTestId('confirm-cancel').click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('已取消粘贴');
    expect(await stored(ids.i1!, 'leader')).toBe('领导1');

    await rowCell(page, ids.i1!, 'leader').click();
    await catcherFocused();
    await page.keyboard.press('Control+V');
    await dialog.getByTestId('confirm-ok').click();
    await eventually(() => page.getByTestId('notice').textContent(), { timeout: 60_000 }).toContain(`已粘贴 ${written} 个单元格`);
    expect(await stored(ids.i60!, 'units')).toBe('新单位60');
    expect(await stored(ids.t2!, 'units')).toBe('新单位61');

    // One Ctrl+Z restores every cell, and the log says it was an undo of that paste.
    await rowCell(page, ids.i1!, 'leader').click();
    await catcherFocused();
    await page.keyboard.press('Control+Z');
    await eventually(() => stored(ids.i1!, 'leader'), { timeout: 60_000 }).toBe('领导1');
    const after = await rowsNow();
    for (const r of after) expect(r.values).toEqual(byId.get(r.id)!.values);
    const history = await httpClient(serve).call('rows.history', { rowId: ids.i30! });
    const undone = history.find((e) => e.source.startsWith('撤销') && e.field === 'units');
    expect(undone?.source).toBe(`撤销：粘贴 ${written} 个单元格`);
    expect(undone?.oldValue).toBe('新单位30');
  }, 120_000);

  it('asks before a small paste that runs from measure rows onto a task row', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('甲\r\n乙'));
    // The last measure row is below the first screen: Ctrl+↓ goes to the last row (task 2), ↑ to it.
    await showColumn(page, 'remarks');
    await rowCell(page, ids.i1!, 'remarks').click();
    await catcherFocused();
    await page.keyboard.press('Control+ArrowDown');
    await page.keyboard.press('ArrowUp');
    await eventually(() => rowCell(page, ids.i60!, 'remarks').getAttribute('class')).toContain('ag-cell-focus');
    await page.keyboard.press('Control+V');
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('confirm-message').textContent()).toContain('写到 1 个章节或任务行上');
    await page.keyboard.press('Escape');
    await eventually(() => dialog.count()).toBe(0);
    expect(await stored(ids.t2!, 'remarks')).toBe('');
  });

  it('shows a long text in full on hover, and every long-text column in full in the 换行 view', async () => {
    // A fresh page: the test before ends at the grid's bottom right (its Ctrl+↓). Scrolling back with the
    // wheel and then sideways left 具体措施 undrawn in one CI run (07:45 on 2 Dec, after the createGrid
    // change), though not in the grid engineer's runs: a real oddity after Ctrl+↓, still open (issue 16 note).
    await page.reload();
    await rowCell(page, ids.t1!, 'task').waitFor();
    await showColumn(page, 'measures');
    const measure = rowCell(page, ids.i7!, 'measures');
    await measure.waitFor();
    await measure.hover();
    const tooltip = page.locator('.ag-tooltip');
    await eventually(() => tooltip.count()).toBe(1);
    expect(await tooltip.textContent()).toBe(LONG_MEASURE);
    await page.mouse.move(5, 5);
    // Gone before the screenshot below (it fades out over the other columns).
    await eventually(() => tooltip.count()).toBe(0);

    await page.getByTestId('toggle-wrap').click();
    // Each long-text cell — 工作任务 (pinned), 具体措施 and the custom 佐证材料 — is as tall as its text.
    for (const [rowId, col] of [[ids.t1!, 'task'], [ids.i7!, 'measures'], [ids.i7!, evidenceKey]] as const) {
      const cell = rowCell(page, rowId, col);
      await eventually(() => cell.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
      expect(await cell.evaluate((el) => el.getBoundingClientRect().height), col).toBeGreaterThan(40);
    }
    expect(((await rowCell(page, ids.i7!, 'measures').innerText()) ?? '').replace(/\s+/g, '')).toBe(LONG_MEASURE.replace(/\s+/g, ''));
    await page.screenshot({ path: screenshotPath('grid-wrap-long-text') });
    await page.getByTestId('toggle-wrap').click();

    // Paging with the keyboard, the pointer resting on the grid: the long texts coming under it show no tooltip.
    await rowCell(page, ids.i7!, 'measures').click();
    await catcherFocused();
    await page.keyboard.press('PageDown');
    await eventually(() => rowCell(page, ids.i7!, 'measures').getAttribute('class')).not.toContain('ag-cell-focus');
    await page.waitForTimeout(1500);
    expect(await tooltip.count()).toBe(0);
    // Moved onto another long text, the pointer shows its tooltip again.
    await rowCell(page, ids.i30!, 'measures').hover();
    await eventually(() => tooltip.count()).toBe(1);
  });
});
