// What an evidence file is, from its bytes (its name may say anything): images, PDF, Word/Excel/WPS and
// OFD documents, and zip archives holding only those. Executables, scripts and archives holding them are
// refused; archives go through the workbook guard's zip-bomb checks (same directory reader, same limits).
import type { EvidenceType } from '#shared/api/evidence-api.js';
import { AppError, type ErrorCode } from '#shared/errors.js';
import { sniffFileKind } from '../excel/file-signature.js';
import { isWorkbookError } from '../excel/workbook-error.js';
import { DEFAULT_GUARD_LIMITS } from '../excel/workbook-guard.js';
import { inflateEntry, readZipDirectory, type ZipEntry } from '../excel/zip-directory.js';
import { zipEntryName } from './file-name.js';

const MB = 1024 * 1024;

function startsWith(b: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (b.length < at + magic.length) return false;
  return magic.every((m, i) => b[at + i] === m);
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', from, Math.min(to, b.length));
}

export const EXECUTABLE_MESSAGE = '是可执行程序或脚本，不能作为佐证材料（出于安全考虑）。请上传照片、PDF、Word、Excel 或 WPS 文件';
const UNSUPPORTED_MESSAGE = '不是可识别的佐证材料类型。请上传照片（JPG/PNG/HEIC）、PDF、Word、Excel、WPS 文件，或只含这些文件的 .zip 压缩包';

/** Executables and scripts by their bytes: PE (MZ), ELF, Mach-O, Java class, shebang, Windows script headers. */
export function looksExecutable(b: Uint8Array): boolean {
  if (startsWith(b, [0x4d, 0x5a])) return true; // MZ: .exe .dll .scr .com
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return true; // ELF
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((m) => startsWith(b, m))) return true;
  if (startsWith(b, [0x23, 0x21])) return true; // #!
  const head = ascii(b, 0, 512).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return /^(@echo\s|@?rem\s|set\s+\w+=|powershell|<script|<job|<package|<hta:|wscript\.|createobject\(|option explicit|dim\s+\w+|function\s+\w+\s*\(|var\s+\w+\s*=|import\s+os|\$\w+\s*=)/.test(head) || /<hta:application/.test(head);
}

/** ISO-BMFF `ftyp` brands of HEIF/HEIC images (what iPhones save). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

function oleType(b: Uint8Array): EvidenceType | 'encrypted' | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const has = (s: string) => buf.includes(Buffer.from(s, 'utf16le'));
  if (has('EncryptedPackage')) return 'encrypted';
  // WPS 文字 (.wps) and 表格 (.et) use the same streams as Word's .doc and Excel's .xls.
  if (has('WordDocument')) return 'doc';
  if (has('Workbook') || has('Book')) return 'xls';
  if (has('PowerPoint Document')) return 'ppt';
  return null;
}

function ooxmlType(names: ReadonlySet<string>): EvidenceType | null {
  if (names.has('word/document.xml')) return 'docx';
  if (names.has('xl/workbook.xml')) return 'xlsx';
  if (names.has('ppt/presentation.xml')) return 'pptx';
  if (names.has('OFD.xml')) return 'ofd';
  return null;
}

export interface ArchiveLimits {
  maxEntries: number;
  maxTotalUncompressedBytes: number;
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  /** Archives inside archives are looked into this deep, no deeper. */
  maxDepth: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = {
  maxEntries: DEFAULT_GUARD_LIMITS.maxEntries,
  maxTotalUncompressedBytes: DEFAULT_GUARD_LIMITS.maxTotalUncompressedBytes,
  maxCompressionRatio: DEFAULT_GUARD_LIMITS.maxCompressionRatio,
  ratioCheckMinBytes: DEFAULT_GUARD_LIMITS.ratioCheckMinBytes,
  maxDepth: 3,
};

export class EvidenceRefused extends AppError {}

function refuse(code: ErrorCode, message: string): never {
  throw new EvidenceRefused(code, message);
}

/** The zip's directory checked the way the workbook guard checks a workbook's: counts, methods, ratios, total. */
export function checkedZipDirectory(bytes: Uint8Array, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ZipEntry[] {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes, limits.maxEntries);
  } catch (err) {
    if (isWorkbookError(err) && err.code === 'too_large') refuse('too_large', `压缩包内文件过多（超过 ${limits.maxEntries} 个），请分成几个压缩包`);
    refuse('corrupt', '压缩包已损坏，无法读取，请重新压缩后再添加');
  }
  let total = 0;
  for (const e of entries) {
    if (e.flags & 0x1) refuse('encrypted', '压缩包设置了密码，请解除密码后再添加');
    if (e.method !== 0 && e.method !== 8) refuse('corrupt', '压缩包使用了不支持的压缩方式，请用 Windows 自带的“发送到→压缩文件夹”重新压缩');
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
      refuse('zip_bomb', '压缩包的压缩比异常（可能是“压缩炸弹”），已拒绝。请解压检查后重新压缩');
    }
    total += e.uncompressedSize;
  }
  if (total > limits.maxTotalUncompressedBytes) {
    refuse('too_large', `压缩包解压后约 ${Math.round(total / MB)} MB，超过上限 ${Math.round(limits.maxTotalUncompressedBytes / MB)} MB，请分成几个压缩包`);
  }
  return entries;
}

/** Inflates one entry with the directory's declared size as a hard cap (a lying entry is a bomb). */
export function inflateChecked(bytes: Uint8Array, entry: ZipEntry): Buffer {
  try {
    return inflateEntry(bytes, entry);
  } catch (err) {
    if (isWorkbookError(err) && err.code === 'zip_bomb') refuse('zip_bomb', '压缩包内的文件解压后比声明的大（可能是“压缩炸弹”），已拒绝');
    refuse('corrupt', '压缩包已损坏，无法读取，请重新压缩后再添加');
  }
}

const SCRIPT_NAME = /\.(exe|com|scr|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|msi|msp|lnk|jar|dll|cpl|reg|sh|py|apk|app)$/i;

/** A zip that is an archive (not an Office/OFD document): every entry must itself be acceptable evidence. */
function checkArchive(bytes: Uint8Array, entries: readonly ZipEntry[], limits: ArchiveLimits, depth: number): void {
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const name = zipEntryName(e);
    // Names are no proof of type, but a file named like a program is refused even when its bytes are hidden.
    if (SCRIPT_NAME.test(name)) refuse('executable_file', `压缩包中的“${name}”${EXECUTABLE_MESSAGE}`);
    const data = inflateChecked(bytes, e);
    if (!data.length) continue;
    try {
      detectEvidenceType(data, limits, depth + 1);
    } catch (err) {
      if (err instanceof EvidenceRefused) refuse(err.code, `压缩包中的“${name}”${err.message.startsWith('是') || err.message.startsWith('不是') ? err.message : `：${err.message}`}`);
      throw err;
    }
  }
}

/**
 * The type of an evidence file from its bytes, or EvidenceRefused with a Chinese message (for a file
 * whose name is prefixed by the caller: “照片.exe”是可执行程序…).
 */
export function detectEvidenceType(bytes: Uint8Array, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS, depth = 0): EvidenceType {
  if (!bytes.length) refuse('empty_file', '是空文件（0 字节），请重新获取文件后添加');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'heic';
  if (looksExecutable(bytes)) refuse('executable_file', EXECUTABLE_MESSAGE);
  const kind = sniffFileKind(bytes);
  if (kind === 'pdf') return 'pdf';
  if (kind === 'ole-encrypted') refuse('encrypted', '文件设置了打开密码，请取消密码后再添加（检查人员无法打开加密文件）');
  if (kind === 'ole-word' || kind === 'ole-xls' || kind === 'ole-other') {
    const t = oleType(bytes);
    if (t === 'encrypted') refuse('encrypted', '文件设置了打开密码，请取消密码后再添加（检查人员无法打开加密文件）');
    if (t) return t;
    refuse('unsupported_file', UNSUPPORTED_MESSAGE);
  }
  if (kind === 'zip') {
    const entries = checkedZipDirectory(bytes, limits);
    const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
    const doc = ooxmlType(names);
    // Macro projects make a document a program: refused like scripts.
    if (doc && [...names].some((n) => /vbaProject\.bin$/i.test(n))) refuse('executable_file', '含有宏（VBA 代码），不能作为佐证材料。请另存为不含宏的 .docx/.xlsx 后再添加');
    if (doc) return doc;
    if (depth >= limits.maxDepth) refuse('archive_too_deep', '压缩包嵌套层数过多，请解压后直接添加其中的文件');
    checkArchive(bytes, entries, limits, depth);
    return 'zip';
  }
  refuse('unsupported_file', UNSUPPORTED_MESSAGE);
}

/** Pixel size of a JPEG or PNG from its header (for the thumbnail's aspect ratio); null when unreadable. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) && b.length >= 24) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (!startsWith(bytes, [0xff, 0xd8])) return null;
  let p = 2;
  while (p + 9 < b.length) {
    if (b[p] !== 0xff) return null;
    const marker = b[p + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2;
      continue;
    }
    const len = b.readUInt16BE(p + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(p + 5), width: b.readUInt16BE(p + 7) };
    }
    p += 2 + len;
  }
  return null;
}

/** The EXIF orientation of a JPEG (1–8; 1 when absent): phones store portrait photos sideways with 6 or 8. */
export function jpegOrientation(bytes: Uint8Array): number {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!startsWith(bytes, [0xff, 0xd8])) return 1;
  let p = 2;
  while (p + 4 < b.length && b[p] === 0xff) {
    const marker = b[p + 1]!;
    const len = b.readUInt16BE(p + 2);
    if (marker === 0xda) break; // start of scan: no more headers
    if (marker === 0xe1 && b.toString('latin1', p + 4, p + 10) === 'Exif\0\0') {
      const t = p + 10;
      if (t + 8 > b.length) return 1;
      const le = b.toString('latin1', t, t + 2) === 'II';
      const u16 = (o: number) => (o + 2 <= b.length ? (le ? b.readUInt16LE(o) : b.readUInt16BE(o)) : 0);
      const u32 = (o: number) => (o + 4 <= b.length ? (le ? b.readUInt32LE(o) : b.readUInt32BE(o)) : 0);
      const ifd = t + u32(t + 4);
      const n = u16(ifd);
      for (let i = 0; i < n && i < 500; i++) {
        const e = ifd + 2 + i * 12;
        if (u16(e) === 0x0112) {
          const v = u16(e + 8);
          return v >= 1 && v <= 8 ? v : 1;
        }
      }
      return 1;
    }
    p += 2 + len;
  }
  return 1;
}
