// Decides from the raw bytes whether a workbook may be read at all (by xlsx-reader/, or by exceljs for templates).
// `checkContainer` is cheap (signature + zip directory, nothing inflated) and can run on any thread;
// `inspectWorkbook` inflates every part with a hard cap and scans the sheets, so run it off the
// thread that serves the UI (load-worker.ts does).

import { sniffFileKind, type FileKind } from './file-signature.js';
import { scanSheetXml, type SheetXmlScan, type SheetXmlViolation } from './sheet-xml-scan.js';
import { WorkbookError } from './workbook-error.js';
import { inflateEntry, readZipDirectory, type ZipEntry } from './zip-directory.js';
import { decodeXmlText } from './xml-text.js';

export interface GuardLimits {
  /** Size of the file itself. */
  maxFileBytes: number;
  maxEntries: number;
  /** Sum of the declared uncompressed sizes of all parts. */
  maxTotalUncompressedBytes: number;
  /** Uncompressed : compressed, checked only for parts above `ratioCheckMinBytes`. */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  /** Per sheet. */
  maxRows: number;
  maxCells: number;
  maxMergeArea: number;
}

export const DEFAULT_GUARD_LIMITS: Readonly<GuardLimits> = {
  maxFileBytes: 100 * 1024 * 1024,
  maxEntries: 5_000,
  maxTotalUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioCheckMinBytes: 1024 * 1024,
  maxRows: 100_000,
  maxCells: 2_000_000,
  maxMergeArea: 1_000_000,
};

export interface SheetPartScan extends SheetXmlScan {
  /** Zip part name, e.g. `xl/worksheets/sheet1.xml`. */
  part: string;
  /** Sheet name from workbook.xml when it can be resolved. */
  name: string | null;
}

export interface WorkbookScan {
  entryCount: number;
  /** Declared, then verified while inflating. */
  totalUncompressedBytes: number;
  sheets: SheetPartScan[];
}

const SHEET_PART = /(^|\/)worksheets\/[^/]+\.xml$/i;
const MB = 1024 * 1024;

function withDefaults(limits?: Partial<GuardLimits>): GuardLimits {
  return { ...DEFAULT_GUARD_LIMITS, ...limits };
}

const NOT_XLSX_MESSAGES: Partial<Record<FileKind, string>> = {
  empty: '文件是空的（0 字节），可能没有保存或下载完整，请重新获取文件后导入',
  text: '这是文本（CSV）文件，不是 Excel 工作簿。请用 Excel/WPS 打开后“另存为” .xlsx 格式再导入',
  html: '这是网页格式的表格（常见于从网站导出的 .xls），不是真正的 Excel 工作簿。请用 Excel/WPS 打开后“另存为” .xlsx 格式再导入',
  'xml-spreadsheet': '这是 Excel 2003 XML 表格，请在 Excel/WPS 中“另存为” .xlsx 格式后重新导入',
  pdf: '这是 PDF 文件，不是 Excel 工作簿，请让报送单位发送 .xlsx 格式的表格',
  'ole-word': '这是 Word 文档，不是 Excel 工作簿，请让报送单位发送 .xlsx 格式的表格',
  unknown: '文件不是 Excel 工作簿（.xlsx）或已损坏。请确认选择的文件是否正确，或在 Excel/WPS 中“另存为” .xlsx 后重新导入',
};

function refuseByKind(kind: FileKind): never {
  if (kind === 'ole-encrypted') throw new WorkbookError('encrypted', undefined, 'OLE2 file with EncryptedPackage');
  // Only reached where a zip is required (exceljs, template writing); checkFile lets an .xls through.
  if (kind === 'ole-xls') throw new WorkbookError('legacy_xls', undefined, 'OLE2 workbook where an .xlsx is required');
  if (kind === 'ole-other') {
    throw new WorkbookError('not_xlsx', '这是 Office 旧格式文件，但不是 Excel 工作簿。请确认选择的文件是否正确，或在 Excel/WPS 中“另存为” .xlsx 后重新导入', 'OLE2 compound file without a workbook stream');
  }
  throw new WorkbookError('not_xlsx', NOT_XLSX_MESSAGES[kind], `file kind ${kind}`);
}

/** Explains a zip that is not a workbook (ODS, .docx, .xlsb, a plain archive). */
function refuseZipWithoutWorkbook(names: ReadonlySet<string>): never {
  const has = (n: string): boolean => names.has(n);
  let message = '这是压缩文件，不是 Excel 工作簿。如果里面是表格，请解压后导入其中的 .xlsx 文件';
  if (has('xl/workbook.bin')) message = '这是 .xlsb 二进制工作簿，请在 Excel 中“另存为” .xlsx 格式后重新导入';
  else if (has('content.xml') && has('mimetype')) message = '这是 ODS 表格，请在 WPS/LibreOffice 中“另存为” .xlsx 格式后重新导入';
  else if (has('word/document.xml')) message = '这是 Word 文档（.docx），不是 Excel 工作簿，请让报送单位发送 .xlsx 格式的表格';
  throw new WorkbookError('not_xlsx', message, 'zip without xl/workbook.xml');
}

function checkFileSize(bytes: Uint8Array, limits: GuardLimits): void {
  if (bytes.length > limits.maxFileBytes) {
    throw new WorkbookError(
      'too_large',
      `文件有 ${Math.round(bytes.length / MB)} MB，超过可导入的上限 ${Math.round(limits.maxFileBytes / MB)} MB。请删除无关的工作表、图片后重新导入`,
      `file is ${bytes.length} bytes`,
    );
  }
}

export type CheckedFile = { format: 'xlsx'; entries: ZipEntry[] } | { format: 'xls' };

/**
 * The cheap checks for any workbook a clerk brings: a legacy .xls passes on to SheetJS (in the
 * worker, which checks its sheets); everything else must pass `checkContainer`.
 */
export function checkFile(bytes: Uint8Array, limitsIn?: Partial<GuardLimits>): CheckedFile {
  const limits = withDefaults(limitsIn);
  checkFileSize(bytes, limits);
  if (sniffFileKind(bytes) === 'ole-xls') return { format: 'xls' };
  return { format: 'xlsx', entries: checkContainer(bytes, limits) };
}

/**
 * Cheap checks that need no inflation: file kind, zip directory, declared sizes and ratios.
 * Throws WorkbookError; returns the directory for the full inspection.
 */
export function checkContainer(bytes: Uint8Array, limitsIn?: Partial<GuardLimits>): ZipEntry[] {
  const limits = withDefaults(limitsIn);
  checkFileSize(bytes, limits);
  const kind = sniffFileKind(bytes);
  if (kind !== 'zip') refuseByKind(kind);

  const entries = readZipDirectory(bytes, limits.maxEntries);
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
  if (!names.has('xl/workbook.xml')) refuseZipWithoutWorkbook(names);

  let total = 0;
  for (const entry of entries) {
    if (entry.flags & 0x1) throw new WorkbookError('encrypted', undefined, `zip entry ${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new WorkbookError('corrupt', undefined, `entry ${entry.name} uses compression method ${entry.method}`);
    }
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
      throw new WorkbookError(
        'zip_bomb',
        undefined,
        `entry ${entry.name}: ${entry.uncompressedSize} bytes from ${entry.compressedSize} (ratio ${Math.round(ratio)})`,
      );
    }
    total += entry.uncompressedSize;
  }
  if (total > limits.maxTotalUncompressedBytes) {
    throw new WorkbookError(
      'too_large',
      `文件解压后约 ${Math.round(total / MB)} MB，超过可导入的上限 ${Math.round(limits.maxTotalUncompressedBytes / MB)} MB。请删除无关的工作表或内容后重新导入`,
      `declared uncompressed total ${total} bytes`,
    );
  }
  return entries;
}

/** Maps worksheet part names to sheet names through workbook.xml and its relationships. */
function sheetNamesByPart(workbookXml: string, relsXml: string | null): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of (relsXml ?? '').matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const names = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\b(?:\w+:)?id="([^"]*)"/.exec(m[0])?.[1];
    const part = rid ? targets.get(rid) : undefined;
    if (name !== undefined && part) names.set(part, decodeXmlText(name));
  }
  return names;
}

export function violationError(sheet: string, v: SheetXmlViolation, limits: GuardLimits): WorkbookError {
  switch (v.kind) {
    case 'merge':
      return new WorkbookError(
        'too_large',
        `工作表“${sheet}”中的合并单元格 ${v.ref} 覆盖了 ${v.area.toLocaleString('en-US')} 个单元格，文件可能已损坏。请在 Excel 中取消这个合并后重新导入`,
        `merged area ${v.total} exceeds ${limits.maxMergeArea}`,
      );
    case 'rows':
      return new WorkbookError(
        'too_large',
        `工作表“${sheet}”超过 ${limits.maxRows.toLocaleString('en-US')} 行，超出可导入的上限。请删除多余的行或拆分文件后重新导入`,
        `more than ${limits.maxRows} rows`,
      );
    case 'cells':
      return new WorkbookError(
        'too_large',
        `工作表“${sheet}”超过 ${limits.maxCells.toLocaleString('en-US')} 个单元格，超出可导入的上限。请删除多余的行列或拆分文件后重新导入`,
        `more than ${limits.maxCells} cells`,
      );
  }
}

/** The parts the workbook reader needs, inflated once by the guard and handed on. */
const READER_PART = /^xl\/(?:[^/]+\.xml|_rels\/workbook\.xml\.rels|worksheets\/[^/]+\.xml)$/i;

export interface InspectedWorkbook {
  scan: WorkbookScan;
  /** Inflated workbook.xml, its relationships, shared strings, styles and worksheets, by part name. */
  parts: Map<string, Buffer>;
}

/**
 * Full inspection: everything `checkContainer` does, then inflates every part (capped at its
 * declared size, so lying directories are caught) and scans each worksheet for merged areas,
 * row and cell counts. Throws WorkbookError; returns what it measured.
 */
export function inspectWorkbook(bytes: Uint8Array, limitsIn?: Partial<GuardLimits>): WorkbookScan {
  return inspect(bytes, withDefaults(limitsIn), false).scan;
}

/** `inspectWorkbook`, keeping the parts the reader parses next so nothing is inflated twice. */
export function inspectWorkbookParts(bytes: Uint8Array, limitsIn?: Partial<GuardLimits>): InspectedWorkbook {
  return inspect(bytes, withDefaults(limitsIn), true);
}

function inspect(bytes: Uint8Array, limits: GuardLimits, keepParts: boolean): InspectedWorkbook {
  const entries = checkContainer(bytes, limits);
  const scan: WorkbookScan = { entryCount: entries.length, totalUncompressedBytes: 0, sheets: [] };
  const parts = new Map<string, Buffer>();

  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]));
  // The two parts that name the sheets are inflated first (and only once: the loop below takes them).
  const early = new Map<ZipEntry, Buffer>();
  const text = (name: string): string | null => {
    const e = byName.get(name);
    if (!e) return null;
    const data = inflateEntry(bytes, e);
    early.set(e, data);
    return data.toString('utf8');
  };
  const names = sheetNamesByPart(text('xl/workbook.xml') ?? '', text('xl/_rels/workbook.xml.rels'));

  for (const entry of entries) {
    if (entry.name.endsWith('/') && entry.uncompressedSize === 0) continue;
    // Every part must inflate within its declared size, whether or not it is read.
    const data = early.get(entry) ?? inflateEntry(bytes, entry);
    scan.totalUncompressedBytes += data.length;
    const part = entry.name.replace(/^\//, '');
    if (keepParts && READER_PART.test(part)) parts.set(part, data);
    if (!SHEET_PART.test(part)) continue;
    const name = names.get(part) ?? null;
    const { scan: sheetScan, violation } = scanSheetXml(data, limits);
    if (violation) throw violationError(name ?? part, violation, limits);
    scan.sheets.push({ ...sheetScan, part, name });
  }
  return { scan, parts };
}
