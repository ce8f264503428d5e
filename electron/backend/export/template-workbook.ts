// exceljs where it serves the export: reading a template's validations back as exceljs's model (the
// tests compare with it), and writing workbooks we build ourselves (the built-in default template).
// Exports into a template never go through exceljs (template-export.ts writes the XML).

import type ExcelJS from 'exceljs';
import { inflateEntry, readZipDirectory } from '../excel/zip-directory.js';
import { writeZip } from '../excel/zip-writer.js';
import { parseRange, type CellRange } from '../excel/cell-address.js';
import { decodeXmlText } from '../excel/xml-text.js';

/** One `<dataValidation>` of the template, with its ranges. */
export interface TemplateValidation {
  ranges: CellRange[];
  /** In exceljs's model shape (what `worksheet.dataValidations.model[address]` holds). */
  rule: ExcelJS.DataValidation;
}

const VALIDATIONS_BLOCK = /<(?:\w+:)?dataValidations\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?dataValidations>)/g;
const VALIDATION = /<(?:\w+:)?dataValidation\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?dataValidation>)/g;

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return m ? decodeXmlText(m[1] ?? '') : undefined;
}

function bool(v: string | undefined): boolean | undefined {
  return v === undefined ? undefined : v === '1' || v === 'true';
}

export function parseValidations(sheetXml: string): TemplateValidation[] {
  const out: TemplateValidation[] = [];
  for (const block of sheetXml.match(VALIDATIONS_BLOCK) ?? []) {
    for (const m of block.matchAll(VALIDATION)) {
      const attrs = m[1] ?? '';
      const body = m[2] ?? '';
      const ranges = (attr(attrs, 'sqref') ?? '').split(/\s+/).flatMap((ref) => {
        const r = ref ? parseRange(ref) : null;
        return r ? [r] : [];
      });
      if (ranges.length === 0) continue;
      const formulae = [...body.matchAll(/<(?:\w+:)?formula[12]>([\s\S]*?)<\/(?:\w+:)?formula[12]>/g)].map((f) => decodeXmlText(f[1] ?? ''));
      const rule: Record<string, unknown> = { type: attr(attrs, 'type') ?? 'any', formulae };
      for (const key of ['operator', 'errorStyle', 'errorTitle', 'error', 'promptTitle', 'prompt']) {
        const v = attr(attrs, key);
        if (v !== undefined) rule[key] = v;
      }
      for (const key of ['allowBlank', 'showInputMessage', 'showErrorMessage']) {
        const v = bool(attr(attrs, key));
        if (v !== undefined) rule[key] = v;
      }
      out.push({ ranges, rule: rule as unknown as ExcelJS.DataValidation });
    }
  }
  return out;
}

/**
 * Writes the workbook to bytes. exceljs compresses with a JavaScript deflate (pako), about a third of
 * the time of a 10k-row export; it writes the parts uncompressed here and Node's zlib compresses them.
 */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  const options = { zip: { compression: 'STORE' } } as unknown as Parameters<typeof workbook.xlsx.writeBuffer>[0];
  const stored = new Uint8Array((await workbook.xlsx.writeBuffer(options)) as ArrayBuffer);
  const entries = readZipDirectory(stored, 100_000).map((e) => ({ name: e.name, data: inflateEntry(stored, e) }));
  const zip = writeZip(entries);
  return new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength);
}
