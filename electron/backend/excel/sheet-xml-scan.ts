// Counts what reading one worksheet part could cost, straight from the XML bytes: rows, cells,
// merged area and data-validation area. The import reader (xlsx-reader/) reads neither merged
// cells one by one nor validations, but templates are still loaded by exceljs, which creates a cell
// object for every merged cell and expands every validated range address by address.

import { parseRange, rangeArea, rangeRef } from './cell-address.js';
import { findByte } from './xml-text.js';

export interface SheetXmlScan {
  rows: number;
  maxRow: number;
  cells: number;
  merges: number;
  mergeArea: number;
  largestMerge: { ref: string; area: number } | null;
  validationArea: number;
  /** The `<dimension ref>` as declared; informative only, no reader relies on it. */
  dimension: string | null;
  /** `<row>` and `<c>` elements without an `r` attribute (valid; the reader follows document order). */
  missingRefs: number;
}

export interface SheetXmlLimits {
  maxRows: number;
  maxCells: number;
  maxMergeArea: number;
}

/** Which limit a scan broke, with the numbers for the message. */
export type SheetXmlViolation =
  | { kind: 'merge'; ref: string; area: number; total: number }
  | { kind: 'rows'; count: number }
  | { kind: 'cells'; count: number };

const LT = 0x3c;

function isNameEnd(b: number | undefined): boolean {
  return b === undefined || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x3e || b === 0x2f;
}

const attributePatterns = new Map<string, RegExp>();

function attribute(tag: string, name: string): string | null {
  let pattern = attributePatterns.get(name);
  if (!pattern) attributePatterns.set(name, (pattern = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = pattern.exec(tag);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function localNameIs(xml: Buffer, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (xml[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** Whether the tag starting at `from` (just after its name) has an `r` attribute; reads no further than its `>`. */
function hasRefAttribute(xml: Buffer, from: number): boolean {
  for (let i = from; i < xml.length && xml[i] !== 0x3e; i++) {
    const b = xml[i - 1];
    if (xml[i] === 0x72 && (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
      let j = i + 1;
      while (xml[j] === 0x20 || xml[j] === 0x09 || xml[j] === 0x0a || xml[j] === 0x0d) j++;
      if (xml[j] === 0x3d) return true;
    }
  }
  return false;
}

/**
 * Scans the sheet, returning at the first broken limit so a hostile file is refused quickly.
 * Works on the Buffer without decoding it to one large string.
 */
export function scanSheetXml(
  xml: Buffer,
  limits: SheetXmlLimits,
): { scan: SheetXmlScan; violation: SheetXmlViolation | null } {
  const scan: SheetXmlScan = {
    rows: 0,
    maxRow: 0,
    cells: 0,
    merges: 0,
    mergeArea: 0,
    largestMerge: null,
    validationArea: 0,
    dimension: null,
    missingRefs: 0,
  };
  const tagText = (start: number): string => {
    const close = findByte(xml, 0x3e, start);
    return xml.toString('latin1', start, close < 0 ? xml.length : close);
  };
  let pos = 0;
  for (;;) {
    const lt = findByte(xml, LT, pos);
    if (lt < 0) break;
    const first = xml[lt + 1];
    if (first === 0x2f || first === 0x3f || first === 0x21) {
      pos = lt + 2;
      continue;
    }
    let nameEnd = lt + 1;
    let localStart = lt + 1;
    while (!isNameEnd(xml[nameEnd])) {
      if (xml[nameEnd] === 0x3a) localStart = nameEnd + 1; // drop a namespace prefix (x:row)
      nameEnd++;
    }
    pos = nameEnd;
    if (localNameIs(xml, localStart, nameEnd, 'c')) {
      if (++scan.cells > limits.maxCells) return { scan, violation: { kind: 'cells', count: scan.cells } };
      if (!hasRefAttribute(xml, nameEnd)) scan.missingRefs++;
    } else if (localNameIs(xml, localStart, nameEnd, 'row')) {
      scan.rows++;
      const rText = attribute(tagText(nameEnd), 'r');
      if (rText === null) scan.missingRefs++;
      const r = Number(rText ?? NaN);
      scan.maxRow = Number.isInteger(r) && r > 0 ? Math.max(scan.maxRow, r) : scan.maxRow + 1;
      if (scan.rows > limits.maxRows) return { scan, violation: { kind: 'rows', count: scan.rows } };
    } else if (localNameIs(xml, localStart, nameEnd, 'mergeCell')) {
      const range = parseRange(attribute(tagText(nameEnd), 'ref') ?? '');
      if (!range) continue;
      const area = rangeArea(range);
      scan.merges++;
      scan.mergeArea += area;
      if (!scan.largestMerge || area > scan.largestMerge.area) scan.largestMerge = { ref: rangeRef(range), area };
      if (scan.mergeArea > limits.maxMergeArea) {
        return { scan, violation: { kind: 'merge', ref: scan.largestMerge.ref, area: scan.largestMerge.area, total: scan.mergeArea } };
      }
    } else if (localNameIs(xml, localStart, nameEnd, 'dataValidation')) {
      for (const ref of (attribute(tagText(nameEnd), 'sqref') ?? '').split(/\s+/)) {
        const range = parseRange(ref);
        if (range) scan.validationArea += rangeArea(range);
      }
    } else if (localNameIs(xml, localStart, nameEnd, 'dimension')) {
      scan.dimension = attribute(tagText(nameEnd), 'ref');
    }
  }
  return { scan, violation: null };
}
