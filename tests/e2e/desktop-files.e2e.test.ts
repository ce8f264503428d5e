// The real renderer in Chromium as the desktop shell runs it: `window.taizhang` is the preload's
// bridge, wired to the real IPC hosts (the contract and the file dialogs) of a real backend, with a
// fake Electron `dialog` as the only mock. Saving an export or the forms, a report document, and
// 选择文件… go to the native dialogs (no file input, no download); files dropped on the window import.
import { OPEN_KINDS } from '#shared/host-files.js';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { IPC_CHANNEL, OPEN_FILES_CHANNEL, SAVE_FILE_CHANNEL, SAVE_FILES_CHANNEL } from '#shared/client.js';
import { decodeWire, encodeWire } from '#shared/wire.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { readPlanText } from '../../electron/backend/plan/plan-text.js';
import { serveFileDialogsOnIpc, type DialogLike } from '../../electron/main/file-dialogs.js';
import { serveContractOnIpc, type IpcEventLike, type IpcMainLike } from '../../electron/main/ipc-host.js';
import { ensureRendererBuilt } from '../../electron/web-host/renderer-build.js';
import { startWebHost, type WebHost } from '../../electron/web-host/server.js';
import { chromiumAvailable, launchBrowser, screenshotPath } from '../helpers/browser.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually } from '../helpers/workbench.js';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures');
const SUBMISSIONS = ['和平小学-6月报送.xlsx', '东元中学-6月报送.xlsx', '汉都三幼-6月报送.xlsx'].map((n) => path.join(FIXTURES, 'submissions', n));
const RENDERER_URL_PREFIX = 'http://127.0.0.1';

type Answer = { canceled: boolean; path?: string; paths?: string[] };
const tmp = makeTempDir();
const answers: Answer[] = [];
const dialogCalls: { kind: string; options: SaveDialogOptions | OpenDialogOptions }[] = [];
const dialog: DialogLike<'main-window'> = {
  async showSaveDialog(_w, options) {
    dialogCalls.push({ kind: 'save', options });
    const a = answers.shift() ?? { canceled: true };
    return { canceled: a.canceled, filePath: a.path ?? '' };
  },
  async showOpenDialog(_w, options) {
    dialogCalls.push({ kind: 'open', options });
    const a = answers.shift() ?? { canceled: true };
    return { canceled: a.canceled, filePaths: a.paths ?? [] };
  },
  async showMessageBox() {
    return { response: 0, checkboxChecked: false };
  },
};

let backend: Backend;
let web: WebHost;
let page: Page;
let closeBrowser: (() => Promise<void>) | undefined;

async function seed(): Promise<void> {
  const must = async <T,>(method: string, input: unknown): Promise<T> => {
    const r = await backend.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  const plan = await must<{ year: number; sections: { tasks: { units: string[] }[] }[] }>('plan.parse', {
    text: fs.readFileSync(path.join(FIXTURES, 'work-plan-2020.txt'), 'utf8'),
  });
  plan.sections[0]!.tasks[0]!.units = ['和平小学'];
  plan.sections[1]!.tasks[0]!.units = ['东元中学'];
  await must('plan.createLedger', { name: '2020年工作要点台账', year: plan.year, sections: plan.sections });
  for (const [name, kind] of [['和平小学', 'school'], ['东元中学', 'school'], ['汉都三幼', 'kindergarten']] as const) {
    await must('units.add', { name, kind, aliases: [] });
  }
}

/** What the preload exposes, over a page binding instead of ipcRenderer (bytes as the wire's base64). */
const BRIDGE_SCRIPT = `(() => {
  const toB64 = (b) => { let s = ''; for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000)); return btoa(s); };
  const fromB64 = (t) => { const s = atob(t); const b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return b; };
  const enc = (v) => JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? { $bytes: toB64(x) } : x));
  const dec = (t) => JSON.parse(t, (_k, x) => (x && typeof x === 'object' && typeof x.$bytes === 'string' ? fromB64(x.$bytes) : x));
  const ipc = (channel, ...args) => window.__ipcInvoke(channel, enc(args)).then(dec);
  window.taizhang = {
    platform: 'win32',
    invoke: (method, input) => ipc(${JSON.stringify(IPC_CHANNEL)}, method, input),
    files: {
      save: (r) => ipc(${JSON.stringify(SAVE_FILE_CHANNEL)}, r),
      saveToFolder: (r) => ipc(${JSON.stringify(SAVE_FILES_CHANNEL)}, r),
      open: (r) => ipc(${JSON.stringify(OPEN_FILES_CHANNEL)}, r),
    },
  };
})();`;

async function readXlsxText(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
  return wb.worksheets.flatMap((ws) => ws.getSheetValues().flatMap((r) => (Array.isArray(r) ? r.map((v) => String(v ?? '')) : []))).join(' ');
}

// Under CI a missing Chromium fails (launchBrowser throws) instead of skipping.
describe.runIf(chromiumAvailable() || !!process.env.CI)('the renderer in the desktop shell: native file dialogs', () => {
  beforeAll(async () => {
    backend = createBackend(tmp.file('desktop-e2e.db'), { actor: 'e2e' });
    await seed();
    web = await startWebHost({ dispatch: backend.dispatch, staticDir: await ensureRendererBuilt() });
    const rendererUrl = `${RENDERER_URL_PREFIX}:${web.port}/`;
    const ipc = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
    const ipcMain: IpcMainLike = { handle: (c, l) => void ipc.set(c, l), removeHandler: (c) => void ipc.delete(c) };
    const trusted = { webContentsId: () => 1, rendererUrl };
    serveContractOnIpc(ipcMain, backend.dispatch, trusted);
    serveFileDialogsOnIpc(ipcMain, { dialog, window: () => 'main-window', trusted, defaultFolder: () => tmp.dir });

    const browser = await launchBrowser();
    closeBrowser = browser.close;
    // No downloads allowed: a save that fell back to a download would fail the test.
    page = await browser.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: false });
    await page.exposeFunction('__ipcInvoke', async (channel: string, args: string) => {
      const event: IpcEventLike = { sender: { id: 1 }, senderFrame: { url: rendererUrl } };
      return encodeWire(await ipc.get(channel)!(event, ...(decodeWire(args) as unknown[])));
    });
    await page.addInitScript(BRIDGE_SCRIPT);
    await page.goto(rendererUrl);
    await page.getByTestId('ledger-picker').locator('option', { hasText: '2020年工作要点台账' }).waitFor({ state: 'attached' });
  }, 240_000);

  afterAll(async () => {
    await closeBrowser?.();
    await web?.close();
    backend?.close();
    tmp.cleanup();
  });

  it('saves the ledger export and the per-unit forms through the native dialogs', async () => {
    await page.getByTestId('tab-templates').click();
    // In the desktop shell 添加模板… opens the native dialog: there is no file input on the page.
    expect(await page.locator('input[type="file"]').count()).toBe(0);

    const target = tmp.file('导出/六月台账.xlsx');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    answers.push({ canceled: false, path: target });
    await page.getByTestId('export-ledger').click();
    await eventually(() => page.getByTestId('export-summary').textContent()).toContain(`（保存在 ${target}）`);
    expect(dialogCalls.at(-1)).toMatchObject({ kind: 'save', options: { filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] } });
    expect(await readXlsxText(target)).toContain('切实保障学位需求');

    answers.push({ canceled: true });
    await page.getByTestId('export-ledger').click();
    await eventually(() => page.getByTestId('export-summary').textContent()).toBe('已取消保存，没有写入文件。');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['六月台账.xlsx']);

    const forms = tmp.file('报送表');
    fs.mkdirSync(forms);
    answers.push({ canceled: false, paths: [forms] });
    await page.getByTestId('export-forms').click();
    await eventually(() => page.getByTestId('export-summary').textContent()).toContain(`（保存在 ${forms}）`);
    expect((dialogCalls.at(-1)!.options as OpenDialogOptions).properties).toContain('openDirectory');
    const written = fs.readdirSync(forms).sort();
    expect(written).toEqual(['东元中学-报送表.xlsx', '和平小学-报送表.xlsx']);
    expect(await readXlsxText(path.join(forms, '和平小学-报送表.xlsx'))).toContain('和平小学');
    await page.screenshot({ path: screenshotPath('desktop-forms-saved') });
  });

  it('picks submissions in the native open dialog and imports them', async () => {
    await page.getByTestId('tab-submissions').click();
    answers.push({ canceled: false, paths: SUBMISSIONS });
    await page.getByTestId('submission-pick').click();
    await eventually(() => page.getByTestId('submission-file-card').count()).toBe(3);
    const options = dialogCalls.at(-1)!.options as OpenDialogOptions;
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    expect(options.filters![0]!.name).toBe(OPEN_KINDS.submissions.filterName);
    await eventually(() => page.getByTestId('submission-totals').textContent()).toContain('3 个文件将导入');
    await page.getByTestId('submission-discard').click();
  });

  it('imports several forms dropped on another page, all of them', async () => {
    await page.getByTestId('tab-workbench').click();
    const files = SUBMISSIONS.slice(0, 2).map((p) => ({ name: path.basename(p), bytes: [...fs.readFileSync(p)] }));
    await page.evaluate((list) => {
      const data = new DataTransfer();
      for (const f of list) data.items.add(new File([new Uint8Array(f.bytes)], f.name));
      document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, files);
    await eventually(() => page.getByTestId('tab-submissions').getAttribute('aria-selected')).toBe('true');
    await eventually(() => page.getByTestId('submission-file-card').count()).toBe(2);
    await page.getByTestId('submission-discard').click();
  });

  it('saves a report document through the save dialog', async () => {
    await page.getByTestId('tab-dashboard').click();
    await page.getByTestId('report-docx').waitFor();
    const target = tmp.file('通报.docx');
    answers.push({ canceled: false, path: target });
    await page.getByTestId('report-docx').click();
    await eventually(() => page.getByTestId('notice').textContent(), { timeout: 60_000 }).toContain(`（保存在 ${target}）`);
    expect((dialogCalls.at(-1)!.options as SaveDialogOptions).filters).toEqual([{ name: 'Word 文档', extensions: ['docx'] }]);
    expect(await readPlanText(fs.readFileSync(target), '通报.docx')).toContain('一、总体情况');
  });
});
