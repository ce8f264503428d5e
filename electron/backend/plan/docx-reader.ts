// The .docx half of reading a work plan, run inside a worker (excel/load-worker.ts, started by
// docx-isolated.ts): container checks, a nesting-depth pre-check, mammoth's text, and notes about the
// file. Pure apart from the worker it runs in: bytes in, DocxContent out, PlanInputError otherwise.
// A reader of the document's tables can take `documentXml` (here or on the caller's side).
import type { ParsedPlan } from './plan-parser.js';
import { parsePlanTables } from './plan-table.js';
import mammoth from 'mammoth';
import { inflateEntry, readZipDirectory, type ZipEntry } from '../excel/zip-directory.js';
import { PLAN_INPUT_MESSAGES as MESSAGES, PlanInputError } from './plan-input-error.js';

/** Limits checked on the .docx zip directory before mammoth inflates anything. */
const DOCX_MAX_ENTRIES = 2_000;
const DOCX_MAX_TOTAL_BYTES = 300 * 1024 * 1024;
const DOCX_MAX_XML_BYTES = 50 * 1024 * 1024;
/**
 * Deepest element nesting accepted. Word's own documents stay far below it (tables in tables in
 * text boxes reach a few dozen); mammoth's XML parser slows with the square of the depth
 * (200,000 levels: 152 s), so deeper files are refused before it sees them.
 */
export const DOCX_MAX_DEPTH = 1_000;
/** Paragraphs with Word's automatic numbering from which we warn that numbers may be missing. */
const AUTO_NUMBERING_MIN = 3;

export interface DocxContent {
  /** The document's text as mammoth reads it (paragraphs on lines). */
  text: string;
  /** Things the clerk should know about the file itself (e.g. Word's automatic numbering), in Chinese. */
  notes: string[];
  /** word/document.xml, for readers of the document's structure (tables). */
  documentXml: string;
  /** The plan read from the document's Word tables (任务分解表, plan-table.ts); null when it has none. */
  tablePlan: ParsedPlan | null;
}

export interface DocxReaderOptions {
  maxDepth?: number;
}

export async function readDocxContent(bytes: Uint8Array, options: DocxReaderOptions = {}): Promise<DocxContent> {
  const documentXml = checkDocxContainer(bytes, options.maxDepth ?? DOCX_MAX_DEPTH);
  const text = await docxText(bytes);
  return { text, notes: autoNumberingNotes(documentXml), documentXml, tablePlan: parsePlanTables(documentXml) };
}

/**
 * Whether elements nest deeper than maxDepth. One pass over the tags, no parse: start tags count
 * up, end tags down; self-closing tags, declarations, comments and CDATA do not count.
 */
export function xmlDepthExceeds(xml: string, maxDepth: number): boolean {
  let depth = 0;
  let at = xml.indexOf('<');
  while (at >= 0) {
    const next = xml.charCodeAt(at + 1);
    if (next === 0x2f /* / */) {
      depth--;
    } else if (next === 0x21 /* ! */) {
      const end = xml.startsWith('<!--', at) ? xml.indexOf('-->', at + 4) : xml.startsWith('<![CDATA[', at) ? xml.indexOf(']]>', at + 9) : xml.indexOf('>', at);
      if (end < 0) return false;
      at = xml.indexOf('<', end);
      continue;
    } else if (next !== 0x3f /* ? */) {
      const close = xml.indexOf('>', at);
      if (close < 0) return false;
      if (xml.charCodeAt(close - 1) !== 0x2f && ++depth > maxDepth) return true;
      at = xml.indexOf('<', close);
      continue;
    }
    at = xml.indexOf('<', at + 1);
  }
  return false;
}

/**
 * Cheap checks of the zip directory before mammoth (JSZip) inflates anything: a Word document at all,
 * not encrypted, honest sizes (every XML part is inflated with a cap at its declared size).
 * Every XML part is also scanned for its nesting depth (see xmlDepthExceeds). Returns word/document.xml.
 */
function checkDocxContainer(bytes: Uint8Array, maxDepth: number): string {
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
    const xml = data.toString('utf8');
    if (xmlDepthExceeds(xml, maxDepth)) throw new PlanInputError('document_too_complex', MESSAGES.tooComplex);
    if (entry === document) documentXml = xml;
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
  } catch (err) {
    // mammoth's XML parser recurses: a document nested deeper than the stack is too complex, not damaged.
    if (err instanceof RangeError) throw new PlanInputError('document_too_complex', MESSAGES.tooComplex);
    throw new PlanInputError('unsupported_file', MESSAGES.notDocx);
  }
  if (!value.trim()) throw new PlanInputError('empty_input', MESSAGES.emptyDocx);
  return value;
}
