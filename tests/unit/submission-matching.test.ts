// Pure pieces of submission import: period words, text similarity, unit names, CSV decoding and parsing.
import { describe, expect, it } from 'vitest';
import type { Unit } from '#shared/domain.js';
import { decodeCsvText, parseCsv, readCsvWorkbook } from '../../electron/backend/import/csv-workbook.js';
import { similarity } from '../../electron/backend/import/row-matching.js';
import { monthIn } from '../../electron/backend/import/submission-reader.js';
import { resolveUnit } from '../../electron/backend/import/unit-resolution.js';
import { UnitDirectory } from '#shared/responsibility.js';
import { excelFixture } from '../fixtures/excel/fixture-files.js';

const unit = (id: number, name: string, aliases: string[] = []): Unit => ({ id, name, kind: 'school', aliases });
const UNITS = [unit(1, '和平小学'), unit(2, '和平小学东校区'), unit(3, '汉都第三幼儿园', ['汉都三幼']), unit(4, '东元中学')];
const DIR = new UnitDirectory(UNITS);
const unitsNamedIn = (text: string) => DIR.findInText(text);
const cellIsUnit = (cell: string, u: Unit) => DIR.cellIsOnly(cell, u.name);

describe('monthIn', () => {
  it('reads the month a file reports on', () => {
    expect(monthIn('和平小学-6月报送')).toEqual({ year: null, month: 6 });
    expect(monthIn('2020年１２月推进情况')).toEqual({ year: 2020, month: 12 });
    expect(monthIn('1-6月完成情况')).toEqual({ year: null, month: 6 });
    expect(monthIn('截至6月30日')).toBeNull();
    expect(monthIn('新建 Microsoft Excel 工作表')).toBeNull();
    expect(monthIn('13月')).toBeNull();
  });
});

describe('similarity', () => {
  it('is 1 for the same text whatever the punctuation and width, low for other text', () => {
    expect(similarity('切实保障学位需求。', '切实保障学位需求')).toBe(1);
    expect(similarity('落实教育资助政策,全力打赢', '落实教育资助政策，全力打赢')).toBe(1);
    expect(similarity('做好学校卫生保健工作', '做好学校卫生保健和食品安全工作')).toBeGreaterThan(0.6);
    expect(similarity('建设智慧校园示范校', '切实保障学位需求')).toBeLessThan(0.2);
    expect(similarity('', '')).toBe(0);
  });
});

describe('unit names', () => {
  it('matches names and aliases exactly, else the one longest name inside the text', () => {
    expect(unitsNamedIn('汉都三幼').map((u) => u.id)).toEqual([3]);
    expect(unitsNamedIn('未央区和平小学（盖章）').map((u) => u.id)).toEqual([1]);
    expect(unitsNamedIn('和平小学东校区6月报送').map((u) => u.id)).toEqual([2]);
    expect(unitsNamedIn('和平小学、东元中学联合报送').map((u) => u.id).sort()).toEqual([1, 4]);
    expect(unitsNamedIn('城南小学')).toEqual([]);
  });

  it('never guesses: several or none leave the choice to the clerk', () => {
    expect(resolveUnit(UNITS, null, '东元中学-6月报送.xlsx')).toMatchObject({ unit: { id: 4 }, source: 'file-name' });
    expect(resolveUnit(UNITS, '汉都三幼', 'x.xlsx')).toMatchObject({ unit: { id: 3 }, source: 'cell' });
    expect(resolveUnit(UNITS, null, '和平小学、东元中学.xlsx')).toMatchObject({ unit: null, message: expect.stringContaining('同时含有') });
    // The form's own unit line wins over the file name, even when it is unknown.
    expect(resolveUnit(UNITS, '城南小学', '东元中学.xlsx')).toMatchObject({ unit: null, message: expect.stringContaining('城南小学') });
  });

  it('recognises a ledger cell that names exactly one unit', () => {
    expect(cellIsUnit('汉都三幼', UNITS[2]!)).toBe(true);
    expect(cellIsUnit(' 和平小学 ', UNITS[0]!)).toBe(true);
    expect(cellIsUnit('和平小学、东元中学', UNITS[0]!)).toBe(false);
    expect(cellIsUnit('', UNITS[0]!)).toBe(false);
  });
});

describe('CSV', () => {
  it('detects GBK and UTF-8 (with or without BOM, or UTF-16)', () => {
    expect(decodeCsvText(excelFixture('gbk.csv'))).toMatchObject({ encoding: 'gb18030', text: expect.stringContaining('序号,工作任务,完成时限,状态') });
    expect(decodeCsvText(Buffer.from('\ufeff序号,状态', 'utf8'))).toEqual({ text: '序号,状态', encoding: 'utf-8' });
    expect(decodeCsvText(Buffer.from('序号,状态', 'utf8'))).toEqual({ text: '序号,状态', encoding: 'utf-8' });
    expect(decodeCsvText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('序号\t状态', 'utf16le')]))).toEqual({ text: '序号\t状态', encoding: 'utf-16le' });
  });

  it('parses quotes, embedded commas and newlines, CRLF, and tab-separated text', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n"多\n行",2,\r\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['多\n行', '2', ''],
    ]);
    expect(parseCsv('序号\t状态\n5\t推进中')).toEqual([
      ['序号', '状态'],
      ['5', '推进中'],
    ]);
  });

  it('reads into the workbook model with A1 addresses', () => {
    const model = readCsvWorkbook(Buffer.from('序号,状态\n5,推进中\n', 'utf8'), '报送');
    expect(model.sheets[0]).toMatchObject({ name: '报送', maxRow: 2, maxCol: 2 });
    expect(model.sheets[0]!.rows[1]!.cells.map((c) => [c.address, c.text])).toEqual([
      ['A2', '5'],
      ['B2', '推进中'],
    ]);
  });
});

describe('readSubmission', () => {
  it('reads a form in memory: hidden rows are kept with a warning, unknown words are reported by cell', async () => {
    const { readSubmission } = await import('../../electron/backend/import/submission-reader.js');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报送表');
    ws.addRow(['报送单位：和平小学', null, null, null, '报送日期：2020年6月30日']);
    ws.addRow(['任务编号', '工作任务', '完成时限', '完成进度', '状态', '累计完成']);
    ws.addRow([5, '切实保障学位需求', '10月31日前', '８０％', '在推进', '1,080个']);
    ws.addRow([7, '落实教育资助政策', '年底前', 0.5, '差不多了', '约80']);
    ws.getRow(4).hidden = true;
    const p = await readSubmission('和平小学.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), { ledgerYear: 2020 });
    expect(p.error).toBeNull();
    expect(p.rows.map((r) => [r.taskCode, r.deadline, r.percent, r.status, r.done, r.values.achieved])).toEqual([
      ['5', '2020-10-31', 80, '推进中', 1080, '1080个'],
      ['7', '2020-12-31', 50, null, null, '约80'],
    ]);
    expect(p.rows[1]!.invalid.sort()).toEqual(['achieved', 'status']);
    expect(p.warnings.map((w) => w.message)).toEqual([
      '报送表!F4: “约80” 不是数字（可写成 100 或 100个）',
      '报送表!E4: “差不多了” 不是有效的状态（可填：已完成、推进中、未启动、滞后）',
      '报送表!A4: 第 4 行在表中是隐藏的，已照常读取，请核对',
    ]);
  });
});

describe('pruneBackups', () => {
  it('keeps the newest automatic import backups and nothing else is touched', async () => {
    const fs = await import('node:fs');
    const { makeTempDir } = await import('../helpers/temp-dir.js');
    const { pruneBackups } = await import('../../electron/backend/import/import-apply.js');
    const tmp = makeTempDir();
    try {
      const names = Array.from({ length: 5 }, (_, i) => `before-import-2020070${i + 1}-120000-000.db`);
      for (const n of [...names, 'my-own-copy.db', 'ledger.db.v1-x.bak']) fs.writeFileSync(tmp.file(n), 'x');
      expect(pruneBackups(tmp.dir, 3)).toEqual(names.slice(0, 2));
      expect(fs.readdirSync(tmp.dir).sort()).toEqual([...names.slice(2), 'ledger.db.v1-x.bak', 'my-own-copy.db'].sort());
    } finally {
      tmp.cleanup();
    }
  });
});
