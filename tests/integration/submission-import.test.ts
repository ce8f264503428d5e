// Importing school submissions through the real dispatcher on a real SQLite file: the three sample
// forms into the sample plan's ledger, every kind of messy and hostile file, conflicts, duplicates,
// undo, the tracker, and proof that a failed or cancelled import leaves the database byte-for-byte.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { BatchDto, SubmissionFile, SubmissionPreview, TrackerDto } from '#shared/api/submission-api.js';
import { api, type MethodName } from '#shared/api.js';
import type { Row } from '#shared/domain.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { excelFixture, fixtureBytes, submissionFixture, SUBMISSIONS, TEMPLATE_SCHOOL, templateFixture } from '../fixtures/excel/fixture-files.js';
import { minimalXlsx, zipBombXlsx } from '../fixtures/excel/xlsx-builder.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { foldedDbHash } from '../helpers/db-hash.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const PLAN_TEXT = fixtureBytes('work-plan-2020.txt').toString('utf8');
const messy = (name: string) => fixtureBytes(`submissions/messy/${name}`);
const file = (name: string, bytes: Buffer) => ({ name, bytes: Uint8Array.from(bytes) });
const samples = () => SUBMISSIONS.map((n) => file(n, submissionFixture(n)));

let backend: Backend;
let dbPath: string;
let ledgerId: number;
let dbCount = 0;

async function ok<T = unknown>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method as never, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  // Every answer must match what the contract declares.
  if (method.startsWith('submissions.')) api[method as MethodName].output.parse(result.value);
  return result.value as T;
}

async function failure(method: string, input: unknown) {
  const result = await backend.dispatch(method as never, input);
  if (result.ok) throw new Error(`${method} should have failed`);
  return result.error;
}

const preview = (files: { name: string; bytes: Uint8Array }[], extra: Record<string, unknown> = {}) =>
  ok<SubmissionPreview>('submissions.preview', { ledgerId, files, ...extra });
const apply = (previewId: string) => ok<{ batch: BatchDto; preview: SubmissionPreview }>('submissions.apply', { previewId });
const rows = (period = '2020-06') => ok<Row[]>('rows.list', { ledgerId, period });
const byName = (p: SubmissionPreview, name: string): SubmissionFile => p.files.find((f) => f.file === name)!;
const change = (f: SubmissionFile, sheetRow: number, field: string) => {
  const c = f.rows.find((r) => r.sheetRow === sheetRow)!.changes.find((x) => x.field === field);
  return c && [c.cell, c.oldValue, c.newValue];
};

/** The unit's row under the task with this plan number. */
function unitRow(list: Row[], code: string, unit: string): Row | undefined {
  const task = list.find((r) => r.level === 'task' && r.values.code === code)!;
  const under = new Set([task.id]);
  for (const r of list) if (r.parentId !== null && under.has(r.parentId)) under.add(r.id);
  return list.find((r) => under.has(r.id) && r.values.units === unit);
}

/** The database file's bytes after folding the WAL back in: equal hashes mean nothing was written. */
const dbHash = (): string => foldedDbHash(backend.store.db, dbPath);

beforeEach(async () => {
  dbPath = tmp.file(`submissions-${++dbCount}/ledger.db`);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  backend?.close();
  backend = createBackend(dbPath, { actor: '测试员' });
  const plan = await ok<{ year: number; sections: unknown[] }>('plan.parse', { text: PLAN_TEXT });
  const created = await ok<{ ledger: { id: number } }>('plan.createLedger', { name: '2020年重点工作台账', year: plan.year, sections: plan.sections });
  ledgerId = created.ledger.id;
  for (const [name, kind] of [['和平小学', 'school'], ['东元中学', 'school'], ['汉都三幼', 'kindergarten'], ['南党小学', 'school']] as const) {
    await ok('units.add', { name, kind, aliases: [] });
  }
  await rows(); // deadline dates are parsed lazily on first listing; settle them before hashing
});

describe('the three sample submissions into the sample plan ledger', () => {
  it('previews exactly what they change: one new row per unit and task, with the reported values', async () => {
    const p = await preview(samples());
    expect(p.totals).toEqual({ files: 3, updatedCells: 0, newRows: 13, unchanged: 0, unmatched: 0, warnings: 0, conflicts: 0 });
    expect(p.files.map((f) => [f.file, f.status, f.unit, f.unitSource, f.period, f.reportDate])).toEqual([
      ['和平小学-6月报送.xlsx', 'ok', '和平小学', 'cell', '2020-06', '2020-06-30'],
      ['东元中学-6月报送.xlsx', 'ok', '东元中学', 'cell', '2020-06', '2020-07-01'],
      ['汉都三幼-6月报送.xlsx', 'ok', '汉都三幼', 'cell', '2020-06', '2020-06-29'],
    ]);
    const heping = byName(p, '和平小学-6月报送.xlsx');
    expect(heping.rows.map((r) => [r.taskCode, r.action, r.matchedBy])).toEqual([
      ['2', 'new', 'code-unit'],
      ['5', 'new', 'code-unit'],
      ['7', 'new', 'code-unit'],
      ['25', 'new', 'code-unit'],
      ['31', 'new', 'code-unit'],
    ]);
    expect(heping.rows[1]!.targetLabel).toBe('5. 切实保障学位需求 › 新增 和平小学 行');
    expect(change(heping, 5, 'progressPct')).toEqual(['H5', '', '85%']);
    expect(change(heping, 5, 'progress')).toEqual(['I5', '', '主体完工，室内装修中']);
    expect(change(heping, 5, 'target')).toEqual(['F5', '', '1080']);
    expect(change(heping, 8, 'status')).toEqual(['K8', '', '已完成']);
    const dongyuan = byName(p, '东元中学-6月报送.xlsx');
    expect(change(dongyuan, 7, 'achieved')).toEqual(['G7', '', '0.2%']);
    expect(change(dongyuan, 6, 'status')).toEqual(['K6', '', '滞后']);
    const handu = byName(p, '汉都三幼-6月报送.xlsx');
    expect(handu.rows.map((r) => r.taskCode)).toEqual(['5', '6', '25']);
    expect(change(handu, 5, 'problems')).toEqual(['J5', '', '等待区级认定通知']);
    expect(handu.rows[2]!.changes.map((c) => c.field)).toEqual(['units', 'measures', 'deadline', 'progressPct', 'progress', 'status']);
  });

  it('applies in one batch after a backup; each value keeps its source; the tracker shows who is missing', async () => {
    const before = (await rows()).length;
    const p = await preview(samples());
    const { batch } = await apply(p.previewId);
    expect(batch).toMatchObject({ status: 'applied', cells: 0, newRows: 13 });
    expect(batch.files.map((f) => [f.fileName, f.unitName, f.period, f.rowsApplied])).toEqual([
      ['和平小学-6月报送.xlsx', '和平小学', '2020-06', 5],
      ['东元中学-6月报送.xlsx', '东元中学', '2020-06', 5],
      ['汉都三幼-6月报送.xlsx', '汉都三幼', '2020-06', 3],
    ]);

    const after = await rows();
    expect(after).toHaveLength(before + 13);
    const r = unitRow(after, '5', '和平小学')!;
    expect(r.level).toBe('item');
    expect(r.values).toMatchObject({ measures: '和平小学新建项目建成投入使用，新增学位', target: '1080', achieved: '0', progressPct: '85%', status: '推进中' });
    expect(unitRow(after, '25', '东元中学')!.values).toMatchObject({ achieved: '0.2%', progressPct: '20%' });
    expect(unitRow(after, '6', '汉都三幼')!.values).toMatchObject({ status: '未启动', problems: '等待区级认定通知' });

    // Source of each value: file, sheet!cell, content hash, batch — in the change log and value_sources.
    const log = backend.store.db.prepare('SELECT source, batch_id AS batchId FROM change_log WHERE row_id = ?').all(r.id) as { source: string; batchId: number }[];
    expect(log).toHaveLength(1);
    expect(log[0]!.batchId).toBe(batch.id);
    expect(log[0]!.source).toMatch(new RegExp(`^报送文件 和平小学-6月报送\\.xlsx 报送表!A5 sha256:${batch.files[0]!.fileHash.slice(0, 16)} 批次#${batch.id}$`));
    const source = backend.store.submissions.latestSource(r.id, 'progressPct', '2020-06')!;
    expect(source).toMatchObject({ fileName: '和平小学-6月报送.xlsx', sheet: '报送表', cell: 'H5', newValue: '85%', reportDate: '2020-06-30', batchId: batch.id });

    // The backup is a complete database as it was before the import.
    const backup = new Database(batch.backupPath, { readonly: true });
    expect((backup.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n).toBe(before);
    backup.close();
    expect(path.dirname(batch.backupPath)).toBe(path.join(path.dirname(dbPath), 'backups'));

    const tracker = await ok<TrackerDto>('submissions.tracker', { ledgerId, period: '2020-06' });
    expect(tracker.units.map((u) => [u.name, u.submitted, u.files.map((f) => f.fileName)])).toEqual([
      ['南党小学', false, []],
      ['汉都三幼', true, ['汉都三幼-6月报送.xlsx']],
      ['东元中学', true, ['东元中学-6月报送.xlsx']],
      ['和平小学', true, ['和平小学-6月报送.xlsx']],
    ]);
    expect([tracker.submitted, tracker.missing]).toEqual([3, 1]);
    const july = await ok<TrackerDto>('submissions.tracker', { ledgerId, period: '2020-07' });
    expect(july.submitted).toBe(0);
  });

  it('reports the same file again as a duplicate and changes nothing', async () => {
    await apply((await preview(samples())).previewId);
    const hash = dbHash();
    const again = await preview(samples());
    expect(again.files.map((f) => f.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(again.files[0]!.message).toMatch(/^与 \d{4}-\d\d-\d\d 已导入的“和平小学-6月报送\.xlsx”内容完全相同/);
    expect(again.totals.newRows).toBe(0);
    const err = await failure('submissions.apply', { previewId: again.previewId });
    expect(err.code).toBe('nothing_to_apply');
    expect(dbHash()).toBe(hash);
    // The same bytes under another name, twice in one go: still one file.
    const twice = await preview([file('a.xlsx', submissionFixture(SUBMISSIONS[0])), file('b.xlsx', submissionFixture(SUBMISSIONS[0]))]);
    expect(twice.files.map((f) => f.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('undoes a whole batch: added rows go, the ledger is as before, and the files can be imported again', async () => {
    const before = await rows();
    const { batch } = await apply((await preview(samples())).previewId);
    const undone = await ok<{ batch: BatchDto; restored: number; removedRows: number; kept: string[] }>('submissions.undo', { batchId: batch.id });
    expect(undone).toMatchObject({ removedRows: 13, kept: [] });
    expect(undone.batch.status).toBe('undone');
    expect((await rows()).map((r) => [r.id, r.values])).toEqual(before.map((r) => [r.id, r.values]));
    expect((await failure('submissions.undo', { batchId: batch.id })).code).toBe('conflict');
    const batches = await ok<BatchDto[]>('submissions.batches', { ledgerId });
    expect(batches.map((b) => [b.id, b.status])).toEqual([[batch.id, 'undone']]);
    const again = await preview(samples());
    expect(again.files.map((f) => f.status)).toEqual(['ok', 'ok', 'ok']);
    const tracker = await ok<TrackerDto>('submissions.tracker', { ledgerId, period: '2020-06' });
    expect(tracker.submitted).toBe(0);
  });
});

describe('messy forms', () => {
  it('reads the corrected WPS form (instruction/hidden sheets, two-level header, full-width digits, formulas, serials) and shows old → new', async () => {
    await apply((await preview(samples())).previewId);
    const name = '和平小学-6月报送(更正).xlsx';
    const p = await preview([file(name, messy(name))]);
    const f = p.files[0]!;
    expect([f.status, f.sheet, f.unit, f.unitSource, f.period, f.reportDate]).toEqual(['ok', 'Sheet1', '和平小学', 'cell', '2020-06', '2020-07-02']);
    expect(f.rows.map((r) => [r.sheetRow, r.taskCode, r.action])).toEqual([
      [6, '5', 'update'],
      [7, '5', 'new'], // a second measure of the unit under task 5 (task number filled down from the merge)
      [9, '7', 'update'],
      [10, '25', 'update'],
      [11, '99', 'unmatched'],
    ]);
    expect(f.rows[0]!.changes.map((c) => [c.field, c.cell, c.oldValue, c.newValue])).toEqual([
      ['progress', 'H6', '主体完工，室内装修中', '主体完工，室内装修完成'],
    ]);
    expect(f.rows[0]).toMatchObject({ target: 1080, done: 0, percent: 85, status: '推进中', deadline: '2020-08-31' });
    expect(f.rows[1]).toMatchObject({ percent: 50, deadline: '2020-08-31', status: '推进中' });
    expect(f.rows[2]!.changes.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([['progress', '春季资助已发放到位'.replace('春季', '春季学期'), '春季学期资助已全部发放']]);
    expect(f.rows[2]).toMatchObject({ percent: 100, status: '已完成', deadline: '2020-12-31' });
    // 八十 is reported with its address and never overwrites the 40% already in the ledger; so is the
    // plan number the ledger does not have.
    expect(f.warnings).toEqual([
      { cell: 'F10', message: 'Sheet1!F10: “八十” 不是百分数' },
      { cell: 'A11', message: 'Sheet1!A11: 任务编号 99 在台账中不存在，请核对任务编号' },
    ]);
    expect(f.rows[3]!.changes.map((c) => [c.field, c.cell, c.oldValue, c.newValue])).toEqual([
      ['achieved', 'G10', '0.4%', '0.5%'],
      ['progress', 'H10', '完成春季视力筛查', '完成春季视力筛查，建立视力档案'],
    ]);
    expect(f.rows[4]!.note).toMatch(/没有编号为“99”的任务/);
    expect(f.rows[4]!.included).toBe(false);
    expect(p.totals).toMatchObject({ updatedCells: 4, newRows: 1, unmatched: 1, warnings: 2, conflicts: 0 });

    await apply(p.previewId);
    const list = await rows();
    expect(unitRow(list, '25', '和平小学')!.values).toMatchObject({ achieved: '0.5%', progressPct: '40%' });
  });

  it('finds the task by its text when the number is missing', async () => {
    const wbRows = [[1, null, '做好学校卫生保健和食品安全工作', '学生总体近视率较上年下降1%', '2020年12月31日', '1%', '0.3%', 30, '开展筛查', '', '推进中']];
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报送表');
    ws.addRow(['报送单位：南党小学']);
    ws.addRow(['序号', '任务编号', '工作任务', '本单位承担内容', '完成时限', '目标值', '累计完成', '完成进度', '进展情况', '存在问题', '状态']);
    for (const r of wbRows) ws.addRow(r);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const p = await preview([file('南党小学.xlsx', bytes)]);
    expect(p.files[0]!.rows[0]).toMatchObject({ action: 'new', matchedBy: 'similarity', targetLabel: '25. 做好学校卫生保健和食品安全工作 › 新增 南党小学 行' });
  });

  it('reads CSV saved as GBK or UTF-8 into the same rows', async () => {
    const gbk = '东元中学-6月报送-GBK.csv';
    const utf8 = '东元中学-6月报送-UTF8.csv';
    const p = await preview([file(gbk, messy(gbk)), file(utf8, messy(utf8))]);
    const [a, b] = p.files;
    expect([a!.status, a!.unit, a!.reportDate, a!.period]).toEqual(['ok', '东元中学', '2020-07-01', '2020-06']);
    const shape = (f: SubmissionFile) => f.rows.map((r) => [r.taskCode, r.target, r.done, r.percent, r.status, r.deadline]);
    expect(shape(a!)).toEqual([
      ['5', 1800, 0, 70, '推进中', '2020-08-31'],
      ['10', 30, 30, 100, '已完成', '2020-06-30'],
    ]);
    expect(shape(b!)).toEqual(shape(a!));
    // Same unit, same values, same report date: the later file is taken, the other adds nothing
    // (no conflict, not applied twice).
    expect(a!.rows.every((r) => !r.included && r.note === `与“${utf8}”报送的内容相同`)).toBe(true);
    expect(b!.rows.every((r) => r.included)).toBe(true);
    expect(p.totals).toMatchObject({ newRows: 2, conflicts: 0 });
  });

  it('leaves a form without a unit waiting for the clerk, and never guesses', async () => {
    const noUnit = '新建 Microsoft Excel 工作表.xlsx';
    const unknown = '城南小学-6月报送.xlsx';
    const p = await preview([file(noUnit, messy(noUnit)), file(unknown, messy(unknown))]);
    expect(p.files.map((f) => [f.status, f.unit])).toEqual([
      ['needs-unit', null],
      ['needs-unit', null],
    ]);
    expect(p.files[0]!.message).toBe('表中没有填写报送单位，文件名中也没有单位名称，请选择报送单位');
    expect(p.files[1]!.message).toMatch(/^表中报送单位“城南小学”不在单位名录中/);
    expect(p.totals.newRows).toBe(0);

    const units = await ok<{ id: number; name: string }[]>('units.list', {});
    const handu = units.find((u) => u.name === '汉都三幼')!;
    const resolved = await ok<SubmissionPreview>('submissions.resolve', { previewId: p.previewId, fileKey: p.files[0]!.key, unitId: handu.id });
    expect(resolved.files[0]).toMatchObject({ status: 'ok', unit: '汉都三幼', unitSource: 'clerk' });
    expect(resolved.files[0]!.rows[0]).toMatchObject({ action: 'new', taskCode: '6' });
    // An alias in the directory resolves the unknown name.
    await ok('units.add', { name: '未央区城南小学', kind: 'school', aliases: ['城南小学'] });
    const again = await preview([file(unknown, messy(unknown))]);
    expect(again.files[0]).toMatchObject({ status: 'ok', unit: '未央区城南小学', unitSource: 'cell' });
    // A file name naming a unit is enough when the form has no unit line.
    const named = await preview([file('南党小学6月.xlsx', messy(noUnit))]);
    expect(named.files[0]).toMatchObject({ status: 'ok', unit: '南党小学', unitSource: 'file-name' });
  });

  it('flags a conflict when two files of one unit disagree, and takes the newer by default', async () => {
    const revised = '汉都三幼-6月报送(修改).xlsx';
    const p = await preview([file(SUBMISSIONS[2], submissionFixture(SUBMISSIONS[2])), file(revised, messy(revised))]);
    const [first, second] = p.files;
    const row5 = first!.rows.find((r) => r.taskCode === '5')!;
    expect(row5.included).toBe(false);
    expect(row5.conflict).toEqual({ kind: 'same-unit', message: `与同一单位的“${revised}”（2020-06-30）对同一行报送不一致，默认采用较新的“${revised}”` });
    expect(first!.rows.find((r) => r.taskCode === '6')!.note).toBe(`与“${revised}”报送的内容相同`);
    expect(first!.rows.find((r) => r.taskCode === '25')!.included).toBe(true);
    expect(second!.rows.every((r) => r.included)).toBe(true);
    expect(p.totals).toMatchObject({ newRows: 3, conflicts: 1 });

    // The clerk prefers the first file's figure: tick it, untick the other.
    const flipped = await ok<SubmissionPreview>('submissions.resolve', { previewId: p.previewId, fileKey: first!.key, rows: [{ key: row5.key, included: true }] });
    await ok('submissions.resolve', { previewId: p.previewId, fileKey: second!.key, rows: [{ key: second!.rows[0]!.key, included: false }] });
    expect(flipped.files[0]!.rows.find((r) => r.key === row5.key)!.included).toBe(true);
    await apply(p.previewId);
    expect(unitRow(await rows(), '5', '汉都三幼')!.values.progressPct).toBe('90%');
  });

  it('flags a file older than what the ledger already has, and does not overwrite by default', async () => {
    await apply((await preview(samples())).previewId);
    const draft = '和平小学-6月报送(草稿).xlsx';
    const p = await preview([file(draft, messy(draft))]);
    const r = p.files[0]!.rows[0]!;
    expect(r.action).toBe('update');
    expect(r.included).toBe(false);
    expect(r.conflict).toEqual({
      kind: 'older-file',
      message: '本文件报送日期 2020-06-20 早于台账中已导入的“和平小学-6月报送.xlsx”（2020-06-30），默认不导入此行',
    });
    expect(p.totals).toMatchObject({ updatedCells: 0, conflicts: 1 });
  });

  it('reads a macro-enabled workbook (.xlsm) like any other', async () => {
    const name = '南党小学-6月报送.xlsm';
    const p = await preview([file(name, messy(name))]);
    expect(p.files[0]).toMatchObject({ status: 'ok', unit: '南党小学', sheet: '报送表' });
    expect(p.files[0]!.rows[0]).toMatchObject({ taskCode: '5', target: 900, percent: 60, status: '推进中', action: 'new' });
  });

  it('skips an empty form (the blank template)', async () => {
    const p = await preview([file('空白-报送模板.xlsx', templateFixture(TEMPLATE_SCHOOL))]);
    expect(p.files[0]).toMatchObject({ status: 'empty', message: '表中没有填写任何数据行（可能是空白模板或只填了表头），已跳过' });
  });

  it('honours a period given for the import', async () => {
    const p = await preview(samples().slice(0, 1), { period: '2020-07' });
    expect(p.files[0]!.period).toBe('2020-07');
    const resolved = await ok<SubmissionPreview>('submissions.resolve', { previewId: p.previewId, fileKey: p.files[0]!.key, period: '2020-05' });
    expect(resolved.files[0]!.period).toBe('2020-05');
  });
});

describe('broken and hostile files', () => {
  it('gives each a distinct Chinese message and writes nothing', async () => {
    const hash = dbHash();
    const files = [
      file('旧版.xls', excelFixture('legacy.xls')),
      file('加密.xlsx', excelFixture('encrypted.xlsx')),
      file('乱码.xlsx', excelFixture('random.xlsx')),
      file('空文件.xlsx', excelFixture('empty.xlsx')),
      file('整表合并.xlsx', excelFixture('whole-sheet-merge.xlsx')),
      file('压缩炸弹.xlsx', zipBombXlsx({ gib: 1 })),
      file('和平小学-6月报送(下载不完整).xlsx', messy('和平小学-6月报送(下载不完整).xlsx')),
      file('东元中学-6月报送(Word).xlsx', messy('东元中学-6月报送(Word).xlsx')),
      file('全区汇总.xlsx', minimalXlsx([{ name: '报送表', rows: Array.from({ length: 120_000 }, (_, i) => [i, `任务${(i * 7919) % 100_003}`, (i * 31) % 977]) }])),
      file('东元中学-6月报送.xlsx', submissionFixture(SUBMISSIONS[1])),
    ];
    const p = await preview(files);
    expect(p.files.map((f) => [f.status, f.errorCode])).toEqual([
      ['error', 'legacy_xls'],
      ['error', 'encrypted'],
      ['error', 'not_xlsx'],
      ['error', 'not_xlsx'],
      ['error', 'too_large'],
      ['error', 'zip_bomb'],
      ['error', 'corrupt'],
      ['error', 'not_xlsx'],
      ['error', 'too_large'],
      ['ok', null],
    ]);
    const messages = p.files.slice(0, 9).map((f) => f.message);
    expect(new Set(messages).size).toBe(9);
    expect(messages[8]).toMatch(/超过 100,000 行/);
    for (const m of messages) expect(m).toMatch(/[\u4e00-\u9fff]/);
    expect(messages[0]).toMatch(/另存为.*\.xlsx/);
    expect(messages[3]).toMatch(/0 字节/);
    expect(messages[7]).toMatch(/Word/);
    await ok('submissions.discard', { previewId: p.previewId });
    expect(dbHash()).toBe(hash);
  });
});

describe('all or nothing', () => {
  it('a failure in the middle of apply leaves the database byte-for-byte as it was', async () => {
    const p = await preview(samples());
    const hash = dbHash();
    // The second file's record fails, after the first file's rows were written in the transaction.
    // A TEMP trigger lives only in this connection, so the file on disk is not touched by it.
    backend.store.db.exec(`CREATE TEMP TRIGGER fail_second_file AFTER INSERT ON main.import_files
      WHEN (SELECT count(*) FROM main.import_files) >= 2 BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    const err = await failure('submissions.apply', { previewId: p.previewId });
    backend.store.db.exec('DROP TRIGGER temp.fail_second_file');
    expect(err.code).toBe('apply_failed');
    expect(err.message).toMatch(/^导入时出错，已全部撤回，台账没有任何改动/);
    expect(dbHash()).toBe(hash);
    // Nothing half-applied: the files are still new, and the same preview applies cleanly now.
    const { batch } = await apply(p.previewId);
    expect(batch.newRows).toBe(13);
  });

  it('refuses to apply when the backup cannot be written, without touching the database', async () => {
    const p = await preview(samples());
    fs.writeFileSync(path.join(path.dirname(dbPath), 'backups'), 'not a folder');
    const hash = dbHash();
    const err = await failure('submissions.apply', { previewId: p.previewId });
    expect(err.code).toBe('backup_failed');
    expect(err.message).toMatch(/没有导入任何内容/);
    expect(dbHash()).toBe(hash);
  });

  it('a row edited between the preview and the apply is compared again: the apply writes what the ledger now implies', async () => {
    await apply((await preview(samples())).previewId);
    const name = '和平小学-6月报送(更正).xlsx';
    const shown = await preview([file(name, messy(name))]);
    const reported = change(byName(shown, name), 10, 'progress');
    expect(reported?.[1]).not.toBe('手工改过');
    const row = unitRow(await rows(), '25', '和平小学')!;
    await ok('rows.updateCell', { rowId: row.id, field: 'progress', value: '手工改过', period: '2020-06' });
    const { preview: applied } = await apply(shown.previewId);
    expect(change(byName(applied, name), 10, 'progress')).toEqual(['H10', '手工改过', reported?.[2]]);
    expect(unitRow(await rows(), '25', '和平小学')!.values.progress).toBe(reported?.[2]);
  });

  it('undo keeps a value the clerk changed after the import', async () => {
    await apply((await preview(samples())).previewId);
    const name = '和平小学-6月报送(更正).xlsx';
    const { batch } = await apply((await preview([file(name, messy(name))])).previewId);
    const row = unitRow(await rows(), '25', '和平小学')!;
    await ok('rows.updateCell', { rowId: row.id, field: 'progress', value: '手工改过', period: '2020-06' });
    // The first batch added the rows the second one updated: it must wait until the second is undone.
    const blocked = await failure('submissions.undo', { batchId: batch.id - 1 });
    expect(blocked).toEqual({ code: 'conflict', message: `批次 #${batch.id} 更新了本批次新增的行，撤销本批次会连同这些数据一起删除。请先撤销批次 #${batch.id}，再撤销批次 #${batch.id - 1}。` });
    const undone = await ok<{ restored: number; removedRows: number; kept: string[] }>('submissions.undo', { batchId: batch.id });
    expect(undone.removedRows).toBe(1);
    expect(undone.kept).toEqual(['Sheet1!H10：该值已被改为“手工改过”，保留现值']);
    const after = unitRow(await rows(), '25', '和平小学')!;
    expect(after.values).toMatchObject({ achieved: '0.4%', progress: '手工改过' });
    expect(unitRow(await rows(), '5', '和平小学')!.values.progress).toBe('主体完工，室内装修中');
  });
});
