// A shared formula (`<f t="shared" si="0"/>`) is written once, in its first cell; every other cell
// of the group carries the same formula moved by its offset, as Excel shows it in that cell.

import { columnLetters, columnNumber, EXCEL_MAX_COLS } from '../cell-address.js';

/**
 * References outside string literals: optional sheet prefix, `$`-anchored column and row. A name or
 * function (`SUM(`, `LOG10`) is told apart by what follows or precedes it.
 */
const TOKEN = /"(?:[^"]|"")*"|((?:'(?:[^']|'')+'|[A-Za-z0-9_.]+)!)?(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})(?![A-Za-z0-9_(!])/g;

export function moveFormula(formula: string, rowOffset: number, colOffset: number): string {
  if (rowOffset === 0 && colOffset === 0) return formula;
  return formula.replace(TOKEN, (whole: string, sheet: string | undefined, colAnchor: string, letters: string, rowAnchor: string, digits: string, at: number) => {
    if (letters === undefined) return whole; // a string literal
    const before = formula.charCodeAt(at - 1);
    // Part of a longer name (A1B2, _A1) or of a number (1E10) rather than a reference.
    if (!sheet && at > 0 && /[A-Za-z0-9_.$]/.test(String.fromCharCode(before))) return whole;
    const col = colAnchor ? columnNumber(letters) : columnNumber(letters) + colOffset;
    const row = rowAnchor ? Number(digits) : Number(digits) + rowOffset;
    if (col < 1 || col > EXCEL_MAX_COLS || row < 1) return whole;
    return `${sheet ?? ''}${colAnchor}${columnLetters(col)}${rowAnchor}${row}`;
  });
}
