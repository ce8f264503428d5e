// The 月通报 end to end: the sample plan and the three sample submissions → the June report, its numbers counted
// here from rows.list; the Word document and the Excel attachment read back through LibreOffice; issuing numbers
// the series and keeps the bytes; the CLI writes both files. Migration 7 on a version-6 database.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '#shared/domain.js';
import { overviewSentence } from '#shared/report-text.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.js';
import { reportsSchema } from '../../electron/backend/db/migrations/007-reports.js';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { runCliCaptured } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { convertWithLibreOffice } from '../helpers/soffice.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir('taizhang-report-');
const dbPath = tmp.file('report.db');
const fixture = (...p: string[]) => path.join(REPO_ROOT, 'tests', 'fixtures', ...p);
const SUBMISSIONS = ['和平小学-6月报送.xlsx', '东元中学-6月报送.xlsx', '汉都三幼-6月报送.xlsx'].map((f) => fixture('submissions', f));
let backend: Backend;
let ledgerId: number;

async function call<T = any>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** The PDF's text without whitespace (pdftotext breaks lines and spaces digits from CJK). */
async function pdfText(file: string, dir: string): Promise<string> {
  const pdf = await convertWithLibreOffice(file, dir, 'pdf');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const squash = (s: string) => s.replace(/\s+/g, '');

async function sheets(file: string): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, string[][]>();
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (r) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(r.getCell(c).text ?? '');
      rows.push(cells);
    });
    out.set(ws.name, rows);
  }
  return out;
}

beforeAll(async () => {
  const plan = await runCliCaptured(['plan', 'import', fixture('work-plan-2020.txt'), '--name', '未央区2020年重点工作台账', '--db', dbPath, '--json']);
  expect(plan.code, plan.err).toBe(0);
  ledgerId = JSON.parse(plan.out).id;
  const imported = await runCliCaptured(['submissions', 'import', ...SUBMISSIONS, '--add-units', '--period', '2020-06', '--ledger', String(ledgerId), '--db', dbPath]);
  expect(imported.code, imported.err).toBe(0);
  backend = createBackend(dbPath, { actor: '测试员' });
}, 120_000);

afterAll(() => {
  backend?.close();
  tmp.cleanup();
});

describe('the 月通报 of June 2020 from the sample plan and submissions', () => {
  it('counts what rows.list shows as of June, and drafts the text with the next issue number', async () => {
    const rows = await call<Row[]>('rows.list', { ledgerId, period: '2020-06' });
    const tasks = rows.filter((r) => r.level === 'task');
    const count = (test: (r: Row) => boolean) => tasks.filter(test).length;
    const expected = {
      tasks: tasks.length,
      done: count((r) => r.asOf!.category === 'done'),
      inProgress: count((r) => r.asOf!.category === 'inProgress'),
      notStarted: count((r) => r.asOf!.category === 'notStarted'),
      lagging: count((r) => r.asOf!.category === 'lagging'),
      overdue: count((r) => r.asOf!.overdue),
      green: count((r) => r.asOf!.light === 'green'),
      yellow: count((r) => r.asOf!.light === 'yellow'),
      red: count((r) => r.asOf!.light === 'red'),
    };
    expect(expected.tasks).toBe(33);
    // The submissions did write June values: not every task is untouched.
    expect(expected.inProgress + expected.done + expected.lagging).toBeGreaterThan(0);
    const draft = await call('report.draft', { ledgerId, kind: 'monthly', period: '2020-06' });
    expect(draft.issue).toBe(1);
    expect(draft.figures.totals).toMatchObject(expected);
    expect(draft.figures.attention.map((a: { rowId: number }) => a.rowId)).toEqual(tasks.filter((r) => r.asOf!.light === 'red').map((r) => r.id));
    expect(draft.text.overview).toContain(overviewSentence(draft.figures));
    // The three schools that sent forms are ranked units, each having reported for June.
    const units = new Map(draft.figures.units.map((u: { unit: string; reported: boolean }) => [u.unit, u.reported]));
    for (const school of ['和平小学', '东元中学', '汉都三幼']) expect(units.get(school)).toBe(true);
  });

  it('gives the 统计 page its figures in one call: no task list, the first red tasks, the months with data', async () => {
    const full = await call('report.figures', { ledgerId, kind: 'monthly', period: '2020-06' });
    const config = await call('workbench.config', { ledgerId });
    const { tasks, attention, ...rest } = full;
    expect(tasks.length).toBeGreaterThan(0);
    expect(attention.length).toBeGreaterThan(1);
    // Without a period: the default month's.
    const dash = await call('report.dashboard', { ledgerId, kind: 'monthly', attention: 1 });
    expect(dash.periods).toEqual(config.periods);
    expect(dash.defaultPeriod).toBe(config.defaultPeriod);
    expect(dash.figures).toEqual({ ...rest, attention: attention.slice(0, 1), attentionTotal: attention.length });
    expect(dash.figures).not.toHaveProperty('tasks');
    // 显示全部: every red task; a quarter without a period is the default month's quarter.
    const all = await call('report.dashboard', { ledgerId, kind: 'monthly', period: '2020-06' });
    expect(all.figures.attention).toEqual(attention);
    const quarter = await call('report.dashboard', { ledgerId, kind: 'quarterly' });
    const { tasks: _q, ...quarterFigures } = await call('report.figures', { ledgerId, kind: 'quarterly', period: '2020-Q2' });
    expect(quarter.figures).toEqual({ ...quarterFigures, attentionTotal: quarterFigures.attention.length });
  });

  it('prints the Excel attachment centred on the page, the header rows on every page', async () => {
    const r = await call('report.render', { ledgerId, kind: 'monthly', period: '2020-06' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.xlsx.bytes) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    for (const name of ['各单位推进情况表', '滞后逾期事项清单']) {
      expect(wb.getWorksheet(name)!.pageSetup).toMatchObject({ horizontalCentered: true, printTitlesRow: '1:3', fitToWidth: 1 });
    }
  }, 240_000);

  it('renders a Word 公文 LibreOffice opens, with the title, 第N期, the figure sentence and the charts', async () => {
    const text = (await call('report.draft', { ledgerId, kind: 'monthly', period: '2020-06' })).text;
    const edited = { ...text, requirements: '（一）请各单位于7月5日前报送整改情况。' };
    const r = await call('report.render', { ledgerId, kind: 'monthly', period: '2020-06', text: edited, issuer: '未央区教育局督查室' });
    expect(r.docx.fileName).toBe('2020年6月重点工作推进情况通报（第1期）.docx');
    const docx = tmp.file(r.docx.fileName);
    fs.writeFileSync(docx, r.docx.bytes);
    const zip = Buffer.from(r.docx.bytes).toString('latin1');
    expect(zip.match(/word\/media\/[^\s/]+\.png/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    const pdf = await pdfText(docx, tmp.file('pdf'));
    expect(pdf).toContain('2020年6月重点工作推进情况通报');
    expect(pdf).toContain('第1期');
    expect(pdf).toContain('未央区教育局督查室');
    expect(pdf).toContain(squash(overviewSentence(r.figures)));
    expect(pdf).toContain('请各单位于7月5日前报送整改情况');
    expect(pdf).toContain('—1—');
    for (const h of ['一、总体情况', '二、各单位推进情况', '三、存在问题', '四、下步工作要求', '各单位推进情况表']) expect(pdf).toContain(h);
    expect(pdf).toContain(squash(r.figures.units[0].unit));
  }, 240_000);

  it('renders the Excel attachment with the ranked units and the attention list, readable after LibreOffice', async () => {
    const r = await call('report.render', { ledgerId, kind: 'monthly', period: '2020-06' });
    const file = tmp.file('attachment.xlsx');
    fs.writeFileSync(file, r.xlsx.bytes);
    const converted = await convertWithLibreOffice(file, tmp.file('lo'), 'xlsx');
    const book = await sheets(converted);
    expect([...book.keys()]).toEqual(['各单位推进情况表', '滞后逾期事项清单']);
    const units = book.get('各单位推进情况表')!;
    expect(units[0]![0]).toBe('2020年6月各单位推进情况表');
    expect(units[2]!.slice(0, 5)).toEqual(['名次', '单位', '任务数', '已完成', '完成率']);
    expect(units.slice(3).map((row) => row[1])).toEqual(r.figures.units.map((u: { unit: string }) => u.unit));
    const attention = book.get('滞后逾期事项清单')!;
    const taskLines = attention.slice(3).filter((row) => row[0] !== '');
    expect(taskLines).toHaveLength(r.figures.attention.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.xlsx.bytes) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.getWorksheet('各单位推进情况表')!;
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, printTitlesRow: '1:3' });
    expect(ws.getCell('A3').font).toMatchObject({ name: '黑体', bold: true });
    expect(ws.getCell('A1').isMerged).toBe(true);
  }, 240_000);

  it('numbers issues 第1期, 第2期 and reopens them byte-identical after the ledger changed', async () => {
    const first = await call('report.issue', { ledgerId, kind: 'monthly', period: '2020-06' });
    const second = await call('report.issue', { ledgerId, kind: 'monthly', period: '2020-06' });
    expect([first.issue, second.issue]).toEqual([1, 2]);
    expect(second.docxName).toBe('2020年6月重点工作推进情况通报（第2期）.docx');
    expect((await call('report.draft', { ledgerId, kind: 'monthly', period: '2020-06' })).issue).toBe(3);
    // Another kind has its own series.
    expect((await call('report.draft', { ledgerId, kind: 'quarterly', period: '2020-Q2' })).issue).toBe(1);
    const before = await call('report.open', { issuedId: first.id });
    expect(before.report).toEqual(first);

    // Mark every task done for June: the ledger's figures change, the issued report does not.
    const rows = await call<Row[]>('rows.list', { ledgerId, period: '2020-06' });
    const task = rows.find((r) => r.level === 'task' && r.asOf!.category !== 'done')!;
    await call('rows.updateCell', { rowId: task.id, field: 'status', value: '已完成', period: '2020-06' });
    const now = await call('report.draft', { ledgerId, kind: 'monthly', period: '2020-06' });
    expect(now.figures.totals.done).toBe(before.figures.totals.done + 1);

    const after = await call('report.open', { issuedId: first.id });
    expect(Buffer.from(after.docx.bytes).equals(Buffer.from(before.docx.bytes))).toBe(true);
    expect(Buffer.from(after.xlsx.bytes).equals(Buffer.from(before.xlsx.bytes))).toBe(true);
    expect(after.figures).toEqual(before.figures);
    expect(after.docx.fileName).toBe('2020年6月重点工作推进情况通报（第1期）.docx');
    const pdf = await pdfText(((f) => (fs.writeFileSync(f, after.docx.bytes), f))(tmp.file('issued-2.docx')), tmp.file('pdf2'));
    expect(pdf).toContain('第1期');

    const issued = await call('report.issued', { ledgerId });
    expect(issued.map((i: { issue: number }) => i.issue)).toEqual([2, 1]);
    expect(await call('report.issued', { ledgerId, kind: 'annual' })).toEqual([]);
    const logged = backend.store.db.prepare("SELECT actor, new_value AS v FROM change_log WHERE ledger_id = ? AND action = 'issue_report' ORDER BY id").all(ledgerId);
    expect(logged).toEqual([
      { actor: '测试员', v: '2020年6月重点工作推进情况通报（第1期）' },
      { actor: '测试员', v: '2020年6月重点工作推进情况通报（第2期）' },
    ]);
    const missing = await backend.dispatch('report.open', { issuedId: 999 });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  }, 240_000);

  it('renders the 季点评 and 年考核 with the trend chart, rank changes and the 评分表', async () => {
    const q = await call('report.render', { ledgerId, kind: 'quarterly', period: '2020-Q2' });
    expect(Buffer.from(q.docx.bytes).toString('latin1').match(/word\/media\/[^\s/]+\.png/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    const a = await call('report.render', { ledgerId, kind: 'annual', period: '2020' });
    const file = tmp.file('annual.xlsx');
    fs.writeFileSync(file, a.xlsx.bytes);
    const book = await sheets(file);
    expect([...book.keys()]).toEqual(['各单位推进情况表', '滞后逾期事项清单', '评分表']);
    expect(book.get('各单位推进情况表')![2]!.slice(-2)).toEqual(['得分', '等次']);
    const credits = a.figures.units.reduce((n: number, u: { credits?: unknown[] }) => n + (u.credits?.length ?? 0), 0);
    const scoreRows = book.get('评分表')!.slice(3);
    expect(credits).toBeGreaterThan(0);
    expect(scoreRows.filter((r) => ['按时完成', '逾期后完成', '未完成（未逾期）', '逾期未完成'].includes(r[4]!)).length).toBe(credits);
    const deducted = a.figures.units.filter((u: { deductions?: number }) => (u.deductions ?? 0) > 0).length;
    expect(scoreRows.filter((r) => r[4] === '扣分').length).toBe(deducted);
    expect(scoreRows.filter((r) => r[2]!.startsWith('合计')).length).toBe(a.figures.units.length);
  }, 240_000);

  it('is available as taizhang report monthly --json -o --xlsx (a draft unless --issue)', async () => {
    const out = tmp.file('cli.docx');
    const xlsx = tmp.file('cli.xlsx');
    const r = await runCliCaptured(['report', 'monthly', '--period', '2020-06', '--ledger', String(ledgerId), '--json', '-o', out, '--xlsx', xlsx, '--db', dbPath]);
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    const figures = await call('report.figures', { ledgerId, kind: 'monthly', period: '2020-06' });
    expect(json).toMatchObject({ kind: 'monthly', period: '2020-06', asOf: '2020-06', issue: 3, issued: false, totals: figures.totals, units: figures.units, attention: figures.attention, scheme: null });
    expect(json.files).toEqual([path.resolve(out), path.resolve(xlsx)]);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    // A draft stores nothing.
    expect((await call('report.issued', { ledgerId })).length).toBe(2);

    const issued = await runCliCaptured(['report', 'monthly', '--period', '2020-06', '--ledger', String(ledgerId), '--issue', '-o', out, '--db', dbPath]);
    expect(issued.code, issued.err).toBe(0);
    expect(issued.out).toContain('（第3期，已印发）');
    expect(issued.out).toContain(overviewSentence(figures));
    const third = (await call('report.issued', { ledgerId }))[0];
    expect(Buffer.from((await call('report.open', { issuedId: third.id })).docx.bytes).equals(fs.readFileSync(out))).toBe(true);

    const wrong = await runCliCaptured(['report', 'quarterly', '--period', '2020-06', '--json', '--db', dbPath]);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.out).error.code).toBe('invalid_input');
    expect(wrong.err).toMatch(/^错误：/);
    const help = await runCliCaptured(['--help']);
    expect(help.out).toContain('taizhang report monthly --period YYYY-MM');
  }, 240_000);
});

describe('migration 7: issued reports', () => {
  it('upgrades a version-6 database and enforces one number per ledger and kind', () => {
    expect(MIGRATIONS[6]).toBe(reportsSchema);
    const file = tmp.file('v6.db');
    const v6 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 6) });
    v6.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('旧台账', 'a', 'a', 'a')").run();
    v6.close();
    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 7) });
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(db.prepare('SELECT name FROM ledgers').get()).toEqual({ name: '旧台账' });
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'issued_reports'").get()).toEqual({ strict: 1 });
    const insert = db.prepare(
      `INSERT INTO issued_reports (ledger_id, kind, period, issue, issued_at, actor, issuer, figures, text, docx_name, docx, xlsx_name, xlsx)
       VALUES (?, ?, ?, ?, 'a', 'b', 'c', '{}', '{}', 'x.docx', x'00', 'x.xlsx', x'00')`,
    );
    insert.run(1, 'monthly', '2020-06', 1);
    insert.run(1, 'quarterly', '2020-Q2', 1);
    expect(() => insert.run(1, 'monthly', '2020-07', 1)).toThrow(/UNIQUE/);
    expect(() => insert.run(1, 'weekly', '2020-07', 2)).toThrow(/CHECK/);
    expect(() => insert.run(1, 'monthly', '2020-7', 2)).toThrow(/CHECK/);
    expect(() => insert.run(1, 'monthly', '2020-07', 0)).toThrow(/CHECK/);
    expect(() => insert.run(99, 'monthly', '2020-07', 2)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM ledgers').run();
    expect(db.prepare('SELECT count(*) AS n FROM issued_reports').get()).toEqual({ n: 0 });
    db.close();
  });
});
