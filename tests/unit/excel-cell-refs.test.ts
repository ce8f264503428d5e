// `<c>` and `<row>` without `r` (valid OOXML, order gives the position): the guard counts them, the
// reader follows document order, and templates get them filled in before exceljs, which fails on them.
import { describe, expect, it } from 'vitest';
import { scanSheetXml } from '../../electron/backend/excel/sheet-xml-scan.js';
import { fillCellRefs } from '../../electron/backend/excel/sheet-xml-refs.js';
import { readWorkbookModel } from '../../electron/backend/excel/workbook-reader.js';
import { submissionFixture } from '../fixtures/excel/fixture-files.js';
import { stripCellRefs } from '../fixtures/excel/strip-refs.js';

const LIMITS = { maxRows: 100, maxCells: 1000, maxMergeArea: 1000 };

describe('cells and rows without r', () => {
  it('are counted by the sheet scan, which still counts rows and cells', () => {
    const xml = Buffer.from('<worksheet><sheetData><row><c t="s"><v>0</v></c><c/><c r="C1"/></row><x:row r="3"><x:c><x:v>1</x:v></x:c></x:row></sheetData></worksheet>');
    const { scan, violation } = scanSheetXml(xml, LIMITS);
    expect(violation).toBeNull();
    expect(scan).toMatchObject({ rows: 2, cells: 4, maxRow: 3, missingRefs: 4 });
  });

  it('are filled in from document order, explicit references kept and followed', () => {
    const xml = '<sheetData><row><c t="s"><v>0</v></c><c/><c r="E1"/><c/></row><row r="4"><c/></row><x:row><x:c s="1"/></x:row></sheetData>';
    expect(fillCellRefs(xml)).toBe(
      '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/><c r="E1"/><c r="F1"/></row><row r="4"><c r="A4"/></row><x:row r="5"><x:c r="A5" s="1"/></x:row></sheetData>',
    );
    const untouched = '<row r="2"><c r="B2"/></row>';
    expect(fillCellRefs(untouched)).toBe(untouched);
  });

  it('a real form stripped of r reads into the same model as the original', async () => {
    const original = submissionFixture('和平小学-6月报送.xlsx');
    const facts = (m: Awaited<ReturnType<typeof readWorkbookModel>>) => m.sheets.map((s) => ({ merges: s.merges, rows: s.rows.map((r) => r.cells.map((c) => [c.address, c.text])) }));
    const want = facts(await readWorkbookModel(original));
    expect(facts(await readWorkbookModel(stripCellRefs(original)))).toEqual(want);
    expect(facts(await readWorkbookModel(stripCellRefs(original, { rowsToo: true })))).toEqual(want);
  });
});
