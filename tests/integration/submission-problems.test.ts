// Every value that cannot be taken is reported with its cell and never applied — in submissions and in
// an exported ledger taken back: 八十 where a number belongs, a 完成进度 over 100% or below 0, an
// unreadable date, a plan number the ledger does not have. And a file that names no month takes the
// month being collected (the batch's, by default the ledger's latest month with data), never today's
// month for last year's ledger. Real forms (the bureau's submission template filled with exceljs), the
// real dispatcher and CLI on a real SQLite file.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { MergePreview } from '#shared/api/ledger-import-api.js';
import type { BatchDto, SubmissionFile, SubmissionPreview } from '#shared/api/submission-api.js';
import type { Row } from '#shared/domain.js';
import { fixtureBytes, templateFixture } from '../fixtures/excel/fixture-files.js';
import { runCliCaptured } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { TestBackend } from './ledger-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
let n = 0;
let t: TestBackend;
let ledgerId: number;

type FormRow = [code: string | number, task: string, part: string, deadline: string | Date | null, target: string | number | null, done: string | number | null, pct: string | number | null, progress: string, problems: string, status: string];

/** The bureau's submission form (tests/fixtures/templates/报送模板-学校.xlsx) as a school fills it in Excel. */
async function form(unit: string, reportDate: string | null, rows: FormRow[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(templateFixture('报送模板-学校.xlsx') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.getCell('B2').value = unit;
  if (reportDate) ws.getCell('I2').value = reportDate;
  rows.forEach((r, i) => {
    const row = ws.getRow(4 + i);
    [i + 1, ...r].forEach((v, c) => {
      row.getCell(c + 1).value = v;
    });
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const PLAN_TEXT = fixtureBytes('work-plan-2020.txt').toString('utf8');

beforeEach(async () => {
  t?.close();
  t = new TestBackend(tmp.file(`problems-${++n}/ledger.db`));
  const plan = await t.ok<{ year: number; sections: unknown[] }>('plan.parse', { text: PLAN_TEXT });
  const created = await t.ok<{ ledger: { id: number } }>('plan.createLedger', { name: '2020年重点工作台账', year: plan.year, sections: plan.sections });
  ledgerId = created.ledger.id;
  await t.ok('units.add', { name: '和平小学', kind: 'school', aliases: [] });
});

const preview = (files: { name: string; bytes: Uint8Array }[], extra: Record<string, unknown> = {}) =>
  t.ok<SubmissionPreview>('submissions.preview', { ledgerId, files, ...extra });
const rowsOf = (period: string) => t.ok<Row[]>('rows.list', { ledgerId, period });

/** 和平小学's rows under the task with this plan number. */
function unitRows(list: Row[], code: string): Row[] {
  const task = list.find((r) => r.level === 'task' && r.values.code === code)!;
  return list.filter((r) => r.parentId === task.id && r.values.units === '和平小学');
}

describe('values that cannot be taken', () => {
  const bad: FormRow[] = [
    [5, '切实保障学位需求', '和平小学新建项目', '2020年12月底前', '八十', 30, '50%', '已开工', '', '推进中'],
    [99, '切实保障学位需求', '不在台账中的任务', '6月底前', 10, 5, '60%', '进行中', '', '推进中'],
    [7, '推进义务教育优质均衡发展', '和平小学集团化办学', '6月底前', 2, 1, '150%', '已组建', '', '推进中'],
    [25, '做好学校卫生保健和食品安全工作', '和平小学近视防控', '2020年13月45日', 1, '八十', -5, '已筛查', '', '推进中'],
  ];

  it('are reported with their cells, and not written', async () => {
    const p = await preview([{ name: '和平小学-6月报送.xlsx', bytes: await form('和平小学', '2020年6月30日', bad) }]);
    const f = p.files[0]!;
    expect(f.status).toBe('ok');
    const messages = f.warnings.map((w) => w.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^报送表!F4: “八十” 不是数字/),
        expect.stringMatching(/^报送表!B5: 任务编号 99 在台账中不存在/),
        expect.stringMatching(/^报送表!H6: “150%” 超过 100%/),
        expect.stringMatching(/^报送表!E7: “2020年13月45日” /),
        expect.stringMatching(/^报送表!G7: “八十” 不是数字/),
        expect.stringMatching(/^报送表!H7: “-5” 是负数/),
      ]),
    );
    expect(f.warnings.map((w) => w.cell).sort()).toEqual(['B5', 'E7', 'F4', 'G7', 'H6', 'H7']);
    expect(f.counts.warnings).toBe(6);
    // Task 99 is not guessed from its text (切实保障学位需求 is task 5): it waits, unmatched.
    const r99 = f.rows.find((r) => r.taskCode === '99')!;
    expect([r99.action, r99.included, r99.note]).toEqual(['unmatched', false, expect.stringContaining('99')]);
    // The new rows carry what could be taken, never the values reported above.
    const changed = (code: string) => Object.fromEntries(f.rows.find((r) => r.taskCode === code)!.changes.map((c) => [c.field, c.newValue]));
    expect(changed('5')).not.toHaveProperty('target');
    expect(changed('5')).toMatchObject({ achieved: '30', progressPct: '50%' });
    expect(changed('7')).not.toHaveProperty('progressPct');
    expect(changed('25')).not.toHaveProperty('achieved');
    expect(changed('25')).not.toHaveProperty('progressPct');
    expect(changed('25')).not.toHaveProperty('deadline');

    await t.ok<{ batch: BatchDto }>('submissions.apply', { previewId: p.previewId });
    const list = await rowsOf('2020-06');
    const all = JSON.stringify(list.map((r) => r.values));
    for (const v of ['八十', '150%', '-5', '2020年13月45日']) expect(all).not.toContain(v);
    expect(unitRows(list, '5')[0]!.values).toMatchObject({ achieved: '30', progressPct: '50%', target: '' });
    expect(unitRows(list, '7')[0]!.values.progressPct).toBe('');
    expect(list.some((r) => r.values.measures === '不在台账中的任务')).toBe(false);
  });

  it('replace nothing the ledger already has', async () => {
    const first = await preview([{ name: '和平小学-6月报送.xlsx', bytes: await form('和平小学', '2020年6月30日', [[7, '推进义务教育优质均衡发展', '和平小学集团化办学', '6月底前', 2, 1, '40%', '已组建', '', '推进中']]) }]);
    await t.ok('submissions.apply', { previewId: first.previewId });
    const again = await preview([{ name: '和平小学-6月报送（更正）.xlsx', bytes: await form('和平小学', '2020年7月1日', [[7, '推进义务教育优质均衡发展', '和平小学集团化办学', '6月底前', 2, 1, '150%', '已组建2个', '', '推进中']]) }]);
    const row = again.files[0]!.rows[0]!;
    expect(row.changes.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([['progress', '已组建', '已组建2个']]);
    expect(again.files[0]!.warnings.map((w) => w.cell)).toEqual(['H4']);
  });

  it('show in the CLI dry run as problems with their cells', async () => {
    const file = tmp.file(`problems-${n}/和平小学-6月报送.xlsx`);
    fs.writeFileSync(file, await form('和平小学', '2020年6月30日', bad));
    t.close();
    const run = await runCliCaptured(['submissions', 'import', file, '--dry-run', '--json', '--db', t.dbPath]);
    t = new TestBackend(t.dbPath);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out) as { files: { warnings: { cell: string; message: string }[] }[] };
    expect(out.files[0]!.warnings.map((w) => w.cell).sort()).toEqual(['B5', 'E7', 'F4', 'G7', 'H6', 'H7']);
    const text = await runCliCaptured(['submissions', 'import', file, '--dry-run', '--db', t.dbPath]);
    expect(text.out).toContain('报送表!B5: 任务编号 99 在台账中不存在');
  });

  it('in an exported ledger taken back are issues with their cells, not changes', async () => {
    const out = await t.ok<{ bytes: Uint8Array }>('export.ledger', { ledgerId, period: '2020-06' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    // The built-in template: 累计完成 in J, 完成进度 in K, 进展情况 in L; the first task's line is row 6.
    const header = (text: string) => {
      for (let c = 1; c <= 20; c++) if (String(ws.getCell(4, c).value ?? '').includes(text) || String(ws.getCell(3, c).value ?? '').includes(text)) return c;
      throw new Error(`no ${text}`);
    };
    const [done, pct, progress] = [header('累计完成'), header('完成进度'), header('进展情况')];
    ws.getRow(6).getCell(done).value = '八十';
    ws.getRow(6).getCell(pct).value = '150%';
    ws.getRow(6).getCell(progress).value = '已完成支部换届';
    const edited = new Uint8Array(await wb.xlsx.writeBuffer());
    const merge = await t.ok<MergePreview>('ledgerimport.mergePreview', { fileName: '会议修改稿.xlsx', bytes: edited, ledgerId });
    expect(merge.changes.map((c) => [c.field, c.fileValue])).toEqual([['progress', '已完成支部换届']]);
    const letter = (c: number) => String.fromCharCode(64 + c);
    expect(merge.issues.map((i) => i.cell).sort()).toEqual([`${letter(done)}6`, `${letter(pct)}6`]);
    expect(merge.issues.map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringContaining('“八十” 不是数字'), expect.stringContaining('“150%” 超过 100%')]));
  });
});

describe('a file that names no month', () => {
  const plain = async () => form('和平小学', null, [[5, '切实保障学位需求', '和平小学新建项目', '2020年12月底前', 3, 1, '40%', '已开工', '', '推进中']]);

  it("takes the ledger's latest month with data, or December of last year's ledger — never today's month", async () => {
    // A 2020 ledger without data: its December, not today's month.
    let p = await preview([{ name: '和平小学报送表.xlsx', bytes: await plain() }]);
    expect(p.files[0]!.period).toBe('2020-12');
    await t.ok('submissions.discard', { previewId: p.previewId });
    const list = await rowsOf('2020-05');
    await t.ok('rows.updateCell', { rowId: list.find((r) => r.level === 'task')!.id, field: 'status', value: '推进中', period: '2020-05' });
    p = await preview([{ name: '和平小学报送表.xlsx', bytes: await plain() }]);
    expect(p.files[0]!.period).toBe('2020-05');
  });

  it('takes the month chosen for the batch; a file naming its month keeps it', async () => {
    const p = await preview(
      [
        { name: '和平小学报送表.xlsx', bytes: await plain() },
        { name: '和平小学-6月报送.xlsx', bytes: await plain() },
      ],
      { batchPeriod: '2020-08' },
    );
    expect(p.files.map((f: SubmissionFile) => f.period)).toEqual(['2020-08', '2020-06']);
    // Changing the batch's month moves the files that name none.
    const moved = await t.ok<SubmissionPreview>('submissions.resolve', { previewId: p.previewId, fileKey: p.files[0]!.key, batchPeriod: '2020-09' });
    expect(moved.files.map((f) => f.period)).toEqual(['2020-09', '2020-06']);
    await t.ok('submissions.apply', { previewId: p.previewId });
    const written = await t.ok<{ period: string; values: Record<string, string> }[]>('rows.progress', { rowId: unitRows(await rowsOf('2020-09'), '5')[0]!.id });
    expect(written.map((w) => [w.period, w.values['progressPct']])).toEqual([['2020-09', '40%']]);
  });

  it('CLI --period sets the month of every file', async () => {
    const file = path.join(path.dirname(t.dbPath), '和平小学报送表.xlsx');
    fs.writeFileSync(file, await plain());
    t.close();
    const run = await runCliCaptured(['submissions', 'import', file, '--period', '2020-04', '--dry-run', '--json', '--db', t.dbPath]);
    t = new TestBackend(t.dbPath);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.out) as { files: { period: string }[] }).files[0]!.period).toBe('2020-04');
  });
});
