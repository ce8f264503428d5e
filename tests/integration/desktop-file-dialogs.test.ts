// The desktop shell's file dialogs, driven through the IPC host as the renderer drives it: a fake
// ipcMain and a fake Electron `dialog` (the only mocks), the real backend on a real SQLite file, real
// files in a temp folder. Saving writes a real .xlsx/.docx atomically where the dialog says; cancel
// writes nothing; a write that fails midway (a real EFBIG under `ulimit -f`) leaves no file under its
// final name; the files chosen in the open dialog import.
import { OPEN_KINDS } from '#shared/host-files.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { SubmissionPreview } from '#shared/api/submission-api.js';
import { IPC_CHANNEL, OPEN_FILES_CHANNEL, SAVE_FILE_CHANNEL, SAVE_FILES_CHANNEL } from '#shared/client.js';
import type { ApiResult } from '#shared/errors.js';
import type { OpenOutcome, SaveOutcome } from '#shared/host-files.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { readPlanText } from '../../electron/backend/plan/plan-text.js';
import { serveFileDialogsOnIpc, type DialogLike } from '../../electron/main/file-dialogs.js';
import { serveContractOnIpc, type IpcEventLike, type IpcMainLike } from '../../electron/main/ipc-host.js';
import { fixtureBytes, SUBMISSIONS } from '../fixtures/excel/fixture-files.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const RENDERER_URL = 'file:///app/dist/renderer/index.html';
const fromOurWindow: IpcEventLike = { sender: { id: 7 }, senderFrame: { url: `${RENDERER_URL}#/` } };
const SUBMISSION_PATHS = SUBMISSIONS.map((n) => path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', n));

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

type Answer = { canceled: boolean; path?: string; paths?: string[]; response?: number };

/** Electron's dialog as a script: each call takes the next answer and records its options. */
class FakeDialog implements DialogLike<'main-window'> {
  answers: Answer[] = [];
  calls: { kind: 'save' | 'open' | 'message'; options: SaveDialogOptions | OpenDialogOptions | MessageBoxOptions }[] = [];
  private next(kind: 'save' | 'open' | 'message', options: SaveDialogOptions | OpenDialogOptions | MessageBoxOptions): Answer {
    this.calls.push({ kind, options });
    const answer = this.answers.shift();
    if (!answer) throw new Error(`unexpected ${kind} dialog`);
    return answer;
  }
  async showSaveDialog(_w: 'main-window', options: SaveDialogOptions) {
    const a = this.next('save', options);
    return { canceled: a.canceled, filePath: a.path ?? '' };
  }
  async showOpenDialog(_w: 'main-window', options: OpenDialogOptions) {
    const a = this.next('open', options);
    return { canceled: a.canceled, filePaths: a.paths ?? [] };
  }
  async showMessageBox(_w: 'main-window', options: MessageBoxOptions) {
    const a = this.next('message', options);
    return { response: a.response ?? 0, checkboxChecked: false };
  }
}

const tmp = makeTempDir();
let backend: Backend;
let ledgerId: number;
const ipc = new FakeIpcMain();
const dialog = new FakeDialog();

async function invoke<T>(channel: string, ...args: unknown[]): Promise<ApiResult<T>> {
  return (await ipc.handlers.get(channel)!(fromOurWindow, ...args)) as ApiResult<T>;
}
async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await invoke<T>(IPC_CHANNEL, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}
async function value<T>(channel: string, request: unknown): Promise<T> {
  const r = await invoke<T>(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
/** A fresh folder for one test: what the dialogs point at. */
function folder(name: string): string {
  const dir = tmp.file(name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
  return wb;
}
const sheetText = (wb: ExcelJS.Workbook) =>
  wb.worksheets.flatMap((ws) => ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map((v) => String(v ?? '')) : []))).join(' ');

beforeAll(async () => {
  backend = createBackend(tmp.file('desktop.db'), { actor: '测试员' });
  serveContractOnIpc(ipc, backend.dispatch, { webContentsId: () => 7, rendererUrl: RENDERER_URL });
  serveFileDialogsOnIpc(ipc, {
    dialog,
    window: () => 'main-window',
    trusted: { webContentsId: () => 7, rendererUrl: RENDERER_URL },
    defaultFolder: () => '/home/clerk/Documents',
  });
  const plan = await call<{ year: number; sections: { tasks: { units: string[] }[] }[] }>('plan.parse', {
    text: fixtureBytes('work-plan-2020.txt').toString('utf8'),
  });
  // Two units responsible for something, so there are per-unit forms to save.
  plan.sections[0]!.tasks[0]!.units = ['和平小学'];
  plan.sections[1]!.tasks[0]!.units = ['东元中学'];
  const created = await call<{ ledger: { id: number } }>('plan.createLedger', { name: '2020年重点工作台账', year: plan.year, sections: plan.sections });
  ledgerId = created.ledger.id;
  for (const [name, kind] of [['和平小学', 'school'], ['东元中学', 'school'], ['汉都三幼', 'kindergarten']] as const) {
    await call('units.add', { name, kind, aliases: [] });
  }
});
afterAll(() => {
  backend.close();
  tmp.cleanup();
});

describe('saving an export', () => {
  it('writes the ledger export where the save dialog says, as a complete workbook, and nothing else', async () => {
    const dir = folder('save-export');
    const exported = await call<{ fileName: string; bytes: Uint8Array }>('export.ledger', { ledgerId, period: '2020-06' });
    const target = path.join(dir, '六月台账.xlsx');
    dialog.answers.push({ canceled: false, path: target });
    const outcome = await value<SaveOutcome>(SAVE_FILE_CHANNEL, { file: exported });
    expect(outcome).toEqual({ saved: true, paths: [target] });
    const call0 = dialog.calls.at(-1)!;
    expect(call0.kind).toBe('save');
    expect(call0.options).toMatchObject({
      defaultPath: path.join('/home/clerk/Documents', exported.fileName),
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    });
    expect(fs.readdirSync(dir)).toEqual(['六月台账.xlsx']);
    expect(sheetText(await readXlsx(target))).toContain('切实保障学位需求');

    // The next dialog opens where the clerk saved last; a name typed without extension keeps .xlsx.
    dialog.answers.push({ canceled: false, path: path.join(dir, '七月台账') });
    expect(await value<SaveOutcome>(SAVE_FILE_CHANNEL, { file: exported })).toEqual({ saved: true, paths: [path.join(dir, '七月台账.xlsx')] });
    expect((dialog.calls.at(-1)!.options as SaveDialogOptions).defaultPath).toBe(path.join(dir, exported.fileName));
  });

  it('writes nothing when the clerk cancels', async () => {
    const dir = folder('save-cancel');
    const exported = await call<{ fileName: string; bytes: Uint8Array }>('export.ledger', { ledgerId });
    dialog.answers.push({ canceled: true });
    expect(await value<SaveOutcome>(SAVE_FILE_CHANNEL, { file: exported })).toEqual({ saved: false });
    dialog.answers.push({ canceled: true });
    const forms = await call<{ forms: { fileName: string; bytes: Uint8Array }[] }>('export.forms', { ledgerId });
    expect(await value<SaveOutcome>(SAVE_FILES_CHANNEL, { files: forms.forms })).toEqual({ saved: false });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('saves report documents: the 公文 .docx through the save dialog, a reopened report into a folder', async () => {
    const dir = folder('save-report');
    const r = await call<{ docx: { fileName: string; bytes: Uint8Array }; xlsx: { fileName: string; bytes: Uint8Array } }>('report.render', {
      ledgerId,
      kind: 'monthly',
      period: '2020-06',
    });
    dialog.answers.push({ canceled: false, path: path.join(dir, r.docx.fileName) });
    await value<SaveOutcome>(SAVE_FILE_CHANNEL, { file: r.docx });
    expect((dialog.calls.at(-1)!.options as SaveDialogOptions).filters).toEqual([{ name: 'Word 文档', extensions: ['docx'] }]);
    // Read back by the same Word reader the plan import uses.
    expect(await readPlanText(fs.readFileSync(path.join(dir, r.docx.fileName)), r.docx.fileName)).toContain('一、总体情况');

    const both = folder('save-report-both');
    dialog.answers.push({ canceled: false, paths: [both] });
    const saved = await value<SaveOutcome>(SAVE_FILES_CHANNEL, { files: [r.docx, r.xlsx] });
    expect(saved).toEqual({ saved: true, paths: [path.join(both, r.docx.fileName), path.join(both, r.xlsx.fileName)] });
    expect((await readXlsx(path.join(both, r.xlsx.fileName))).worksheets.map((w) => w.name)).toContain('各单位推进情况表');
  });
});

describe('saving the per-unit forms into a folder', () => {
  it('writes one workbook per unit into the chosen folder and asks before replacing', async () => {
    const dir = folder('forms');
    const forms = await call<{ forms: { unit: string; fileName: string; bytes: Uint8Array }[] }>('export.forms', { ledgerId });
    expect(forms.forms.length).toBeGreaterThan(1);
    dialog.answers.push({ canceled: false, paths: [dir] });
    const saved = await value<SaveOutcome>(SAVE_FILES_CHANNEL, { files: forms.forms });
    expect(saved).toEqual({ saved: true, paths: forms.forms.map((f) => path.join(dir, f.fileName)) });
    expect((dialog.calls.at(-1)!.options as OpenDialogOptions).properties).toContain('openDirectory');
    expect(fs.readdirSync(dir).sort()).toEqual(forms.forms.map((f) => f.fileName).sort());
    for (const f of forms.forms) expect(sheetText(await readXlsx(path.join(dir, f.fileName)))).toContain(f.unit);

    // Again into the same folder: the clerk is asked; 取消 leaves the files as they were.
    const first = path.join(dir, forms.forms[0]!.fileName);
    fs.writeFileSync(first, 'edited by the clerk');
    dialog.answers.push({ canceled: false, paths: [dir] }, { canceled: false, response: 1 });
    expect(await value<SaveOutcome>(SAVE_FILES_CHANNEL, { files: forms.forms })).toEqual({ saved: false });
    const question = dialog.calls.at(-1)!;
    expect(question.kind).toBe('message');
    expect((question.options as MessageBoxOptions).message).toContain(`已有 ${forms.forms.length} 个同名文件`);
    expect((question.options as MessageBoxOptions).buttons).toEqual(['替换', '取消']);
    expect(fs.readFileSync(first, 'utf8')).toBe('edited by the clerk');
    // 替换 writes them all.
    dialog.answers.push({ canceled: false, paths: [dir] }, { canceled: false, response: 0 });
    expect((await value<SaveOutcome>(SAVE_FILES_CHANNEL, { files: forms.forms })).saved).toBe(true);
    expect(sheetText(await readXlsx(first))).toContain(forms.forms[0]!.unit);
    expect(fs.readdirSync(dir)).toHaveLength(forms.forms.length);
  });

  it('never writes outside the chosen folder, whatever the file names say', async () => {
    const dir = folder('forms-names');
    dialog.answers.push({ canceled: false, paths: [dir] });
    const saved = await value<SaveOutcome>(SAVE_FILES_CHANNEL, {
      files: [
        { fileName: '../逃逸.xlsx', bytes: new Uint8Array([1]) },
        { fileName: 'a/b:c.xlsx', bytes: new Uint8Array([2]) },
        { fileName: 'b:c.xlsx', bytes: new Uint8Array([3]) },
      ],
    });
    expect(saved).toEqual({ saved: true, paths: [path.join(dir, '逃逸.xlsx'), path.join(dir, 'b_c.xlsx'), path.join(dir, 'b_c-2.xlsx')] });
    expect(fs.existsSync(tmp.file('逃逸.xlsx'))).toBe(false);
  });
});

describe('a write that fails midway', () => {
  /** Runs the IPC host in a child whose file size limit is 64 KB, so a larger write fails with EFBIG after 64 KB. */
  function saveUnderLimit(request: object, answers: Answer[]): ApiResult<SaveOutcome> {
    const script = path.join(REPO_ROOT, 'tests', 'helpers', 'file-dialogs-child.ts');
    const out = execFileSync('bash', ['-c', 'ulimit -f 64; exec node --import tsx "$0"', script], {
      cwd: REPO_ROOT,
      input: JSON.stringify({ request, answers }),
      env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      encoding: 'utf8',
    });
    return JSON.parse(out) as ApiResult<SaveOutcome>;
  }
  const big = () => Array.from(new Uint8Array(300 * 1024).map((_v, i) => i % 251));

  it('leaves the old file under the final name and no temp file', () => {
    const dir = folder('fail-single');
    const target = path.join(dir, '台账.xlsx');
    fs.writeFileSync(target, 'the old export');
    const result = saveUnderLimit({ channel: SAVE_FILE_CHANNEL, file: { fileName: '台账.xlsx', bytes: big() } }, [{ canceled: false, path: target }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    if (!result.ok) expect(result.error.message).toContain('没有留下不完整的文件');
    expect(fs.readFileSync(target, 'utf8')).toBe('the old export');
    expect(fs.readdirSync(dir)).toEqual(['台账.xlsx']);
  });

  it('puts none of several forms under its final name when one of them cannot be written', () => {
    const dir = folder('fail-forms');
    const result = saveUnderLimit(
      {
        channel: SAVE_FILES_CHANNEL,
        files: [
          { fileName: '和平小学-报送表.xlsx', bytes: [1, 2, 3] },
          { fileName: '东元中学-报送表.xlsx', bytes: big() },
          { fileName: '汉都三幼-报送表.xlsx', bytes: [4, 5, 6] },
        ],
      },
      [{ canceled: false, paths: [dir] }],
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('opening files', () => {
  it('imports the submissions chosen in the open dialog', async () => {
    dialog.answers.push({ canceled: false, paths: SUBMISSION_PATHS });
    const opened = await value<OpenOutcome>(OPEN_FILES_CHANNEL, { kind: 'submissions' });
    const options = dialog.calls.at(-1)!.options as OpenDialogOptions;
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    expect(options.filters).toEqual([
      { name: OPEN_KINDS.submissions.filterName, extensions: [...OPEN_KINDS.submissions.extensions] },
      { name: '所有文件', extensions: ['*'] },
    ]);
    expect(opened.files.map((f) => f.name)).toEqual([...SUBMISSIONS]);
    expect(Buffer.from(opened.files[0]!.bytes).equals(fs.readFileSync(SUBMISSION_PATHS[0]!))).toBe(true);

    const preview = await call<SubmissionPreview>('submissions.preview', { ledgerId, files: opened.files });
    expect(preview.files.map((f) => [f.file, f.status, f.unit])).toEqual([
      ['和平小学-6月报送.xlsx', 'ok', '和平小学'],
      ['东元中学-6月报送.xlsx', 'ok', '东元中学'],
      ['汉都三幼-6月报送.xlsx', 'ok', '汉都三幼'],
    ]);
    await call('submissions.apply', { previewId: preview.previewId });
    const rows = await call<{ values: Record<string, unknown> }[]>('rows.list', { ledgerId, period: '2020-06' });
    expect(rows.some((r) => r.values.units === '和平小学' && r.values.progress === '主体完工，室内装修中')).toBe(true);
    // The next open dialog starts in the folder the files came from.
    dialog.answers.push({ canceled: true });
    await value<OpenOutcome>(OPEN_FILES_CHANNEL, { kind: 'submissions' });
    expect((dialog.calls.at(-1)!.options as OpenDialogOptions).defaultPath).toBe(path.dirname(SUBMISSION_PATHS[0]!));
  });

  it('opens one work plan (.docx) with Word filters and it parses', async () => {
    const docx = path.join(REPO_ROOT, 'tests', 'fixtures', 'plans', 'other-bureau-plan.docx');
    dialog.answers.push({ canceled: false, paths: [docx, SUBMISSION_PATHS[0]!] });
    const opened = await value<OpenOutcome>(OPEN_FILES_CHANNEL, { kind: 'plan' });
    const options = dialog.calls.at(-1)!.options as OpenDialogOptions;
    expect(options.properties).toEqual(['openFile']);
    expect(options.filters![0]).toEqual({ name: '工作要点（Word 文档、文本）', extensions: ['docx', 'txt'] });
    expect(opened.files.map((f) => f.name)).toEqual(['other-bureau-plan.docx']);
    const parsed = await call<{ sections: unknown[] }>('plan.parse', { bytes: opened.files[0]!.bytes, fileName: 'other-bureau-plan.docx' });
    expect(parsed.sections.length).toBeGreaterThan(0);
  });

  it('gives no files when cancelled, and refuses a FIFO, a device and an oversized file in Chinese without reading them', async () => {
    dialog.answers.push({ canceled: true });
    expect(await value<OpenOutcome>(OPEN_FILES_CHANNEL, { kind: 'template' })).toEqual({ files: [] });

    const dir = folder('open-bad');
    const fifo = path.join(dir, '报送.xlsx');
    execFileSync('mkfifo', [fifo]);
    dialog.answers.push({ canceled: false, paths: [fifo] });
    expect(await invoke(OPEN_FILES_CHANNEL, { kind: 'submissions' })).toMatchObject({
      ok: false,
      error: { code: 'file_unreadable', message: expect.stringContaining('不是普通文件') },
    });
    const zero = path.join(dir, '名录.xlsx');
    fs.symlinkSync('/dev/zero', zero);
    dialog.answers.push({ canceled: false, paths: [zero] });
    expect(await invoke(OPEN_FILES_CHANNEL, { kind: 'units' })).toMatchObject({ ok: false, error: { code: 'file_unreadable' } });

    const huge = path.join(dir, '巨大.xlsx');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, 51 * 1024 * 1024); // sparse: no disk used
    dialog.answers.push({ canceled: false, paths: [SUBMISSION_PATHS[0]!, huge] });
    const refused = await invoke(OPEN_FILES_CHANNEL, { kind: 'submissions' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'file_too_large' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/巨大\.xlsx”失败：文件（51 MB）超过 50 MB，不像是报送表，请检查是否选错了文件。.*本次选择的 2 个文件都未导入。/);
  });
});

describe('the file channels', () => {
  it('refuse other senders and malformed requests before any dialog', async () => {
    const before = dialog.calls.length;
    const stranger: IpcEventLike = { sender: { id: 8 }, senderFrame: { url: RENDERER_URL } };
    for (const channel of [SAVE_FILE_CHANNEL, SAVE_FILES_CHANNEL, OPEN_FILES_CHANNEL]) {
      expect(await ipc.handlers.get(channel)!(stranger, { kind: 'plan' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await invoke(OPEN_FILES_CHANNEL, { kind: 'exe' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const noBytes = await invoke(SAVE_FILE_CHANNEL, { file: { fileName: 'x.xlsx', bytes: 'abc' } });
    expect(noBytes).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!noBytes.ok) expect(noBytes.error.message).toMatch(/^输入不正确/);
    expect(dialog.calls.length).toBe(before);
  });
});
