// A CSV form (what WPS/Excel write with "另存为 CSV": UTF-8 with or without BOM, or GBK) read into the
// same WorkbookModel the Excel core reads, so header detection and row reading are shared.
import path from 'node:path';
import { cellAddress } from '../excel/cell-address.js';
import { sniffFileKind } from '../excel/file-signature.js';
import { loadWorkbookSafely, type SafeLoadOptions } from '../excel/safe-load.js';
import { WorkbookError } from '../excel/workbook-error.js';
import type { CellModel, RowModel, WorkbookModel } from '../excel/workbook-model.js';

export const CSV_MAX_BYTES = 20 * 1024 * 1024;
export const CSV_MAX_CELLS = 2_000_000;
const CSV_MAX_COLS = 500;

/** UTF-8 (BOM or valid), UTF-16 with a BOM, else GB18030 (a superset of GBK/GB2312). */
export function decodeCsvText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Swap to little-endian: not every ICU build has a utf-16be decoder.
    const body = Buffer.from(bytes.subarray(2));
    body.swap16();
    return { text: new TextDecoder('utf-16le').decode(body), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** RFC 4180 fields, with the delimiter guessed from the first line (comma, tab or semicolon). */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let cells = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      cells += row.length;
      if (cells > CSV_MAX_CELLS) throw tooLarge();
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function tooLarge(): WorkbookError {
  return new WorkbookError('too_large', 'CSV 文件内容过多（超过 200 万个单元格），不像是报送表。请检查是否选错了文件，或删除多余内容后重新导入');
}

export function readCsvWorkbook(bytes: Uint8Array, sheetName: string): WorkbookModel {
  if (bytes.length > CSV_MAX_BYTES) throw tooLarge();
  const { text } = decodeCsvText(bytes);
  if (text.includes('\uFFFD') && text.replace(/[^\uFFFD]/g, '').length > text.length / 20) {
    throw new WorkbookError('not_xlsx', '文件内容无法识别为文字表格（编码不是 UTF-8 或 GBK），请用 Excel/WPS 打开后另存为 .xlsx 再导入');
  }
  const rows: RowModel[] = [];
  let maxCol = 0;
  parseCsv(text).forEach((fields, i) => {
    const r = i + 1;
    const cells: CellModel[] = [];
    fields.slice(0, CSV_MAX_COLS).forEach((raw, j) => {
      const value = raw.trim();
      if (value === '') return;
      cells.push({ address: cellAddress(r, j + 1), row: r, col: j + 1, value, text: value });
      maxCol = Math.max(maxCol, j + 1);
    });
    if (cells.length) rows.push({ row: r, cells });
  });
  const maxRow = rows.length ? rows[rows.length - 1]!.row : 0;
  return { sheets: [{ name: sheetName, index: 0, state: 'visible', rows, merges: [], maxRow, maxCol }] };
}

/** A CSV/TXT file as a workbook model (its sheet named after the file), or null when the bytes are no text. */
export function csvWorkbookOf(name: string, bytes: Uint8Array): WorkbookModel | null {
  return sniffFileKind(bytes) === 'text' ? readCsvWorkbook(bytes, path.parse(name).name.slice(0, 31) || 'CSV') : null;
}

/** A returned file as a workbook model: a CSV/TXT read here, anything else through the guarded worker. */
export async function loadWorkbookOrCsv(name: string, bytes: Uint8Array, options: SafeLoadOptions): Promise<WorkbookModel> {
  return csvWorkbookOf(name, bytes) ?? loadWorkbookSafely(bytes, options);
}
