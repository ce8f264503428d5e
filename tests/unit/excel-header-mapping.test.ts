// Header band detection and column mapping on the bureau's real templates and submissions,
// plus generated sheets for the cases they do not cover.

import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../electron/backend/excel/column-mapping.js';
import { detectHeaderBand, type HeaderBand, type HeaderColumn } from '../../electron/backend/excel/header-band.js';
import { EXTRA_SYNONYMS, matchHeaderText } from '../../electron/backend/excel/header-vocabulary.js';
import type { SheetModel, WorkbookModel } from '../../electron/backend/excel/workbook-model.js';
import { readWorkbookModel } from '../../electron/backend/excel/workbook-reader.js';
import { excelFixture, submissionFixture, SUBMISSIONS, templateFixture, TEMPLATE_LEDGER, TEMPLATE_SCHOOL } from '../fixtures/excel/fixture-files.js';

async function sheetOf(bytes: Buffer, name?: string): Promise<SheetModel> {
  const model: WorkbookModel = await readWorkbookModel(bytes);
  const sheet = name ? model.sheets.find((s) => s.name === name) : model.sheets[0];
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

function bandOf(sheet: SheetModel): HeaderBand {
  const band = detectHeaderBand(sheet);
  if (!band) throw new Error('no header band');
  return band;
}

/** Column letter → field or extra, as one readable table. */
function mappingTable(band: HeaderBand): Record<string, string | null> {
  return Object.fromEntries(mapColumns(band.columns).columns.map((c) => [`${c.letter} ${c.header}`, c.field ?? c.extra ?? null]));
}

function columns(...paths: string[][]): HeaderColumn[] {
  return paths.map((path, i) => ({ col: i + 1, letter: String.fromCharCode(65 + i), path, text: path.join('/'), address: `${String.fromCharCode(65 + i)}1` }));
}

describe('the bureau meeting template (two-level merged header)', () => {
  it('skips the title and the 填报单位/截至时间 line and reads both header levels', async () => {
    const band = bandOf(await sheetOf(templateFixture(TEMPLATE_LEDGER)));
    expect(band).toMatchObject({
      sheet: '重点工作台账',
      titleRows: [1],
      title: '未央区教育局2020年重点工作推进情况台账',
      noticeRows: [2],
      headerRows: { first: 3, last: 4 },
      firstDataRow: 5,
    });
    expect(band.columns.map((c) => c.path)).toEqual([
      ['序号'],
      ['工作任务'],
      ['具体措施'],
      ['责任领导'],
      ['牵头科室'],
      ['责任单位'],
      ['完成时限'],
      ['目标任务', '目标值'],
      ['目标任务', '单位'],
      ['推进情况', '累计完成'],
      ['推进情况', '进展情况'],
      ['状态'],
      ['备注'],
    ]);
    expect(band.columns[7]).toMatchObject({ col: 8, letter: 'H', text: '目标任务/目标值', address: 'H4' });
    expect(band.columns[0]?.address).toBe('A3');
  });

  it('maps every column, the unit under 目标任务 included', async () => {
    expect(mappingTable(bandOf(await sheetOf(templateFixture(TEMPLATE_LEDGER)))))
      .toEqual({
        'A 序号': 'code',
        'B 工作任务': 'task',
        'C 具体措施': 'measures',
        'D 责任领导': 'leader',
        'E 牵头科室': 'leadDept',
        'F 责任单位': 'units',
        'G 完成时限': 'deadline',
        'H 目标任务/目标值': 'target',
        'I 目标任务/单位': 'targetUnit',
        'J 推进情况/累计完成': 'achieved',
        'K 推进情况/进展情况': 'progress',
        'L 状态': 'status',
        'M 备注': 'remarks',
      });
  });
});

describe('the school submission form and the three filled forms', () => {
  const expected = {
    'A 序号': 'rowNumber',
    'B 任务编号': 'code',
    'C 工作任务': 'task',
    'D 本单位承担内容': 'measures',
    'E 完成时限': 'deadline',
    'F 目标值': 'target',
    'G 累计完成': 'achieved',
    'H 完成进度(%)': 'progressPct',
    'I 进展情况': 'progress',
    'J 存在问题及下步打算': 'problems',
    'K 状态': 'status',
  };

  it('finds a one-level header under the title and the 报送单位 line', async () => {
    const band = bandOf(await sheetOf(templateFixture(TEMPLATE_SCHOOL)));
    expect(band).toMatchObject({ titleRows: [1], noticeRows: [2], headerRows: { first: 3, last: 3 }, firstDataRow: 4 });
    // 序号 is the running count; 任务编号 keeps the plan's own number.
    expect(mappingTable(band)).toEqual(expected);
  });

  it.each(SUBMISSIONS)('%s: same header, rich-text 完成进度(%%) included', async (name) => {
    const band = bandOf(await sheetOf(submissionFixture(name)));
    expect(band.headerRows).toEqual({ first: 3, last: 3 });
    expect(band.title).toBe('2020年重点工作任务推进情况报送表');
    expect(mappingTable(band)).toEqual(expected);
  });
});

describe('the messy generated ledger', () => {
  it('reads a two-level header with a column-number row under it', async () => {
    const band = bandOf(await sheetOf(excelFixture('messy-ledger.xlsx'), '重点工作台账'));
    expect(band).toMatchObject({ headerRows: { first: 3, last: 4 }, columnNumberRow: 5, firstDataRow: 6, noticeRows: [2] });
    expect(band.columns.map((c) => c.text)).toEqual([
      '序号',
      '工作任务',
      '具体措施',
      '责任单位',
      '完成时限', // written 完成\n时限
      '目标任务/目标值',
      '目标任务/单位',
      '推进情况/累计完成',
      '推进情况/1-6月完成情况',
      '完成进度（%）',
      '完成情况',
      '备注', // written 备 注
    ]);
  });

  it('reads 1-6月完成情况 as progress and settles 完成情况 from its status-word values', async () => {
    const sheet = await sheetOf(excelFixture('messy-ledger.xlsx'), '重点工作台账');
    const band = bandOf(sheet);
    const { sampleColumnValues } = await import('../../electron/backend/excel/column-mapping.js');
    const mapping = mapColumns(band.columns, { samples: sampleColumnValues(sheet, band) });
    const byLetter = Object.fromEntries(mapping.columns.map((c) => [c.letter, c]));
    expect(byLetter['I']).toMatchObject({ field: 'progress', path: ['推进情况', '1-6月完成情况'] });
    expect(byLetter['K']).toMatchObject({ field: 'status', reason: '完成情况 holding status words' });
    expect(byLetter['G']).toMatchObject({ field: null, extra: 'targetUnit' });
    expect(mapping.fieldColumns.status).toEqual([11]);
    expect(mapping.extraColumns).toEqual({ targetUnit: 7 });
    expect(mapping.unmapped).toEqual([]);
  });

  it('finds the header in row 1 when there is no title', async () => {
    const band = bandOf(await sheetOf(excelFixture('plain-no-unit.xlsx')));
    expect(band).toMatchObject({ titleRows: [], noticeRows: [], headerRows: { first: 1, last: 1 }, firstDataRow: 2 });
    expect(mappingTable(band)).toEqual({
      'A 编号': 'code',
      'B 重点任务': 'task',
      'C 工作内容': 'measures',
      'D 办理时限': 'deadline',
      'E 完成率': 'progressPct',
      'F 推进情况': 'progress',
      'G 办结情况': 'status',
    });
  });

  it('finds no header on an empty sheet', async () => {
    const model = await readWorkbookModel(excelFixture('plain-no-unit.xlsx'));
    expect(detectHeaderBand(model.sheets[1] as SheetModel)).toBeNull();
  });
});

describe('column mapping by meaning', () => {
  it('normalises spacing, brackets and full-width characters', () => {
    expect(matchHeaderText('完 成\n时 限')?.field).toBe('deadline');
    expect(matchHeaderText('完成进度（％）')).toMatchObject({ field: 'progressPct', bracket: '%' });
    expect(matchHeaderText('*责任单位')?.field).toBe('units');
    expect(matchHeaderText('2020年目标')?.field).toBe('target');
    expect(matchHeaderText('截至6月底进展情况')).toMatchObject({ field: 'progress', period: true });
    expect(matchHeaderText('1-6月完成情况')).toMatchObject({ field: 'progress', how: 'period' });
    expect(matchHeaderText('牵头单位及责任人')).toMatchObject({ field: 'leadDept', how: 'contains' });
    expect(matchHeaderText('完成情况（已完成/推进中/未启动）')).toMatchObject({ field: 'status', how: 'status-hint' });
    expect(matchHeaderText('学校地址')).toBeNull();
  });

  it('uses the extra synonyms the shared list lacks', () => {
    expect(EXTRA_SYNONYMS.deadline).toContain('截止时间');
    expect(matchHeaderText('截止时间')).toMatchObject({ field: 'deadline', how: 'extra-synonym', confidence: 0.9 });
    expect(matchHeaderText('存在的问题')?.field).toBe('problems');
  });

  it('decides 完成情况 from sibling columns', () => {
    const withStatus = mapColumns(columns(['工作任务'], ['完成情况'], ['状态'])).columns;
    expect(withStatus.map((c) => c.field)).toEqual(['task', 'progress', 'status']);
    const withProgress = mapColumns(columns(['工作任务'], ['进展情况'], ['完成情况'])).columns;
    expect(withProgress.map((c) => c.field)).toEqual(['task', 'progress', 'status']);
    const alone = mapColumns(columns(['工作任务'], ['完成情况'])).columns[1];
    expect(alone).toMatchObject({ field: 'status', confidence: 0.5 });
  });

  it('decides 完成情况 from sample values when the siblings do not tell', () => {
    const cols = columns(['工作任务'], ['完成情况']);
    const narrative = mapColumns(cols, { samples: new Map([[2, ['已招聘教师80名，正在组织岗前培训', '完成场地规划']]]) });
    expect(narrative.columns[1]?.field).toBe('progress');
    const statuses = mapColumns(cols, { samples: new Map([[2, ['已完成', '序时推进', '滞后']]]) });
    expect(statuses.columns[1]?.field).toBe('status');
  });

  it('reads 单位 by its context: under or beside a target, or as part of 责任单位', () => {
    expect(mapColumns(columns(['目标值'], ['单位'])).columns[1]).toMatchObject({ field: null, extra: 'targetUnit' });
    expect(mapColumns(columns(['责任', '单位'])).columns[0]?.field).toBe('units');
    const lonely = mapColumns(columns(['工作任务'], ['单位']));
    expect(lonely.columns[1]).toMatchObject({ field: null });
    expect(lonely.columns[1]?.extra).toBeUndefined();
    expect(lonely.unmapped.map((c) => c.header)).toEqual(['单位']);
  });

  it('keeps one column per single-valued field and several for multi-column fields', () => {
    const m = mapColumns(columns(['状态'], ['完成状态'], ['存在问题'], ['下步打算'], ['责任单位'], ['配合单位']));
    expect(m.columns.map((c) => c.field)).toEqual(['status', null, 'problems', 'problems', 'units', 'units']);
    expect(m.columns[1]?.reason).toMatch(/same meaning as column A/);
    expect(m.fieldColumns.problems).toEqual([3, 4]);
  });

  it('uses a parent header when the leaf says nothing', () => {
    expect(mapColumns(columns(['进展情况', '6月']))).toMatchObject({ columns: [{ field: 'progress', reason: 'parent header only' }] });
  });
});
