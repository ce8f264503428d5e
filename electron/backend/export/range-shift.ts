// The one rule for where a template's ranges go when the data rows are written: merged cells,
// validations, conditional formats and print areas all move through `shiftRange`.

import { EXCEL_MAX_ROWS, parseRange, rangeRef, type CellRange } from '../excel/cell-address.js';

/** The template's data rows (first…templateEnd) become the written lines (first…outEnd). */
export interface DataArea {
  first: number;
  templateEnd: number;
  /** Last written line; first - 1 when there are none. */
  outEnd: number;
}

/** Rows below the template's data area move by this much. */
export function areaShift(a: DataArea): number {
  return a.outEnd - a.templateEnd;
}

/** Whether a range has cells in the template's data rows (whole columns excepted). */
export function touchesData(r: CellRange, a: DataArea): boolean {
  return r.bottom < EXCEL_MAX_ROWS && r.bottom >= a.first && r.top <= a.templateEnd;
}

/**
 * A range after the write, in up to three parts: what lies above the data (or whole columns)
 * unchanged, what lies over the data rows covering the written lines instead, what lies below them
 * moved down with the footer. The parts of one range always join up (see `shiftRange`).
 */
export function shiftedParts(r: CellRange, a: DataArea): CellRange[] {
  if (r.bottom >= EXCEL_MAX_ROWS || r.bottom < a.first) return [r];
  const shift = areaShift(a);
  const parts: CellRange[] = [];
  if (r.top < a.first) parts.push({ ...r, bottom: a.first - 1 });
  if (r.top <= a.templateEnd && a.outEnd >= a.first) parts.push({ ...r, top: a.first, bottom: a.outEnd });
  if (r.bottom > a.templateEnd) parts.push({ ...r, top: Math.max(r.top, a.templateEnd + 1) + shift, bottom: r.bottom + shift });
  return parts;
}

/** The shifted range as one (the parts joined); null when nothing of it is left. */
export function shiftRange(r: CellRange, a: DataArea): CellRange | null {
  const parts = shiftedParts(r, a);
  if (!parts.length) return null;
  return { ...r, top: parts[0]!.top, bottom: parts[parts.length - 1]!.bottom };
}

/**
 * A space-separated list of ranges (sqref) shifted, each range as one or (`split`, as validations
 * keep the part over the header apart) in its parts; ranges left empty are dropped.
 */
export function shiftSqref(sqref: string, a: DataArea, split = false): string {
  return sqref
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((ref) => {
      const r = parseRange(ref);
      if (!r) return [ref];
      if (split) return shiftedParts(r, a).map(rangeRef);
      const out = shiftRange(r, a);
      return out ? [rangeRef(out)] : [];
    })
    .join(' ');
}
