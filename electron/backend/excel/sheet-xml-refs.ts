// `<c>` without `r` and `<row>` without `r` are valid OOXML (ECMA-376 §18.3.1.4, §18.3.1.73: the
// position follows from document order) and some generators write them, but exceljs then fails
// ("Cannot read properties of undefined (reading 'col')", "Invalid row number in model"). The
// missing references are filled in from the order before exceljs sees the sheet.

import { columnLetters, columnNumber } from './cell-address.js';

const ROW_OR_CELL = /<((?:\w+:)?)(row|c)\b([^>]*?)(\/?)>/g;
const REF = /\sr\s*=\s*["']([^"']*)["']/;

/** The sheet XML with every `<row>` and `<c>` carrying its `r`; unchanged when none is missing. */
export function fillCellRefs(xml: string): string {
  let row = 0;
  let col = 0;
  return xml.replace(ROW_OR_CELL, (tag, prefix: string, name: string, attrs: string, close: string) => {
    const ref = REF.exec(attrs)?.[1];
    if (name === 'row') {
      const r = Number(ref);
      row = ref !== undefined && Number.isInteger(r) && r > 0 ? r : row + 1;
      col = 0;
      return ref !== undefined ? tag : `<${prefix}row r="${row}"${attrs}${close}>`;
    }
    const letters = ref !== undefined ? /^\$?([A-Za-z]{1,3})/.exec(ref)?.[1] : undefined;
    col = letters ? columnNumber(letters) : col + 1;
    return ref !== undefined ? tag : `<${prefix}c r="${columnLetters(col)}${row}"${attrs}${close}>`;
  });
}
