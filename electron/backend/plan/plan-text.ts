// Turn the bytes of a work-plan file into text for parsePlan: .docx through mammoth, .txt in
// UTF-8 / UTF-16 (with BOM) / GBK-GB18030 (what Notepad and WPS save on a Chinese Windows PC).

import { readDocxIsolated, type DocxReadOptions } from './docx-isolated.js';
import { PLAN_INPUT_MESSAGES as MESSAGES, PlanInputError } from './plan-input-error.js';
import type { ParsedPlan } from './plan-parser.js';

export { PlanInputError, type PlanInputErrorCode } from './plan-input-error.js';

export interface PlanFileText {
  text: string;
  /** Things the clerk should know about the file itself (e.g. Word's automatic numbering), in Chinese. */
  notes: string[];
  /** A .docx whose plan is a Word table (任务分解表), read column by column (plan-table.ts); else null. */
  tablePlan?: ParsedPlan | null;
}

/** Read a plan file (.docx or .txt, judged by content, not by name) into text. */
export async function readPlanText(bytes: Uint8Array, fileName = '', options: DocxReadOptions = {}): Promise<string> {
  return (await readPlanFile(bytes, fileName, options)).text;
}

/** Like readPlanText, with notes about the file the clerk should see next to the parse warnings. */
export async function readPlanFile(bytes: Uint8Array, fileName = '', options: DocxReadOptions = {}): Promise<PlanFileText> {
  if (bytes.length === 0) throw new PlanInputError('empty_input', MESSAGES.empty);

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Off this thread, with time and memory limits: a hostile .docx costs one worker, never the app.
    // The worker reads a 任务分解表 there too (plan-table.ts), so a huge table cannot stall the app either.
    const { text, notes, tablePlan } = await readDocxIsolated(bytes, options);
    return { text, notes, tablePlan };
  }
  rejectKnownBinary(bytes, fileName);
  return { text: decodeText(bytes), notes: [] };
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
