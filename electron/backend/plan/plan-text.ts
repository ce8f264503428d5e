// Turn the bytes of a work-plan file into text for parsePlan: .docx through mammoth, .txt in
// UTF-8 / UTF-16 (with BOM) / GBK-GB18030 (what Notepad and WPS save on a Chinese Windows PC).

import mammoth from 'mammoth';
import type { ParsedPlan } from './plan-parser.js';
import { parsePlanTables } from './plan-table.js';
import { inflateEntry, readZipDirectory, type ZipEntry } from '../excel/zip-directory.js';

export type PlanInputErrorCode = 'empty_input' | 'not_text' | 'unsupported_file';

/** A file that cannot be read as a plan. `code` is stable for the CLI; `message` tells the clerk what to do. */
export class PlanInputError extends Error {
  readonly code: PlanInputErrorCode;

  constructor(code: PlanInputErrorCode, message: string) {
    super(message);
    this.name = 'PlanInputError';
    this.code = code;
  }
}

const PICK_AGAIN = '请确认选择的是工作要点的 .txt 或 .docx 文件';
const MESSAGES = {
  empty: `文件是空的，没有任何文字，${PICK_AGAIN}`,
  emptyDocx: '该 Word 文档中没有文字内容，请确认选择的是工作要点正文，而不是空白文档或扫描图片',
  notText: `文件内容无法识别为文字，${PICK_AGAIN}`,
  legacyOffice: '暂不支持旧版 Word/WPS 文档（.doc/.wps），请在 Word 或 WPS 中“另存为” .docx 后再导入',
  rtf: '暂不支持 RTF 格式的文档，请在 Word 或 WPS 中“另存为” .docx 后再导入',
  pdf: '暂不支持 PDF 文件，请在 PDF 阅读器中复制正文另存为 .txt，或使用原始的 .docx 文件',
  html: '这是网页文件，请在浏览器中复制工作要点正文，粘贴到记事本保存为 .txt 后再导入',
  notDocx: '该文件不是有效的 Word 文档（.docx），可能已损坏或是其他格式，请在 Word 或 WPS 中打开后“另存为” .docx 再试',
  image: `这是图片或压缩包文件，不包含可读取的文字，${PICK_AGAIN}`,
  encrypted: '该文档设置了打开密码，无法读取。请在 Word 或 WPS 中取消密码（文件→信息→保护文档）并保存后再导入',
  excel: '这是 Excel 工作簿，不是 Word 文档。工作要点请选择 .docx 或 .txt 文件',
  tooLarge: '该 Word 文档解压后内容过大，可能已损坏或不是工作要点，请在 Word 中打开后复制正文，粘贴到左侧文本框中解析',
} as const;

/** Limits checked on the .docx zip directory before mammoth inflates anything. */
const DOCX_MAX_ENTRIES = 2_000;
const DOCX_MAX_TOTAL_BYTES = 300 * 1024 * 1024;
const DOCX_MAX_XML_BYTES = 50 * 1024 * 1024;
/** Paragraphs with Word's automatic numbering from which we warn that numbers may be missing. */
const AUTO_NUMBERING_MIN = 3;

export interface PlanFileText {
  text: string;
  /** Things the clerk should know about the file itself (e.g. Word's automatic numbering), in Chinese. */
  notes: string[];
  /** A .docx whose plan is a Word table (任务分解表), read column by column (plan-table.ts); else null. */
  tablePlan?: ParsedPlan | null;
}

/** Read a plan file (.docx or .txt, judged by content, not by name) into text. */
export async function readPlanText(bytes: Uint8Array, fileName = ''): Promise<string> {
  return (await readPlanFile(bytes, fileName)).text;
}

/** Like readPlanText, with notes about the file the clerk should see next to the parse warnings. */
export async function readPlanFile(bytes: Uint8Array, fileName = ''): Promise<PlanFileText> {
  if (bytes.length === 0) throw new PlanInputError('empty_input', MESSAGES.empty);

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const documentXml = checkDocxContainer(bytes);
    const text = await docxText(bytes);
    return { text, notes: autoNumberingNotes(documentXml), tablePlan: parsePlanTables(documentXml) };
  }
  rejectKnownBinary(bytes, fileName);
  return { text: decodeText(bytes), notes: [] };
}

/**
 * Cheap checks of the zip directory before mammoth (JSZip) inflates anything: a Word document at all,
 * not encrypted, honest sizes (every XML part is inflated with a cap at its declared size).
 * Returns word/document.xml.
 */
function checkDocxContainer(bytes: Uint8Array): string {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes, DOCX_MAX_ENTRIES);
  } catch {
    throw new PlanInputError('unsupported_file', MESSAGES.notDocx);
  }
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]));
  const document = byName.get('word/document.xml');
  if (!document) throw new PlanInputError('unsupported_file', byName.has('xl/workbook.xml') ? MESSAGES.excel : MESSAGES.notDocx);
  if (entries.some((e) => e.flags & 0x1)) throw new PlanInputError('unsupported_file', MESSAGES.encrypted);
  const total = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  const xmlParts = entries.filter((e) => /\.(?:xml|rels)$/i.test(e.name));
  if (total > DOCX_MAX_TOTAL_BYTES || xmlParts.some((e) => e.uncompressedSize > DOCX_MAX_XML_BYTES)) {
    throw new PlanInputError('unsupported_file', MESSAGES.tooLarge);
  }
  let documentXml = '';
  for (const entry of xmlParts) {
    let data: Buffer;
    try {
      data = inflateEntry(bytes, entry);
    } catch (err) {
      const bomb = (err as { code?: string }).code === 'zip_bomb';
      throw new PlanInputError('unsupported_file', bomb ? MESSAGES.tooLarge : MESSAGES.notDocx);
    }
    if (entry === document) documentXml = data.toString('utf8');
  }
  return documentXml;
}

/**
 * Word's automatic numbering (编号) is not part of the text: "1." typed by Word itself is lost, and
 * tasks may be missing or merged. Tell the clerk how to get the numbers as text.
 */
function autoNumberingNotes(documentXml: string): string[] {
  let count = 0;
  for (const m of documentXml.matchAll(/<w:numPr>([\s\S]*?)<\/w:numPr>/g)) {
    if (!/<w:numId\s+w:val="0"/.test(m[1]!)) count++;
  }
  if (count < AUTO_NUMBERING_MIN) return [];
  return [
    `该 Word 文档有 ${count} 段使用了自动编号，自动生成的序号（如“1.”“一、”）读取不到，可能导致任务缺失或编号不对。` +
      '如结果不对，请在 Word 中全选正文并复制，粘贴到左侧文本框中（或粘贴到记事本另存为 .txt）后重新解析',
  ];
}

async function docxText(bytes: Uint8Array): Promise<string> {
  let value: string;
  try {
    ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
  } catch {
    throw new PlanInputError('unsupported_file', MESSAGES.notDocx);
  }
  if (!value.trim()) throw new PlanInputError('empty_input', MESSAGES.emptyDocx);
  return value;
}

function rejectKnownBinary(bytes: Uint8Array, fileName: string): void {
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    // An encrypted .docx is an OLE file holding an "EncryptedPackage" stream.
    const encrypted = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from('EncryptedPackage', 'utf16le'));
    throw new PlanInputError('unsupported_file', encrypted ? MESSAGES.encrypted : MESSAGES.legacyOffice);
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw new PlanInputError('unsupported_file', MESSAGES.pdf);
  if (latin1Head(bytes).startsWith('{\\rtf')) throw new PlanInputError('unsupported_file', MESSAGES.rtf);
  const imagesAndArchives = [
    [0x89, 0x50, 0x4e, 0x47], // PNG
    [0xff, 0xd8, 0xff], // JPEG
    [0x47, 0x49, 0x46, 0x38], // GIF
    [0x52, 0x61, 0x72, 0x21], // RAR
    [0x37, 0x7a, 0xbc, 0xaf], // 7z
    [0x1f, 0x8b], // gzip
  ];
  if (imagesAndArchives.some((magic) => startsWith(bytes, magic))) throw new PlanInputError('unsupported_file', MESSAGES.image);
  if (/\.docx$/i.test(fileName)) throw new PlanInputError('unsupported_file', MESSAGES.notDocx);
  if (/\.html?$/i.test(fileName) || /^\s*<(?:!doctype\s+html|html)/i.test(latin1Head(bytes))) {
    throw new PlanInputError('unsupported_file', MESSAGES.html);
  }
}

/**
 * Decode the bytes of a text file: BOM first (UTF-8, UTF-16LE/BE), then strict UTF-8, then GB18030
 * (a superset of GBK). Throws PlanInputError when the result is empty or not text.
 */
export function decodeText(bytes: Uint8Array): string {
  const text = decodeByEncoding(bytes);
  if (text === null || !looksLikeText(text)) throw new PlanInputError('not_text', MESSAGES.notText);
  if (!text.trim()) throw new PlanInputError('empty_input', MESSAGES.empty);
  return text;
}

function decodeByEncoding(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return tryDecode('utf-8', bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return tryDecode('utf-16le', bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return tryDecode('utf-16be', bytes.subarray(2));
  const utf16 = guessUtf16WithoutBom(bytes);
  if (utf16) return tryDecode(utf16, bytes);
  return tryDecode('utf-8', bytes) ?? tryDecode('gb18030', bytes);
}

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * UTF-16 saved without a BOM is full of NUL bytes; take whichever byte order reads as ordinary
 * Chinese or ASCII text.
 */
function guessUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0 || !bytes.includes(0)) return null;
  const candidates = (['utf-16le', 'utf-16be'] as const)
    .map((encoding) => ({ encoding, share: commonShare(tryDecode(encoding, bytes) ?? '') }))
    .sort((a, b) => b.share - a.share);
  return candidates[0]!.share >= 0.9 ? candidates[0]!.encoding : null;
}

/** Share of characters that are CJK ideographs, CJK/full-width punctuation, printable ASCII or line breaks. */
function commonShare(text: string): number {
  if (!text) return 0;
  const common = text.match(/[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\x20-\x7e\t\r\n]/g)?.length ?? 0;
  return common / text.length;
}

/** Decoded binary is full of control characters; real text has only tabs and line breaks. */
function looksLikeText(text: string): boolean {
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c < 0xa0);
    // Private-use and replacement characters are what random bytes become in GB18030 / UTF-16.
    const unusual = (c >= 0xe000 && c <= 0xf8ff) || c === 0xfffd || c === 0xfffe || c === 0xffff;
    if (control || unusual) bad++;
  }
  return bad <= text.length * 0.01;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** The first bytes as Latin-1, without a UTF-8 BOM, for sniffing ASCII signatures. */
function latin1Head(bytes: Uint8Array): string {
  const skip = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  return String.fromCharCode(...bytes.subarray(skip, skip + 64));
}
