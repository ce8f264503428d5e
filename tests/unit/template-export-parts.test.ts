// The pieces of template export on their own: which lines a ledger becomes, how dates and
// placeholders are filled, row heights, validation parsing and the atomic write.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS } from '#shared/fields.js';
import { writeFileAtomic } from '../../electron/backend/export/atomic-write.js';
import { formLines, ledgerLines, selectRows } from '../../electron/backend/export/export-lines.js';
import { UnitDirectory } from '#shared/responsibility.js';
import { asOfDate } from '../../electron/backend/export/ledger-export.js';
import { estimateRowHeight, textWidth } from '../../electron/backend/export/row-height.js';
import { statusListRule } from '../../electron/backend/export/template-export.js';
import { fillDateCell, fillPlaceholders, fillUnitCell, type FillContext } from '../../electron/backend/export/template-fill.js';
import { parseValidations } from '../../electron/backend/export/template-workbook.js';
import { TemplateSheet } from '../../electron/backend/export/template-sheet.js';
import { parseRange } from '../../electron/backend/excel/cell-address.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let nextId = 1;
function row(level: Row['level'], parentId: number | null, values: Partial<Row['values']>): Row {
  const all = Object.fromEntries(FIELD_KEYS.map((k) => [k, ''])) as Row['values'];
  return { id: nextId++, ledgerId: 1, parentId, position: 0, level, period: null, values: { ...all, ...values }, updatedAt: '' };
}

const section = row('section', null, { code: '一', task: '保障和改善民生' });
const task5 = row('task', section.id, { code: '5', task: '扩大学前教育资源', units: '和平小学、汉都三幼', deadline: '年底前' });
const m1 = row('item', task5.id, { measures: '新建幼儿园3所' });
const m2 = row('item', task5.id, { measures: '新增学位5190个', units: '汉都三幼', target: '5190个' });
const task6 = row('task', section.id, { code: '6', task: '推进义务教育均衡', leadDept: '基础教育科' });
const m3 = row('item', task6.id, { measures: '化解大班额', units: '东元中学' });
const ROWS = [section, task5, m1, m2, task6, m3];
const plain = new UnitDirectory([]);
const withAlias = new UnitDirectory([{ id: 1, name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['汉都三幼'] }]);

describe('ledger lines', () => {
  it('puts sections and tasks in order, a task’s cells spanning its measures', () => {
    const { lines, counts } = ledgerLines(ROWS, true);
    expect(counts).toEqual({ sections: 1, tasks: 2, items: 3 });
    expect(lines.map((l) => [l.kind, l.values.code, l.values.measures])).toEqual([
      ['section', '一', ''],
      ['task', '5', ''],
      ['item', '', '新建幼儿园3所'],
      ['item', '', '新增学位5190个'],
      ['task', '6', '化解大班额'],
    ]);
    expect(lines[0]!.values.task).toBe('一、保障和改善民生');
    // Task 5 and one of its measures both name units: the task keeps its own line, number and title spanning.
    expect(lines[1]!.mergeDown).toEqual({ fields: ['code', 'task'], span: 3 });
    // Task 6's single measure shares its line.
    expect(lines[4]!.values).toMatchObject({ leadDept: '基础教育科', units: '东元中学' });
    expect(lines[4]!.mergeDown).toBeUndefined();
  });

  it('keeps a task line of its own when the task and a measure both fill a column', () => {
    const task = row('task', null, { code: '9', task: '任务', status: '推进中' });
    const a = row('item', task.id, { measures: '措施甲', status: '已完成' });
    const b = row('item', task.id, { measures: '措施乙' });
    const { lines } = ledgerLines([task, a, b], true);
    expect(lines.map((l) => [l.kind, l.values.code, l.values.measures, l.values.status])).toEqual([
      ['task', '9', '', '推进中'],
      ['item', '', '措施甲', '已完成'],
      ['item', '', '措施乙', ''],
    ]);
    expect(lines[0]!.mergeDown).toEqual({ fields: ['code', 'task'], span: 3 });
  });

  it('puts a task on its first measure line when they do not clash, its target left to the measures', () => {
    const task = row('task', null, { code: '3', task: '扩大学位', leadDept: '基础教育科', target: '6所；学位5190个', deadline: '年底前' });
    const a = row('item', task.id, { measures: '新建6所', target: '6所' });
    const b = row('item', task.id, { measures: '新增学位', target: '学位5190个' });
    const { lines } = ledgerLines([task, a, b], true);
    expect(lines.map((l) => [l.kind, l.values.code, l.values.measures, l.values.target, l.values.leadDept])).toEqual([
      ['task', '3', '新建6所', '6所', '基础教育科'],
      ['item', '', '新增学位', '学位5190个', ''],
    ]);
    expect(lines[0]!.mergeDown!.span).toBe(2);
    expect(lines[0]!.mergeDown!.fields).toEqual(expect.arrayContaining(['code', 'task', 'leadDept', 'deadline']));
    expect(lines[0]!.mergeDown!.fields).not.toContain('target');
  });

  it('folds measures into the task line when asked', () => {
    const { lines } = ledgerLines(ROWS, false);
    expect(lines.map((l) => l.kind)).toEqual(['section', 'task', 'task']);
    expect(lines[1]!.values.measures).toBe('1. 新建幼儿园3所\n2. 新增学位5190个');
    expect(lines[2]!.values.measures).toBe('化解大班额');
  });

  it('keeps a chosen measure with its task and section', () => {
    expect(selectRows(ROWS, (r) => r.id === m3.id).map((r) => r.id)).toEqual([section.id, task6.id, m3.id]);
  });
});

describe('form lines', () => {
  it('lists the units in the order they appear', () => {
    expect(plain.unitsNamedIn(ROWS)).toEqual(['和平小学', '汉都三幼', '基础教育科', '东元中学']);
    expect(withAlias.unitsNamedIn(ROWS)).toEqual(['和平小学', '汉都第三幼儿园', '基础教育科', '东元中学']);
  });

  it('gives a unit whose assignment is the task the task, with the measures that name no unit', () => {
    const lines = formLines(ROWS, '和平小学', plain);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.values).toMatchObject({ code: '5', task: '扩大学前教育资源', measures: '新建幼儿园3所' });
  });

  it('gives a unit named on a measure that row with its task number, title and deadline', () => {
    const lines = formLines(ROWS, '东元中学', plain);
    expect(lines.map((l) => l.values)).toEqual([expect.objectContaining({ code: '6', task: '推进义务教育均衡', measures: '化解大班额', leadDept: '基础教育科' })]);
  });

  it('gives a unit named on the task and on its own measure only its own row, with its own target (aliases resolved)', () => {
    const lines = formLines(ROWS, '汉都第三幼儿园', withAlias);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.values).toMatchObject({ code: '5', measures: '新增学位5190个', target: '5190个', deadline: '年底前' });
  });

  it("never carries the task's (district) target onto a unit's row", () => {
    const task = row('task', null, { code: '3', task: '扩大学位', target: '6所；增加学位5190个', units: '和平小学、东元中学' });
    const a = row('item', task.id, { units: '和平小学', target: '1所' });
    const b = row('item', task.id, { units: '东元中学' });
    expect(formLines([task, a, b], '和平小学', plain).map((l) => l.values.target)).toEqual(['1所']);
    expect(formLines([task, a, b], '东元中学', plain).map((l) => l.values.target)).toEqual(['']);
  });
});

describe('filling the template', () => {
  const ctx: FillContext = { ledgerName: '2020年台账', year: 2020, period: '2020-06', asOf: '2020-06-30', today: '2020-07-02', unit: '和平小学' };

  /** A sheet as the export reads it from a template's XML. */
  function sheet(): TemplateSheet {
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const xml =
      '<worksheet><sheetData>' +
      `<row r="1">${cell('A1', '{{台账名称}}（{{期间}}）{{不认识}}')}</row>` +
      `<row r="2">${cell('A2', '截至时间：    年  月  日')}${cell('C2', '统计截止：')}${cell('E2', '填报日期：')}</row>` +
      `<row r="3">${cell('A3', '报送单位：')}${cell('H3', '填报单位：____')}</row>` +
      '</sheetData><mergeCells count="1"><mergeCell ref="B3:C3"/></mergeCells></worksheet>';
    return new TemplateSheet(xml, []);
  }
  const value = (ws: TemplateSheet, address: string): string | null => {
    const r = parseRange(address)!;
    const cell = ws.cell(r.top, r.left);
    return cell ? ws.textOf(cell) : null;
  };

  it('fills placeholders, leaving unknown ones empty', () => {
    const before = sheet();
    const ws = new TemplateSheet(fillPlaceholders(before.head + before.rows.map((r) => before.rowXml(r)).join('') + before.tail, ctx), []);
    expect(value(ws, 'A1')).toBe('2020年台账（2020年6月）');
  });

  it('fills date lines in the cell or the empty cell beside it, submission dates only on the ledger', () => {
    const ws = sheet();
    fillDateCell(ws, 'A2', ctx, false, 8);
    fillDateCell(ws, 'C2', ctx, false, 8);
    fillDateCell(ws, 'E2', ctx, true, 8);
    expect(value(ws, 'A2')).toBe('截至时间：2020年6月30日');
    expect(value(ws, 'D2')).toBe('2020年6月30日');
    expect(value(ws, 'F2')).toBeNull();
    fillDateCell(ws, 'E2', ctx, false, 5);
    expect(value(ws, 'E2')).toBe('填报日期：2020年7月2日');
  });

  it('writes the unit beside its label, or after the colon when there is no room', () => {
    const ws = sheet();
    expect(fillUnitCell(ws, 'A3', '和平小学', 8)).toBe('B3');
    expect(value(ws, 'B3')).toBe('和平小学');
    expect(fillUnitCell(ws, 'H3', '和平小学', 8)).toBe('H3');
    expect(value(ws, 'H3')).toBe('填报单位：和平小学');
  });

  it('dates 截至时间 the last day of the month exported, unless a date is given', () => {
    expect(asOfDate('2020-02', undefined)).toBe('2020-02-29');
    expect(asOfDate('2026-12', undefined)).toBe('2026-12-31');
    expect(asOfDate('2020-06', '2020-06-15')).toBe('2020-06-15');
  });
});

describe('row heights and validations', () => {
  it('counts CJK characters double and grows rows with wrapped lines', () => {
    expect(textWidth('学位ab')).toBe(6);
    const one = estimateRowHeight('短', 20, 12);
    expect(estimateRowHeight('长'.repeat(60), 20, 12)).toBeGreaterThan(one * 5);
    expect(estimateRowHeight('a\nb\nc', 20, 12)).toBeGreaterThan(one * 2);
    expect(estimateRowHeight('', 20)).toBe(0);
  });

  it('counts an astral CJK character (extension B) once, as wide', () => {
    expect(textWidth('𠀀Ａ1')).toBe(5);
  });

  it('keeps a status drop-down within Excel’s 255-character list limit', () => {
    const labels = Array.from({ length: 20 }, (_, i) => `第${i + 1}种很长很长很长很长很长的状态`);
    const formula = statusListRule(labels).formulae[0] as string;
    expect(formula.length - 2).toBeLessThanOrEqual(255);
    expect(formula.startsWith('"第1种')).toBe(true);
    expect(statusListRule([]).formulae).toEqual(['"已完成,推进中,未启动,滞后"']);
  });

  it('reads validations with their ranges and rules', () => {
    const xml =
      '<worksheet><dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="true" sqref="K4:K18 M2"><formula1>&quot;已完成,滞后&quot;</formula1></dataValidation></dataValidations></worksheet>';
    const [v] = parseValidations(xml);
    expect(v!.ranges).toEqual([
      { top: 4, bottom: 18, left: 11, right: 11 },
      { top: 2, bottom: 2, left: 13, right: 13 },
    ]);
    expect(v!.rule).toMatchObject({ type: 'list', allowBlank: true, showErrorMessage: true, formulae: ['"已完成,滞后"'] });
  });
});

describe('atomic write', () => {
  it('replaces the file whole and leaves no temp file', () => {
    const file = tmp.file('out.xlsx');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    expect([...fs.readFileSync(file)]).toEqual([1, 2, 3]);
    expect(fs.readdirSync(tmp.dir)).toEqual(['out.xlsx']);
  });

  it('says in Chinese when the folder does not exist', () => {
    expect(() => writeFileAtomic(tmp.file('no/such/dir/out.xlsx'), new Uint8Array([1]))).toThrow(/文件夹不存在/);
  });
});
