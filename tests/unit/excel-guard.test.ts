// The workbook guard: refuses what exceljs must never see, with the right code and advice.

import { describe, expect, it } from 'vitest';
import { sniffFileKind } from '../../electron/backend/excel/file-signature.js';
import { checkContainer, inspectWorkbook } from '../../electron/backend/excel/workbook-guard.js';
import { WorkbookError, type WorkbookErrorCode } from '../../electron/backend/excel/workbook-error.js';
import { readZipDirectory } from '../../electron/backend/excel/zip-directory.js';
import { writeZip } from '../../electron/backend/excel/zip-writer.js';
import { excelFixture, submissionFixture, SUBMISSIONS, templateFixture, TEMPLATE_LEDGER } from '../fixtures/excel/fixture-files.js';
import { minimalXlsx, zipBombXlsx } from '../fixtures/excel/xlsx-builder.js';

function refusal(fn: () => unknown): WorkbookError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WorkbookError);
    return err as WorkbookError;
  }
  throw new Error('expected a WorkbookError');
}

function expectRefused(fn: () => unknown, code: WorkbookErrorCode, message?: RegExp): WorkbookError {
  const err = refusal(fn);
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('file signature', () => {
  it('tells the kinds of files clerks send apart by their first bytes', () => {
    expect(sniffFileKind(excelFixture('encrypted.xlsx'))).toBe('ole-encrypted');
    // An OLE2 file with a Workbook stream goes to SheetJS (see excel-xls.test.ts).
    expect(sniffFileKind(excelFixture('legacy.xls'))).toBe('ole-xls');
    expect(sniffFileKind(excelFixture('gbk.csv'))).toBe('text'); // starts with 0xD0 but is not OLE
    expect(sniffFileKind(excelFixture('empty.xlsx'))).toBe('empty');
    expect(sniffFileKind(excelFixture('random.xlsx'))).toBe('unknown');
    expect(sniffFileKind(submissionFixture(SUBMISSIONS[0]))).toBe('zip');
    expect(sniffFileKind(text('<html><body><table><tr><td>1</td></tr></table></body></html>'))).toBe('html');
    expect(sniffFileKind(text('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFileKind(text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'))).toBe(
      'xml-spreadsheet',
    );
  });
});

describe('checkContainer (no inflation)', () => {
  it('accepts the real templates and submissions', () => {
    for (const name of SUBMISSIONS) expect(checkContainer(submissionFixture(name)).length).toBeGreaterThan(3);
    expect(() => checkContainer(templateFixture(TEMPLATE_LEDGER))).not.toThrow();
  });

  it('refuses a password-protected workbook with the advice to remove the password', () => {
    expectRefused(() => checkContainer(excelFixture('encrypted.xlsx')), 'encrypted', /^文件设有密码保护.*请在 Excel\/WPS 中取消密码保护后另存再导入$/);
  });

  it('refuses a legacy .xls where an .xlsx container is required and says how to resave it', () => {
    expectRefused(() => checkContainer(excelFixture('legacy.xls')), 'legacy_xls', /另存为.*\.xlsx/);
  });

  it('refuses a GBK CSV, an empty file and random bytes as not_xlsx with distinct advice', () => {
    expectRefused(() => checkContainer(excelFixture('gbk.csv')), 'not_xlsx', /CSV.*另存为.*\.xlsx/);
    expectRefused(() => checkContainer(excelFixture('empty.xlsx')), 'not_xlsx', /空的/);
    expectRefused(() => checkContainer(excelFixture('random.xlsx')), 'not_xlsx', /不是 Excel 工作簿/);
  });

  it('refuses zips that are not workbooks, naming what they are', () => {
    const zipOf = (...names: string[]): Buffer => writeZip(names.map((name) => ({ name, data: text('x') })));
    expectRefused(() => checkContainer(zipOf('readme.txt')), 'not_xlsx', /压缩文件/);
    expectRefused(() => checkContainer(zipOf('mimetype', 'content.xml')), 'not_xlsx', /ODS/);
    expectRefused(() => checkContainer(zipOf('word/document.xml')), 'not_xlsx', /Word/);
    expectRefused(() => checkContainer(zipOf('xl/workbook.bin')), 'not_xlsx', /xlsb/);
  });

  it('refuses a truncated download as corrupt', () => {
    const good = submissionFixture(SUBMISSIONS[0]);
    expectRefused(() => checkContainer(good.subarray(0, good.length - 40)), 'corrupt', /损坏/);
  });

  it('refuses the 1 GiB zip bomb from its directory alone, as zip_bomb', () => {
    const bomb = zipBombXlsx({ gib: 1 });
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024);
    const sheet = readZipDirectory(bomb, 100).find((e) => e.name === 'xl/worksheets/sheet1.xml');
    expect(sheet?.uncompressedSize).toBeGreaterThan(1024 ** 3);
    const err = expectRefused(() => checkContainer(bomb), 'zip_bomb', /压缩炸弹/);
    expect(err.detail).toMatch(/ratio \d{3,}/);
  });

  it('refuses a workbook larger than the size limits as too_large', () => {
    const ledger = templateFixture(TEMPLATE_LEDGER);
    expectRefused(() => checkContainer(ledger, { maxTotalUncompressedBytes: 10_000 }), 'too_large', /解压后/);
    expectRefused(() => checkContainer(ledger, { maxFileBytes: 1_000 }), 'too_large', /MB/);
    expectRefused(() => checkContainer(ledger, { maxEntries: 5 }), 'too_large', /部件/);
  });
});

describe('inspectWorkbook (inflates with caps, scans sheets)', () => {
  it('measures the real template', () => {
    const scan = inspectWorkbook(templateFixture(TEMPLATE_LEDGER));
    expect(scan.sheets).toHaveLength(1);
    expect(scan.sheets[0]).toMatchObject({ name: '重点工作台账', merges: 14, dimension: 'A1:M6' });
    expect(scan.totalUncompressedBytes).toBeGreaterThan(10_000);
  });

  it('catches a bomb whose directory lies about its size', () => {
    const liar = zipBombXlsx({ gib: 1, declaredSize: 10_000 });
    expect(() => checkContainer(liar)).not.toThrow(); // nothing suspicious in the directory
    const peakBefore = process.resourceUsage().maxRSS;
    const err = expectRefused(() => inspectWorkbook(liar), 'zip_bomb');
    expect(err.detail).toMatch(/beyond its declared 10000 bytes/);
    // Inflation stops at the declared size: the gigabyte is never produced (peak RSS, in KB).
    expect(process.resourceUsage().maxRSS - peakBefore).toBeLessThan(300 * 1024);
  });

  it('refuses the whole-sheet merge before exceljs, naming the sheet and range', () => {
    const bytes = excelFixture('whole-sheet-merge.xlsx');
    expect(bytes.length).toBeLessThan(8 * 1024);
    expectRefused(() => inspectWorkbook(bytes), 'too_large', /工作表“报送表”中的合并单元格 A1:XFD1048576 覆盖了 17,179,869,184 个单元格/);
  });

  it('accepts a bogus <dimension> (exceljs ignores it) but limits real rows and cells', () => {
    const scan = inspectWorkbook(excelFixture('bogus-dimension.xlsx'));
    expect(scan.sheets[0]).toMatchObject({ dimension: 'A1:XFD1048576', rows: 3, maxRow: 3, cells: 12 });
    const rows = Array.from({ length: 30 }, (_, i) => [i + 1, `任务${i + 1}`]);
    const tall = minimalXlsx([{ name: '长表', rows }]);
    expectRefused(() => inspectWorkbook(tall, { maxRows: 20 }), 'too_large', /工作表“长表”超过 20 行/);
    expectRefused(() => inspectWorkbook(tall, { maxCells: 50 }), 'too_large', /超过 50 个单元格/);
    expect(() => inspectWorkbook(tall)).not.toThrow();
  });

  it('measures data-validation areas (for exceljs-prepare) without refusing them', () => {
    const scan = inspectWorkbook(excelFixture('whole-sheet-validation.xlsx'));
    expect(scan.sheets[0]?.validationArea).toBeGreaterThan(16_384 * 1_048_576);
  });

  it('counts merges in prefixed XML (x:mergeCell) as well', () => {
    const xml =
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData/>' +
      '<x:mergeCells count="1"><x:mergeCell ref="A1:Z100000"/></x:mergeCells></x:worksheet>';
    const bytes = minimalXlsx([{ name: 'S' }], [{ name: 'xl/worksheets/sheet1.xml', data: text(xml) }]);
    expectRefused(() => inspectWorkbook(bytes), 'too_large', /A1:Z100000/);
  });
});

describe('WorkbookError', () => {
  it('round-trips through a plain object (worker boundary)', () => {
    const err = new WorkbookError('encrypted', undefined, 'detail');
    const back = WorkbookError.fromPlain(JSON.parse(JSON.stringify(err.toPlain())));
    expect(back).toBeInstanceOf(WorkbookError);
    expect(back).toMatchObject({ code: 'encrypted', message: err.message, detail: 'detail' });
    expect(WorkbookError.fromPlain({ code: 'nonsense' as WorkbookErrorCode, message: 'x' }).code).toBe('internal');
  });
});
