// Opens a registered template with exceljs for writing, working around what exceljs gets wrong:
// - data validations: exceljs expands every range cell by cell and writes them back as overlapping
//   ranges, so we take them out of the XML first, keep their ranges, and add them back ourselves;
// - files saved by LibreOffice write booleans as "true"/"false", which exceljs reads as false
//   (fit-to-page, custom heights, hidden columns, cell protection would be lost), so they are
//   rewritten as 1/0 in the sheets, workbook.xml and styles.xml.

import type ExcelJS from 'exceljs';
import { inspectWorkbook } from '../excel/workbook-guard.js';
import { fillCellRefs } from '../excel/sheet-xml-refs.js';
import { WorkbookError } from '../excel/workbook-error.js';
import { entryData, inflateEntry, readZipDirectory } from '../excel/zip-directory.js';
import { writeZip, type ZipWriteEntry } from '../excel/zip-writer.js';
import { parseRange, type CellRange } from '../excel/cell-address.js';
import { decodeXmlText } from '../excel/xml-text.js';

/** One `<dataValidation>` of the template, with its ranges. */
export interface TemplateValidation {
  ranges: CellRange[];
  /** In exceljs's model shape (what `worksheet.dataValidations.model[address]` holds). */
  rule: ExcelJS.DataValidation;
}

export interface OpenedTemplate {
  workbook: ExcelJS.Workbook;
  /** Validations per sheet name, as written in the template. */
  validations: Map<string, TemplateValidation[]>;
}

const VALIDATIONS_BLOCK = /<(?:\w+:)?dataValidations\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?dataValidations>)/g;
const VALIDATION = /<(?:\w+:)?dataValidation\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?dataValidation>)/g;
const LO_BOOLEAN = /(\s[A-Za-z]+)="(true|false)"/g;

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

/** Opens template bytes (already vetted at registration; checked again here) for writing a copy. */
export async function openTemplate(bytes: Uint8Array): Promise<OpenedTemplate> {
  const scan = inspectWorkbook(bytes);
  const sheetNames = new Map(scan.sheets.map((s) => [s.part, s.name ?? s.part]));
  const validations = new Map<string, TemplateValidation[]>();
  const entries: ZipWriteEntry[] = readZipDirectory(bytes, 5_000).map((entry) => {
    const part = entry.name.replace(/^\//, '');
    const isSheet = sheetNames.has(part);
    if (!isSheet && part !== 'xl/workbook.xml' && part !== 'xl/styles.xml') {
      return {
        name: entry.name,
        raw: { method: entry.method, crc32: entry.crc32, compressed: entryData(bytes, entry), uncompressedSize: entry.uncompressedSize },
      };
    }
    let xml = inflateEntry(bytes, entry).toString('utf8');
    if (isSheet) {
      // Cells and rows without `r` (valid OOXML) would make exceljs fail.
      xml = fillCellRefs(xml);
      validations.set(sheetNames.get(part)!, parseValidations(xml));
      xml = xml.replace(VALIDATIONS_BLOCK, '');
    }
    xml = xml.replace(LO_BOOLEAN, (_, name: string, v: string) => `${name}="${v === 'true' ? 1 : 0}"`);
    return { name: entry.name, data: Buffer.from(xml, 'utf8') };
  });
  const { default: ExcelJSModule } = await import('exceljs');
  const workbook = new ExcelJSModule.Workbook();
  try {
    await workbook.xlsx.load(writeZip(entries) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (err) {
    throw new WorkbookError('corrupt', undefined, `exceljs: ${(err as Error).message}`);
  }
  return { workbook, validations };
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
