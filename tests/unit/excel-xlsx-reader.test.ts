// The direct .xlsx reader (excel/xlsx-reader/): the same model the exceljs-based reader built, on every
// .xlsx fixture; files saved by LibreOffice; and the XML Excel and WPS write that exceljs never saw in
// our fixtures (shared formulas, inline and phonetic strings, prefixed tags, cells without `r`).

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWorkbookModel } from '../../electron/backend/excel/workbook-reader.js';
import { isWorkbookError } from '../../electron/backend/excel/workbook-error.js';
import type { CellModel, SheetModel, WorkbookModel } from '../../electron/backend/excel/workbook-model.js';
import { writeZip } from '../../electron/backend/excel/zip-writer.js';
import { moveFormula } from '../../electron/backend/excel/xlsx-reader/shared-formula.js';
import { excelFixture, fixtureBytes } from '../fixtures/excel/fixture-files.js';
import { readWorkbookModelWithExcelJs } from '../helpers/exceljs-workbook-model.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function workbookFixtures(dir = FIXTURES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return workbookFixtures(full);
    return /\.xls[xm]$/.test(name) ? [path.relative(FIXTURES, full)] : [];
  });
}

async function modelOrCode(read: (b: Uint8Array) => Promise<WorkbookModel>, bytes: Uint8Array): Promise<WorkbookModel | string> {
  try {
    return await read(bytes);
  } catch (err) {
    if (isWorkbookError(err)) return `refused: ${err.code}`;
    throw err;
  }
}

const cellsOf = (sheet: SheetModel | undefined): Map<string, CellModel> => new Map((sheet?.rows ?? []).flatMap((r) => r.cells).map((c) => [c.address, c]));

describe('the direct reader against the exceljs-based reader', () => {
  const files = workbookFixtures();

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  // exceljs reads date1904="true" (LibreOffice's spelling) as the 1900 system: its dates are 4 years off.
  const exceljsWrong = new Set([path.join('excel', 'reader-features-1904-libreoffice.xlsx')]);

  it.each(files.filter((f) => !exceljsWrong.has(f)))('reads %s into the same model', async (file) => {
    const bytes = fixtureBytes(file);
    const [direct, viaExcelJs] = await Promise.all([modelOrCode(readWorkbookModel, bytes), modelOrCode(readWorkbookModelWithExcelJs, bytes)]);
    expect(direct).toEqual(viaExcelJs);
  });
});

describe('files saved by LibreOffice', () => {
  it('reads booleans, errors, cached formula results, rich text, dates, merges, hidden rows and columns', async () => {
    const model = await readWorkbookModel(excelFixture('reader-features-libreoffice.xlsx'));
    const sheet = model.sheets[0]!;
    const cells = cellsOf(sheet);
    expect(sheet).toMatchObject({ name: '报送表', state: 'visible', printTitleRows: { first: 3, last: 3 }, hiddenCols: [7], maxRow: 9, maxCol: 7 });
    expect(sheet.merges.map((m) => m.ref)).toEqual(['A1:F1', 'A8:C8']);
    expect(sheet.rows.find((r) => r.row === 7)?.hidden).toBe(true);
    expect(cells.get('E2')).toMatchObject({ value: new Date(Date.UTC(2020, 5, 30)), text: '2020-06-30', numFmt: 'yyyy年m月d日' }); // LibreOffice writes yyyy\年m\月d\日
    expect(cells.get('B4')).toMatchObject({ value: '完善课后服务机制' });
    expect(cells.get('C4')).toMatchObject({ value: true, text: 'TRUE' });
    expect(cells.get('C5')).toMatchObject({ value: false, text: 'FALSE' });
    expect(cells.get('F4')).toMatchObject({ value: 0.8, formula: 'E4/D4', numFmt: '0.0%' });
    expect(cells.get('F5')).toMatchObject({ value: null, text: '#DIV/0!', error: '#DIV/0!', formula: 'E5/D5' });
    expect(cells.get('F6')).toMatchObject({ value: '已完成', formula: 'IF(E6>=D6,"已完成","推进中")' });
    expect(cells.get('G6')).toMatchObject({ value: 0, text: '0', formula: 'E6-D6' });
    expect(cells.has('B7')).toBe(false); // only spaces
    expect(cells.get('F7')).toMatchObject({ value: '#N/A' }); // text that looks like an error stays text
    expect(cells.get('D8')).toMatchObject({ value: 150, formula: 'SUM(D4:D6)' });
    expect(cells.get('B9')).toMatchObject({ text: '2020-12-31 17:30:00' });
    expect(cells.get('A3')?.style).toMatchObject({ fill: 'FFD9E1F2', horizontal: 'center', wrap: true });
  });

  it('reads dates of a workbook in the 1904 date system (date1904="true") as the same days', async () => {
    const [plain, d1904] = await Promise.all(
      ['reader-features-libreoffice.xlsx', 'reader-features-1904-libreoffice.xlsx'].map(async (f) => cellsOf((await readWorkbookModel(excelFixture(f))).sheets[0])),
    );
    expect(d1904.get('E2')?.value).toEqual(new Date(Date.UTC(2020, 5, 30)));
    expect(d1904.get('B9')?.text).toBe(plain.get('B9')?.text);
  });
});

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A package with hand-written parts, as Excel and WPS write them (no exceljs involved). */
function packageOf(parts: { sheet: string; strings?: string; styles?: string; workbookPr?: string }): Buffer {
  const text = (name: string, xml: string) => ({ name, data: Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${xml}`) });
  return writeZip([
    text('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    text('xl/workbook.xml', `<workbook ${NS}>${parts.workbookPr ?? ''}<sheets><sheet name="报送表" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    text(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    text('xl/worksheets/sheet1.xml', `<worksheet ${NS}>${parts.sheet}</worksheet>`),
    text('xl/sharedStrings.xml', `<sst ${NS}>${parts.strings ?? ''}</sst>`),
    text('xl/styles.xml', `<styleSheet ${NS}>${parts.styles ?? ''}</styleSheet>`),
  ]);
}

const STYLES =
  '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="10.5"/><name val="仿宋_GB2312"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="1" fillId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="14" fontId="0" fillId="0" applyNumberFormat="1"/><xf numFmtId="31" fontId="1" fillId="0"/><xf numFmtId="176" fontId="0" fillId="0"><alignment horizontal="center" wrapText="1"/></xf></cellXfs>';

describe('XML as Excel and WPS write it', () => {
  it('moves shared formulas to each cell of the group, keeping anchored references', async () => {
    const sheet =
      '<sheetData>' +
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:C3" si="0">A1*$A$1+SUM($A1:A$1)</f><v>2</v></c><c r="C1"><f t="shared" si="0"/><v>6</v></c></row>' +
      '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>0</v></c><c r="D2"><f>"A1&amp;"&amp;A2</f><v>x</v></c></row>' +
      '</sheetData>';
    const cells = cellsOf((await readWorkbookModel(packageOf({ sheet }))).sheets[0]);
    expect(cells.get('B1')).toMatchObject({ formula: 'A1*$A$1+SUM($A1:A$1)', value: 2 });
    expect(cells.get('C1')).toMatchObject({ formula: 'B1*$A$1+SUM($A1:B$1)', value: 6 });
    expect(cells.get('B2')).toMatchObject({ formula: 'A2*$A$1+SUM($A2:A$1)', value: 0 });
    expect(cells.get('D2')?.formula).toBe('"A1&"&A2');
    expect(moveFormula('"A1"&A1&Sheet2!B2&\'上月 数据\'!C3&LOG10(A1)', 1, 1)).toBe('"A1"&B2&Sheet2!C3&\'上月 数据\'!D4&LOG10(B2)');
  });

  it('reads shared, inline and rich strings without their phonetic runs, and _xHHHH_ escapes', async () => {
    const strings =
      '<si><t>工作任务</t></si>' +
      '<si><r><rPr><b/></rPr><t>完善</t></r><r><t xml:space="preserve"> 机制</t></r><rPh sb="0" eb="2"><t>かんぜん</t></rPh><phoneticPr fontId="1"/></si>' +
      '<si><t>第一行_x000D_\n第二行</t></si>' +
      '<si/>';
    const sheet =
      '<sheetData><row r="1">' +
      '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>' +
      '<c r="E1" t="inlineStr"><is><r><t>东元</t></r><r><t>中学</t></r></is></c><c r="F1" t="inlineStr"><is><t>A&amp;B &lt;1&gt;</t></is></c>' +
      '<c r="G1" t="s"><v>99</v></c>' +
      '</row></sheetData>';
    const cells = cellsOf((await readWorkbookModel(packageOf({ sheet, strings }))).sheets[0]);
    expect([...cells.values()].map((c) => [c.address, c.value])).toEqual([
      ['A1', '工作任务'],
      ['B1', '完善 机制'],
      ['C1', '第一行\r\n第二行'],
      ['E1', '东元中学'],
      ['F1', 'A&B <1>'],
    ]);
  });

  it('reads dates by their number format: built-in (14, and 31 as zh-CN Excel writes it), custom, and t="d"', async () => {
    const sheet =
      '<sheetData><row r="1"><c r="A1" s="1"><v>44012</v></c><c r="B1" s="2"><v>44012</v></c><c r="C1" s="3"><v>44012</v></c><c r="D1" t="d"><v>2020-06-30T00:00:00</v></c><c r="E1"><v>44012</v></c></row></sheetData>';
    const [plain, d1904] = await Promise.all([
      readWorkbookModel(packageOf({ sheet, styles: STYLES })),
      readWorkbookModel(packageOf({ sheet, styles: STYLES, workbookPr: '<workbookPr date1904="1"/>' })),
    ]);
    const cells = cellsOf(plain.sheets[0]);
    const june30 = new Date(Date.UTC(2020, 5, 30));
    expect(cells.get('A1')).toMatchObject({ value: june30, text: '2020-06-30', numFmt: 'mm-dd-yy' });
    expect(cells.get('B1')).toMatchObject({ value: june30, numFmt: 'yyyy"年"m"月"d"日"', style: { bold: true, fontName: '仿宋_GB2312', fontSize: 10.5 } });
    expect(cells.get('C1')).toMatchObject({ value: june30, numFmt: 'yyyy"年"m"月"', style: { horizontal: 'center', wrap: true, fontName: '宋体' } });
    expect(cells.get('D1')?.value).toEqual(june30);
    expect(cells.get('E1')).toMatchObject({ value: 44012, text: '44012' });
    expect(cellsOf(d1904.sheets[0]).get('A1')?.value).toEqual(new Date(Date.UTC(2024, 6, 1)));
  });

  it('follows document order for rows and cells without r, with prefixed tags, and drops what merged cells cover', async () => {
    const sheet =
      '<x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>序号</x:t></x:is></x:c><x:c/><x:c t="b"><x:v>1</x:v></x:c></x:row>' +
      '<x:row r="3"><x:c r="C3"><x:v>3</x:v></x:c><x:c r="A3"><x:v>1</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row>' +
      '<x:row><x:c r="A4" t="e"><x:v>#REF!</x:v></x:c><x:c r="B4" t="str"><x:v>hidden by the merge</x:v></x:c></x:row></x:sheetData>' +
      '<x:mergeCells count="1"><x:mergeCell ref="A4:B5"/></x:mergeCells>';
    const model = await readWorkbookModel(packageOf({ sheet }));
    const s = model.sheets[0]!;
    expect(s.rows.map((r) => [r.row, r.cells.map((c) => `${c.address}=${c.text}`)])).toEqual([
      [1, ['A1=序号', 'C1=TRUE']],
      [3, ['A3=1', 'B3=4', 'C3=3']], // a cell without r follows the one before it in the file
      [4, ['A4=#REF!']],
    ]);
    expect(s).toMatchObject({ maxRow: 5, maxCol: 3 });
  });
});
