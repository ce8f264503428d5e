// Taking back edits made in an exported ledger workbook: the export is recognised by its plan numbers,
// compared with what the export wrote (migration 5 snapshot) and with the ledger now — changed cells
// old → new, rows added and deleted in Excel, conflicts with edits made in the app since — and applied
// all or some as one undoable batch with its source; dry runs and refusals leave the database as it was.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerImportPreview, MergePreview } from '#shared/api/ledger-import-api.js';
import type { BatchDto } from '#shared/api/submission-api.js';
import type { Row } from '#shared/domain.js';
import { runCli } from '../../electron/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { LEDGER_FIXTURES, ledgerFixture, TestBackend } from './ledger-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let t: TestBackend;
let n = 0;
let ledgerId: number;
let exported: Uint8Array;

const rows = () => t.ok<Row[]>('rows.list', { ledgerId, period: '2020-06' });
const item = (list: Row[], measures: string) => list.find((r) => r.values.measures === measures)!;
const task = (list: Row[], code: string) => list.find((r) => r.level === 'task' && r.values.code === code);

beforeEach(async () => {
  t = new TestBackend(tmp.file(`merge-${++n}/ledger.db`));
  const name = LEDGER_FIXTURES[0];
  const preview = await t.ok<LedgerImportPreview>('ledgerimport.preview', { fileName: name, bytes: ledgerFixture(name) });
  const created = await t.ok<{ ledger: { id: number }; templateId: number }>('ledgerimport.create', { previewId: preview.previewId });
  ledgerId = created.ledger.id;
  const out = await t.ok<{ bytes: Uint8Array }>('export.ledger', { ledgerId, templateId: created.templateId, period: '2020-06' });
  exported = out.bytes;
});
afterEach(() => t.close());

/** The exported workbook edited "in Excel": a narrative, a status, a custom value and a plan field changed, task 11 cleared, a new task where 合计 was. */
async function editInExcel(bytes: Uint8Array): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rowOf = (col: string, text: string) => {
    for (let r = 1; r <= ws.rowCount; r++) if (String(ws.getCell(`${col}${r}`).value ?? '').startsWith(text)) return r;
    throw new Error(`no ${text} in ${col}`);
  };
  ws.getCell(`K${rowOf('C', '新建、改扩建')}`).value = '已开工10所，完成主体5所';
  ws.getCell(`N${rowOf('C', '新建、改扩建')}`).value = '张老师'; // task 5's custom column 联系人
  ws.getCell(`E${rowOf('C', '组建教育集团')}`).value = '基教科'; // task 6's 牵头科室 (a plan field)
  ws.getCell(`L${rowOf('C', '扩充义务教育')}`).value = '推进中';
  const r11 = rowOf('A', '11');
  for (let c = 1; c <= 14; c++) ws.getRow(r11).getCell(c).value = null;
  const total = rowOf('A', '合计');
  const values: Record<string, string | number> = { A: 12, B: '新增：课后服务提质', C: '开设特色社团30个', E: '基础教育科', G: '12月底前', H: 30, I: '个', L: '未启动' };
  for (let c = 1; c <= 14; c++) ws.getRow(total).getCell(c).value = null;
  for (const [col, v] of Object.entries(values)) ws.getCell(`${col}${total}`).value = v;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('taking back edits from an exported workbook', () => {
  it('shows changed cells, conflicts, added and deleted rows; applies the non-conflicting ones as one undoable batch', async () => {
    const edited = await editInExcel(exported);
    // Edits in the app after the export: one on the cell Excel also changed (conflict), one elsewhere.
    const before = await rows();
    await t.ok('rows.updateCell', { rowId: item(before, '扩充义务教育阶段学位').id, field: 'status', value: '已完成', period: '2020-06' });
    await t.ok('rows.updateCell', { rowId: item(before, '推进小区配套园治理').id, field: 'progress', value: '软件中补充的说明', period: '2020-06' });

    const preview = await t.ok<MergePreview>('ledgerimport.mergePreview', { fileName: '会议修改稿.xlsx', bytes: edited });
    expect(preview.ledgerId).toBe(ledgerId);
    expect(preview.recognisedBy).toContain('最近一次导出');
    expect(preview.exportedAt).not.toBeNull();
    const byField = preview.changes.map((c) => [c.rowLabel.split(' › ').pop(), c.field, c.exportedValue, c.fileValue, c.appValue, c.conflict]);
    expect(byField).toEqual([
      ['5. 切实保障学位需求', 'custom:联系人', '李老师', '张老师', '李老师', false],
      ['新建、改扩建中小学幼儿园12所', 'progress', '已开工8所，完成主体3所', '已开工10所，完成主体5所', '已开工8所，完成主体3所', false],
      ['扩充义务教育阶段学位', 'status', '滞后', '推进中', '已完成', true],
      ['6. 推进集团化办学', 'leadDept', '基础教育科', '基教科', '基础教育科', false],
    ]);
    expect(preview.added.map((a) => [a.level, a.values['code'] ?? a.values['measures']])).toEqual([['task', '12'], ['item', '开设特色社团30个']]);
    expect(preview.deleted.map((d) => d.label)).toEqual(['11. 完善教师培训体系']);
    expect(preview.totals).toEqual({ changes: 4, conflicts: 1, added: 2, deleted: 1 });
    expect(new Set([...preview.changes, ...preview.added, ...preview.deleted].map((x) => x.key)).size).toBe(7);

    const applied = await t.ok<{ batch: BatchDto; cells: number; addedRows: number; deletedRows: number }>('ledgerimport.mergeApply', { previewId: preview.previewId });
    expect([applied.cells, applied.addedRows, applied.deletedRows]).toEqual([3, 2, 0]);
    let after = await rows();
    expect(item(after, '新建、改扩建中小学幼儿园12所').values.progress).toBe('已开工10所，完成主体5所');
    expect(item(after, '扩充义务教育阶段学位').values.status).toBe('已完成'); // the conflict keeps the app's value
    expect(item(after, '推进小区配套园治理').values.progress).toBe('软件中补充的说明');
    expect(task(after, '12')!.values.task).toBe('新增：课后服务提质');
    expect(item(after, '开设特色社团30个').parentId).toBe(task(after, '12')!.id);
    expect(task(after, '11')).toBeDefined(); // deletions only when chosen
    expect(task(after, '6')!.values.leadDept).toBe('基教科');
    const contact = (await t.ok<{ columns: { key: string; label: string }[] }>('workbench.config', { ledgerId })).columns.find((c) => c.label === '联系人')!;
    expect(task(after, '5')!.custom?.[contact.key]).toBe('张老师');
    const log = t.backend.store.db
      .prepare("SELECT source FROM change_log WHERE field = 'progress' AND new_value = '已开工10所，完成主体5所'")
      .get() as { source: string };
    expect(log.source).toMatch(/^导出台账修改稿 会议修改稿\.xlsx 重点工作台账!K\d+ sha256:[0-9a-f]{16} 批次#\d+$/);

    const undone = await t.ok<{ restored: number; removedRows: number }>('submissions.undo', { batchId: applied.batch.id });
    expect(undone).toMatchObject({ restored: 3, removedRows: 2, kept: [] });
    after = await rows();
    expect(item(after, '新建、改扩建中小学幼儿园12所').values.progress).toBe('已开工8所，完成主体3所');
    expect(task(after, '6')!.values.leadDept).toBe('基础教育科');
    expect(task(after, '5')!.custom?.[contact.key]).toBe('李老师');
    expect(task(after, '12')).toBeUndefined();
  });

  it('applies exactly the chosen keys: a conflict taken from the file, a deletion', async () => {
    const edited = await editInExcel(exported);
    const list = await rows();
    await t.ok('rows.updateCell', { rowId: item(list, '扩充义务教育阶段学位').id, field: 'status', value: '已完成', period: '2020-06' });
    const preview = await t.ok<MergePreview>('ledgerimport.mergePreview', { fileName: '会议修改稿.xlsx', bytes: edited, ledgerId });
    const conflict = preview.changes.find((c) => c.conflict)!;
    const result = await t.ok<{ cells: number; deletedRows: number }>('ledgerimport.mergeApply', {
      previewId: preview.previewId,
      keys: [conflict.key, preview.deleted[0]!.key],
    });
    expect([result.cells, result.deletedRows]).toEqual([1, 1]);
    const after = await rows();
    expect(item(after, '扩充义务教育阶段学位').values.status).toBe('推进中');
    expect(task(after, '11')).toBeUndefined();
    expect(task(after, '12')).toBeUndefined();
  });

  it('a dry run, a discarded preview and a file from no known ledger leave the database as it was', async () => {
    const edited = await editInExcel(exported);
    const file = tmp.file(`edited-${n}.xlsx`);
    fs.writeFileSync(file, edited);
    const hash = t.dbHash();
    t.close();
    let out = '';
    expect(await runCli(['ledger', 'merge', file, '--dry-run', '--json', '--db', t.dbPath], (s) => (out += s))).toBe(0);
    const json = JSON.parse(out) as { dryRun: boolean; batchId: number | null; totals: MergePreview['totals']; changes: unknown[] };
    expect(json).toMatchObject({ dryRun: true, batchId: null, totals: { changes: 4, conflicts: 0, added: 2, deleted: 1 } });
    t = new TestBackend(t.dbPath);
    expect(t.dbHash()).toBe(hash);

    const preview = await t.ok<MergePreview>('ledgerimport.mergePreview', { fileName: 'x.xlsx', bytes: edited });
    await t.ok('ledgerimport.discard', { previewId: preview.previewId });
    const other = await t.failure('ledgerimport.mergePreview', { fileName: LEDGER_FIXTURES[1], bytes: ledgerFixture(LEDGER_FIXTURES[1]) });
    expect(other.code).toBe('not_recognised');
    expect(t.dbHash()).toBe(hash);

    // Applied from the CLI: the human report, then the values are in.
    t.close();
    out = '';
    expect(await runCli(['ledger', 'merge', file, '--db', t.dbPath], (s) => (out += s))).toBe(0);
    expect(out).toContain('已开工8所，完成主体3所 → 已开工10所，完成主体5所');
    expect(out).toMatch(/已导入（批次 #\d+）/);
    t = new TestBackend(t.dbPath);
    expect(item(await rows(), '新建、改扩建中小学幼儿园12所').values.progress).toBe('已开工10所，完成主体5所');

    // The same file again: everything is in already (its new task is matched, not added twice).
    const again = await t.ok<MergePreview>('ledgerimport.mergePreview', { fileName: 'x.xlsx', bytes: edited });
    expect(again.totals).toEqual({ changes: 0, conflicts: 0, added: 0, deleted: 1 });
    expect(again.deleted.map((d) => d.label)).toEqual(['11. 完善教师培训体系']);
  });
});

describe('an export brought back unedited', () => {
  it('shows no changes, whatever template it was exported into', async () => {
    const cases: [string, number | null][] = [];
    const templates = await t.ok<{ id: number }[]>('templates.list', {});
    cases.push(['registered layout', templates[0]!.id], ['built-in template', null]);
    for (const [what, templateId] of cases) {
      const out = await t.ok<{ bytes: Uint8Array }>('export.ledger', { ledgerId, templateId, period: '2020-06' });
      const preview = await t.ok<MergePreview>('ledgerimport.mergePreview', { fileName: `${what}.xlsx`, bytes: out.bytes });
      expect([what, preview.ledgerId, preview.changes, preview.added, preview.deleted]).toEqual([what, ledgerId, [], [], []]);
      await t.ok('ledgerimport.discard', { previewId: preview.previewId });
    }
  });

  it('the school ledger too (running 序号, percents, merged task cells)', async () => {
    const name = LEDGER_FIXTURES[1];
    const preview = await t.ok<LedgerImportPreview>('ledgerimport.preview', { fileName: name, bytes: ledgerFixture(name) });
    const created = await t.ok<{ ledger: { id: number }; templateId: number }>('ledgerimport.create', { previewId: preview.previewId });
    const out = await t.ok<{ bytes: Uint8Array }>('export.ledger', { ledgerId: created.ledger.id, templateId: created.templateId, period: '2020-06' });
    const merge = await t.ok<MergePreview>('ledgerimport.mergePreview', { fileName: 'school.xlsx', bytes: out.bytes });
    expect([merge.ledgerId, merge.changes, merge.added, merge.deleted]).toEqual([created.ledger.id, [], [], []]);
  });
});

describe('recognising the ledger', () => {
  it('picks the ledger whose tasks match, not another with the same plan numbers', async () => {
    // Next year's ledger: the same numbers, other titles, created (and exported) later.
    const other = await t.ok<{ id: number }>('ledger.create', { name: '2021年台账', year: 2021 });
    for (const code of ['5', '6', '10', '11']) {
      await t.ok('rows.add', { ledgerId: other.id, level: 'task', values: { code, task: `2021年任务${code}` } });
    }
    await t.ok('export.ledger', { ledgerId: other.id, templateId: null });
    const preview = await t.ok<MergePreview>('ledgerimport.mergePreview', { fileName: 'x.xlsx', bytes: exported });
    expect(preview.ledgerId).toBe(ledgerId);
  });
});
