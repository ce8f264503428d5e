// A filled ledger registered as its own template: the export styles every data line like the
// template's first data row, which in a filled ledger is often a section row (一、… bold, filled).
// Here that row's cells take the styles of the first task/measure row, in the sheet XML itself
// (s="…" attributes only), so everything else in the file — validations, conditional formats,
// print setup — stays exactly as the clerk made it.
import { fillCellRefs } from '../excel/sheet-xml-refs.js';
import { inspectWorkbook } from '../excel/workbook-guard.js';
import { entryData, inflateEntry, readZipDirectory } from '../excel/zip-directory.js';
import { writeZip, type ZipWriteEntry } from '../excel/zip-writer.js';

const ROW = (n: number) => new RegExp(`<((?:\\w+:)?row)\\b[^>]*\\br="${n}"[^>]*?(?:/>|>([\\s\\S]*?)</\\1>)`);
const CELL = /<((?:\w+:)?c)\b([^>]*?)(\/?)>/g;

function cellStyles(rowXml: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const m of rowXml.matchAll(CELL)) {
    const attrs = m[2] ?? '';
    const ref = /\br="([A-Z]+)\d+"/.exec(attrs)?.[1];
    if (ref) out.set(ref, /\bs="(\d+)"/.exec(attrs)?.[1] ?? null);
  }
  return out;
}

/** The sheet XML with row `first`'s cells styled like row `like`'s; null when a row is not found. */
export function restyleRow(xml: string, first: number, like: number): string | null {
  const source = ROW(like).exec(xml);
  const target = ROW(first).exec(xml);
  if (!source || !target || source[2] === undefined || target[2] === undefined) return null;
  const styles = cellStyles(source[2]);
  const body = target[2].replace(CELL, (whole, tag: string, attrs: string, close: string) => {
    const col = /\br="([A-Z]+)\d+"/.exec(attrs)?.[1];
    if (!col || !styles.has(col)) return whole;
    const s = styles.get(col);
    const rest = attrs.replace(/\s+s="\d+"/, '');
    return `<${tag}${rest}${s ? ` s="${s}"` : ''}${close}>`;
  });
  const start = target.index + target[0].indexOf('>') + 1;
  return xml.slice(0, start) + body + xml.slice(start + target[2].length);
}

/** The template bytes for a filled ledger: unchanged unless its first data row is not a task/measure row. */
export function templateBytesFor(bytes: Uint8Array, sheet: string, firstDataRow: number, styleRow: number | null): Uint8Array {
  if (styleRow === null || styleRow === firstDataRow) return bytes;
  try {
    const scan = inspectWorkbook(bytes);
    const part = scan.sheets.find((s) => s.name === sheet)?.part;
    if (!part) return bytes;
    let changed = false;
    const entries: ZipWriteEntry[] = readZipDirectory(bytes, 5_000).map((entry) => {
      if (entry.name.replace(/^\//, '') !== part) {
        return { name: entry.name, raw: { method: entry.method, crc32: entry.crc32, compressed: entryData(bytes, entry), uncompressedSize: entry.uncompressedSize } };
      }
      // Rows are found by their `r`, which some generators omit (valid OOXML).
      const xml = restyleRow(fillCellRefs(inflateEntry(bytes, entry).toString('utf8')), firstDataRow, styleRow);
      if (xml === null) return { name: entry.name, data: inflateEntry(bytes, entry) };
      changed = true;
      return { name: entry.name, data: Buffer.from(xml, 'utf8') };
    });
    if (!changed) return bytes;
    const zip = writeZip(entries);
    return new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength);
  } catch {
    return bytes; // the file as it is still works as a template, only its first data row's look is off
  }
}
