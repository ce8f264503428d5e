// Identifies what kind of file a clerk dropped, from its first bytes, before any parser runs.
// exceljs reports both a .xls and an encrypted .xlsx as "Can't find end of central directory",
// so the right parser (exceljs, SheetJS for .xls) or advice has to be chosen from here.

export type FileKind =
  | 'empty'
  | 'zip'
  | 'ole-encrypted' // OLE2 compound file holding an EncryptedPackage stream (password-protected .xlsx)
  | 'ole-word' // OLE2 holding a WordDocument stream (.doc)
  | 'ole-xls' // OLE2 holding a Workbook (BIFF8) or Book (BIFF5) stream: legacy .xls, WPS .et saved as .xls
  | 'ole-other' // any other OLE2 file
  | 'pdf'
  | 'html'
  | 'xml-spreadsheet' // Excel 2003 XML, often saved as .xls by web systems
  | 'text' // CSV / TXT in any encoding (UTF-8, GBK, UTF-16 with BOM)
  | 'unknown';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

function utf16le(name: string): Buffer {
  return Buffer.from(name, 'utf16le');
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Text files have no NUL bytes (UTF-16 excepted via its BOM) and few control characters. */
function looksLikeText(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return true;
  }
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) control++;
  }
  return control <= head.length / 100;
}

export function sniffFileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  const buf = asBuffer(bytes);
  if (startsWith(bytes, ZIP_LOCAL) || startsWith(bytes, ZIP_EMPTY)) return 'zip';
  if (startsWith(bytes, OLE_MAGIC.slice(0, 4))) {
    // Directory entry names are UTF-16LE; an encrypted OOXML file always has this stream.
    if (buf.includes(utf16le('EncryptedPackage'))) return 'ole-encrypted';
    if (buf.includes(utf16le('WordDocument'))) return 'ole-word';
    if (buf.includes(utf16le('Workbook')) || buf.includes(utf16le('Book'))) return 'ole-xls';
    return 'ole-other';
  }
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  const head = buf.subarray(0, 4096);
  if (!looksLikeText(head)) return 'unknown';
  const lower = head.toString('latin1').toLowerCase();
  if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'xml-spreadsheet';
  if (/<(!doctype html|html|table|meta)[\s>]/.test(lower)) return 'html';
  return 'text';
}
