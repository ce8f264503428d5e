// The one rule that moves a template's ranges (merges, validations, conditional formats, print
// areas, x14 ranges) when its data rows are replaced by the export's lines.
import { describe, expect, it } from 'vitest';
import { parseRange, rangeRef } from '../../electron/backend/excel/cell-address.js';
import { shiftedParts, shiftRange, shiftSqref, touchesData, type DataArea } from '../../electron/backend/export/range-shift.js';

// Template data rows 5…7 (footer from row 8), 20 lines written: rows 5…24, footer from row 25.
const AREA: DataArea = { first: 5, templateEnd: 7, outEnd: 24 };
const NONE: DataArea = { first: 5, templateEnd: 7, outEnd: 4 };
const moved = (ref: string, area = AREA) => {
  const r = shiftRange(parseRange(ref)!, area);
  return r ? rangeRef(r) : null;
};

describe('shifting a template range', () => {
  it('leaves ranges above the data and whole columns as they are', () => {
    expect(moved('A1:M1')).toBe('A1:M1');
    expect(moved('A3:A4')).toBe('A3:A4');
    expect(moved('L:L')).toBe('L1:L1048576');
  });

  it('moves ranges under the data down with the footer', () => {
    expect(moved('A8:J8')).toBe('A25:J25');
    expect(moved('A9:C10')).toBe('A26:C27');
  });

  it('makes a range over the data rows cover the written lines, and keep its reach above and below', () => {
    expect(moved('L5:L7')).toBe('L5:L24');
    expect(moved('L6:L6')).toBe('L5:L24');
    expect(moved('I3:I7')).toBe('I3:I24');
    expect(moved('A1:J9')).toBe('A1:J26');
  });

  it('splits a validation into its part above the data, over it, and below it', () => {
    const parts = (ref: string, area = AREA) => shiftedParts(parseRange(ref)!, area).map(rangeRef);
    expect(parts('I3:I7')).toEqual(['I3:I4', 'I5:I24']);
    expect(parts('I3:I9')).toEqual(['I3:I4', 'I5:I24', 'I25:I26']);
    expect(shiftSqref('I3:I7 K5:K7 M2', AREA, true)).toBe('I3:I4 I5:I24 K5:K24 M2');
  });

  it('drops what covered only data rows when no line is written, and joins the rest', () => {
    expect(moved('L5:L7', NONE)).toBeNull();
    expect(moved('I3:I9', NONE)).toBe('I3:I6');
    expect(shiftSqref('L5:L7 A1', NONE)).toBe('A1');
  });

  it('tells which ranges lie in the data rows (merges there are laid out anew)', () => {
    expect(touchesData(parseRange('A5:M5')!, AREA)).toBe(true);
    expect(touchesData(parseRange('A3:A5')!, AREA)).toBe(true);
    expect(touchesData(parseRange('A8:J8')!, AREA)).toBe(false);
    expect(touchesData(parseRange('L:L')!, AREA)).toBe(false);
  });
});
