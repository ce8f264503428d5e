// Choosing the data sheet, reading its rows and the submitting unit, end to end from the bytes.

import { describe, expect, it } from 'vitest';
import type { FieldKey } from '#shared/fields.js';
import type { DataRow } from '../../electron/backend/excel/data-rows.js';
import { findReportingUnit, readSheetMeta } from '../../electron/backend/excel/report-meta.js';
import { readLedgerSheet, type LedgerSheet } from '../../electron/backend/excel/sheet-reader.js';
import { pickDataSheet, rankSheets } from '../../electron/backend/excel/sheet-selection.js';
import { formatCellIssue, normaliseFieldValue } from '../../electron/backend/excel/value-normalise.js';
import { WorkbookError } from '../../electron/backend/excel/workbook-error.js';
import { readWorkbookModel } from '../../electron/backend/excel/workbook-reader.js';
import { excelFixture, submissionFixture, templateFixture, TEMPLATE_LEDGER, TEMPLATE_SCHOOL } from '../fixtures/excel/fixture-files.js';
import { minimalXlsx } from '../fixtures/excel/xlsx-builder.js';

async function ledger(bytes: Buffer): Promise<LedgerSheet> {
  return readLedgerSheet(await readWorkbookModel(bytes));
}

/** Row → { field: text } for compact assertions. */
function texts(row: DataRow | undefined, ...fields: FieldKey[]): Record<string, string | undefined> {
  return Object.fromEntries(fields.map((f) => [f, row?.fields[f]?.text]));
}

describe('the three submissions', () => {
  it('和平小学: unit, report date and five rows with their plan numbers', async () => {
    const read = await ledger(submissionFixture('和平小学-6月报送.xlsx'));
    expect(read.meta).toEqual({
      title: '2020年重点工作任务推进情况报送表',
      unit: { label: '报送单位', value: '和平小学', address: 'B2' },
      reportDate: { label: '报送日期', value: '2020年6月30日', address: 'I2', date: '2020-06-30' },
      year: 2020,
    });
    expect(read.rows.map((r) => r.row)).toEqual([4, 5, 6, 7, 8]);
    expect(read.rows.map((r) => r.fields.code?.text)).toEqual(['2', '5', '7', '25', '31']);
    expect(read.rows.map((r) => r.extras.rowNumber?.text)).toEqual(['1', '2', '3', '4', '5']);
    expect(texts(read.rows[0], 'task', 'deadline', 'target', 'achieved', 'progressPct', 'progress', 'problems', 'status')).toEqual({
      task: '加强意识形态工作和思政课建设',
      deadline: '2020年12月31日',
      target: '4',
      achieved: '2',
      progressPct: '50',
      progress: '校领导听思政课2次，组织大练兵1次',
      problems: '下半年继续开展',
      status: '推进中',
    });
    expect(read.rows[0]?.fields.status?.address).toBe('K4');
    expect(read.skipped).toEqual([]);
  });

  it('东元中学: five rows, percent targets as text, a blank problems cell left out', async () => {
    const read = await ledger(submissionFixture('东元中学-6月报送.xlsx'));
    expect(read.meta.unit).toEqual({ label: '报送单位', value: '东元中学', address: 'B2' });
    expect(read.meta.reportDate?.date).toBe('2020-07-01');
    expect(read.rows.map((r) => r.fields.code?.text)).toEqual(['5', '10', '23', '25', '31']);
    expect(texts(read.rows[4], 'target', 'achieved', 'progressPct', 'status')).toEqual({
      target: '100%',
      achieved: '67%',
      progressPct: '67',
      status: '推进中',
    });
    expect(read.rows[1]?.fields.problems).toBeUndefined();
  });

  it('汉都三幼: three rows, the report date typed as 2020/6/29', async () => {
    const read = await ledger(submissionFixture('汉都三幼-6月报送.xlsx'));
    expect(read.meta.unit?.value).toBe('汉都三幼');
    expect(read.meta.reportDate).toMatchObject({ value: '2020/6/29', date: '2020-06-29' });
    expect(read.rows.map((r) => [r.fields.code?.text, r.fields.status?.text])).toEqual([
      ['5', '推进中'],
      ['6', '未启动'],
      ['25', '推进中'],
    ]);
    expect(read.rows[2]?.fields.target).toBeUndefined();
  });

  it('every value of every submission normalises, with the year from the title', async () => {
    for (const name of ['和平小学-6月报送.xlsx', '东元中学-6月报送.xlsx', '汉都三幼-6月报送.xlsx']) {
      const read = await ledger(submissionFixture(name));
      const issues = read.rows.flatMap((row) =>
        row.cells.flatMap((cell) => {
          if (!cell.field) return [];
          const r = normaliseFieldValue(cell.field, cell, { year: read.meta.year });
          return r.ok ? [] : [formatCellIssue(read.sheet, cell.address, r)];
        }),
      );
      expect(issues).toEqual([]);
    }
  });
});

describe('the templates', () => {
  it('have headers and no data rows; the school form leaves the unit blank', async () => {
    const school = await ledger(templateFixture(TEMPLATE_SCHOOL));
    expect(school.rows).toEqual([]);
    expect(school.meta.unit).toBeUndefined();
    const bureau = await ledger(templateFixture(TEMPLATE_LEDGER));
    expect(bureau.rows).toEqual([]);
    expect(bureau.meta.unit).toEqual({ label: '填报单位', value: '未央区教育局办公室', address: 'A2' });
  });
});

describe('the messy ledger', () => {
  it('skips the instruction sheet and the hidden sheet, though their headers map as well or better', async () => {
    const model = await readWorkbookModel(excelFixture('messy-ledger.xlsx'));
    const ranked = rankSheets(model);
    expect(ranked.map((c) => [c.name, c.skipped])).toEqual([
      ['填表说明', 'instructions'],
      ['上月数据', 'hidden'],
      ['重点工作台账', undefined],
    ]);
    expect(pickDataSheet(model).sheet.name).toBe('重点工作台账');
    // Chosen explicitly, a hidden sheet is read as asked.
    expect(pickDataSheet(model, { sheetName: '上月数据' }).band.headerRows).toEqual({ first: 1, last: 1 });
  });

  it('keeps section rows, fills the merged task down its three rows and skips 合计, signatures and notes', async () => {
    const read = await ledger(excelFixture('messy-ledger.xlsx'));
    expect(read.sheet).toBe('重点工作台账');
    expect(read.rows.map((r) => [r.row, r.kind])).toEqual([
      [6, 'section'],
      [7, 'data'],
      [8, 'data'],
      [9, 'data'],
      [10, 'section'],
      [11, 'data'],
    ]);
    expect(read.rows[0]).toMatchObject({ sectionTitle: '一、教育质量提升', fields: {} });
    expect(read.skipped).toEqual([
      { row: 13, reason: 'total', text: '合计' },
      { row: 14, reason: 'footer', text: '审核人：张三' },
      { row: 15, reason: 'note', text: '注：1. 完成进度请填写百分比；2. 完成情况填写已完成、推进中、未启动或滞后。' },
    ]);

    const [, r7, r8, r9] = read.rows;
    for (const row of [r7, r8, r9]) expect(texts(row, 'code', 'task')).toEqual({ code: '５', task: '切实保障学位需求' });
    expect(r7?.fields.task).toMatchObject({ address: 'B7' });
    expect(r7?.fields.task?.filledFrom).toBeUndefined();
    expect(r9?.fields.task).toMatchObject({ address: 'B9', filledFrom: 'B7' });
    expect(r8?.fields.measures?.text).toBe('第一中学改扩建工程');
    expect(r8?.extras.targetUnit?.text).toBe('个');
  });

  it('normalises the messy values and reports the bad ones with their cells', async () => {
    const read = await ledger(excelFixture('messy-ledger.xlsx'));
    expect(read.meta).toMatchObject({ unit: { value: '第一中学', address: 'A2' }, reportDate: { date: '2020-06-30' }, year: 2020 });
    const ctx = { year: read.meta.year };
    const at = (row: number, field: FieldKey) => {
      const cell = read.rows.find((r) => r.row === row)?.fields[field];
      if (!cell) throw new Error(`no ${field} in row ${row}`);
      return normaliseFieldValue(field, cell, ctx);
    };
    expect(at(7, 'code')).toMatchObject({ ok: true, value: '５' }); // text fields stay as written
    expect(at(7, 'progressPct')).toMatchObject({ ok: true, value: 80, text: '８０％' });
    expect(at(8, 'progressPct')).toMatchObject({ ok: true, value: 85 }); // 0.85 formatted 0%
    expect(at(9, 'progressPct')).toMatchObject({ ok: true, value: 90 });
    expect(at(7, 'deadline')).toMatchObject({ ok: true, value: { date: '2020-08-31', kind: 'end' } });
    expect(at(8, 'deadline')).toMatchObject({ ok: true, value: { date: '2020-10-31', kind: 'before' } });
    expect(at(9, 'deadline')).toMatchObject({ ok: true, value: { date: '2020-12-31', precision: 'day' } });
    expect(at(11, 'deadline')).toMatchObject({ ok: true, value: { date: null, kind: 'ongoing' }, text: '长期坚持' });
    expect(at(7, 'achieved')).toMatchObject({ ok: true, value: { amount: 0, unit: null } }); // formula cached as 0
    expect(at(7, 'status')).toMatchObject({ ok: true, value: '推进中' });
    expect(at(8, 'status')).toMatchObject({ ok: true, value: '已完成' });
    expect(at(9, 'status')).toMatchObject({ ok: true, value: '滞后' });
    expect(at(11, 'status')).toMatchObject({ ok: true, value: '推进中' });

    const issues = read.rows.flatMap((row) =>
      row.cells.flatMap((cell) => {
        if (!cell.field || row.kind !== 'data') return [];
        const r = normaliseFieldValue(cell.field, cell, ctx);
        return r.ok ? [] : [formatCellIssue(read.sheet, cell.filledFrom ?? cell.address, r)];
      }),
    );
    expect(issues).toEqual([
      '重点工作台账!H9: “=F9*2” 是没有计算结果的公式，请在 Excel 中打开并保存后重新导入',
      '重点工作台账!J11: “八十” 不是百分数',
    ]);
  });
});

describe('layouts seen in other bureaus', () => {
  it('reads a two-level header typed without merges, and skips a header repeated mid-table', async () => {
    const model = await readWorkbookModel(
      minimalXlsx([
        {
          name: '台账',
          rows: [
            ['序号', '目标任务', '目标任务', '状态'],
            [null, '目标值', '单位', null],
            [5, 5190, '个', '推进中'],
            ['序号', '目标任务', '目标任务', '状态'],
            [10, 30, '个', '已完成'],
          ],
        },
      ]),
    );
    const read = readLedgerSheet(model);
    expect(read.band.headerRows).toEqual({ first: 1, last: 2 });
    expect(read.band.columns.map((c) => c.text)).toEqual(['序号', '目标任务/目标值', '目标任务/单位', '状态']);
    expect(read.mapping.columns.map((c) => c.field ?? c.extra)).toEqual(['code', 'target', 'targetUnit', 'status']);
    expect(read.rows.map((r) => r.fields.code?.text)).toEqual(['5', '10']);
    expect(read.skipped).toEqual([{ row: 4, reason: 'header-repeat', text: '序号' }]);
  });

  it('does not take a data row under a wide merged header cell for a second header level', async () => {
    const merged = '<mergeCells count="1"><mergeCell ref="C1:D1"/></mergeCells>';
    for (const first of [null, 1]) {
      const model = await readWorkbookModel(
        minimalXlsx([{ name: 'S', rows: [['序号', '工作任务', '责任单位', null, '状态'], [first, '任务甲', '第一中学', null, '推进中']], after: merged }]),
      );
      const read = readLedgerSheet(model);
      expect(read.band.headerRows).toEqual({ first: 1, last: 1 });
      expect(read.rows[0]?.fields.units?.text).toBe('第一中学');
    }
  });
});

describe('files without a unit or a ledger', () => {
  it('reads a bare sheet (新建 Microsoft Excel 工作表.xlsx) and finds no unit', async () => {
    const read = await ledger(excelFixture('plain-no-unit.xlsx'));
    expect(read.sheet).toBe('Sheet1');
    expect(read.meta).toEqual({});
    expect(read.rows).toHaveLength(2);
    expect(read.candidates.map((c) => [c.name, c.skipped])).toEqual([
      ['Sheet1', undefined],
      ['Sheet2', 'no_header'],
      ['Sheet3', 'no_header'],
    ]);
    expect(normaliseFieldValue('status', read.rows[0]?.fields.status)).toMatchObject({ ok: true, value: '已完成' });
  });

  it('finds the unit in a footer line or after the colon, and ignores placeholders', async () => {
    const footer = await readWorkbookModel(
      minimalXlsx([{ name: 'S', rows: [['序号', '工作任务', '状态'], [1, '任务', '推进中'], ['填报单位（盖章）：', '西安市第八十三中学', null]] }]),
    );
    const read = readLedgerSheet(footer);
    expect(read.meta.unit).toEqual({ label: '填报单位(盖章)', value: '西安市第八十三中学', address: 'B3' });
    expect(read.skipped).toEqual([{ row: 3, reason: 'footer', text: '填报单位（盖章）：' }]);

    const inline = await readWorkbookModel(
      minimalXlsx([{ name: 'S', rows: [['单位名称：未央区第一小学    填报人：赵六'], ['序号', '工作任务', '状态']] }]),
    );
    expect(findReportingUnit(inline.sheets[0]!)).toMatchObject({ value: '未央区第一小学', address: 'A1' });

    const blank = await readWorkbookModel(minimalXlsx([{ name: 'S', rows: [['报送单位：', '（盖章）', '填报人：'], ['序号', '工作任务', '状态']] }]));
    expect(readSheetMeta(blank.sheets[0]!).unit).toBeUndefined();
  });

  it('refuses a workbook with no ledger header with advice', async () => {
    const model = await readWorkbookModel(minimalXlsx([{ name: '通讯录', rows: [['姓名', '电话'], ['张三', '123']] }]));
    expect(() => readLedgerSheet(model)).toThrow(WorkbookError);
    expect(() => readLedgerSheet(model)).toThrow(/没有找到包含台账表头的工作表/);
    expect(() => readLedgerSheet(model, { sheetName: '不存在' })).toThrow(/没有名为“不存在”的工作表/);
  });
});
