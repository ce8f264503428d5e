// A legacy .xls template (or an .xls ledger registered as its own template) is stored as .xlsx:
// exports are written into a copy of the template with exceljs, which cannot write BIFF. The .xlsx
// is built from the WorkbookModel the worker read (so the bytes were vetted by the same limits):
// values (formulas as their cached results), number formats, solid fills, merges, column widths,
// row heights, hidden rows/columns, sheet visibility and print titles. SheetJS does not read fonts,
// borders or page setup from .xls, so those take exceljs's defaults; the clerk is told so.

import type ExcelJS from 'exceljs';
import type { WorkbookModel } from './workbook-model.js';

/** The model as .xlsx bytes. Call only with a model read from a file (never hand-built). */
export async function xlsxFromModel(model: WorkbookModel): Promise<Uint8Array> {
  const { default: ExcelJSModule } = await import('exceljs');
  const wb = new ExcelJSModule.Workbook();
  for (const sheet of model.sheets) {
    const ws = wb.addWorksheet(sheet.name, { state: sheet.state });
    sheet.colWidths?.forEach((width, i) => {
      if (width > 0) ws.getColumn(i + 1).width = width;
    });
    for (const c of sheet.hiddenCols ?? []) ws.getColumn(c).hidden = true;
    for (const row of sheet.rows) {
      const r = ws.getRow(row.row);
      if (row.height) r.height = row.height;
      if (row.hidden) r.hidden = true;
      for (const cell of row.cells) {
        const target = r.getCell(cell.col);
        // An error value is kept as its text; the model has no other representation of it.
        target.value = (cell.error !== undefined ? cell.error : cell.value) as ExcelJS.CellValue;
        if (cell.numFmt) target.numFmt = cell.numFmt;
        if (cell.style?.fill) target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: cell.style.fill } };
        if (cell.style?.bold || cell.style?.fontName || cell.style?.fontSize) {
          const font: Partial<ExcelJS.Font> = {};
          if (cell.style.bold) font.bold = true;
          if (cell.style.fontName) font.name = cell.style.fontName;
          if (cell.style.fontSize) font.size = cell.style.fontSize;
          target.font = font;
        }
        if (cell.style?.horizontal || cell.style?.wrap) {
          const alignment: Partial<ExcelJS.Alignment> = { vertical: 'middle' };
          if (cell.style.horizontal) alignment.horizontal = cell.style.horizontal as ExcelJS.Alignment['horizontal'];
          if (cell.style.wrap) alignment.wrapText = true;
          target.alignment = alignment;
        }
      }
    }
    for (const m of sheet.merges) ws.mergeCells(m.top, m.left, m.bottom, m.right);
    if (sheet.printTitleRows) ws.pageSetup.printTitlesRow = `${sheet.printTitleRows.first}:${sheet.printTitleRows.last}`;
    if (sheet.frozenRows) ws.views = [{ state: 'frozen', ySplit: sheet.frozenRows }];
  }
  const out = await wb.xlsx.writeBuffer();
  return new Uint8Array(out as ArrayBuffer);
}
