// The size caps of every kind of file the clerk can hand the app, in one list: the API schemas,
// the CLI's file reader (checked with fstat before reading), the renderer's pickers and the web
// host's request-body limit all read them from here.

const MB = 1024 * 1024;

export const FILE_KINDS = ['plan', 'submission', 'ledger', 'template', 'unitList'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface FileLimit {
  maxBytes: number;
  /** What the file should be, for messages: 工作要点文件, 报送表 … */
  what: string;
}

export const FILE_LIMITS: Readonly<Record<FileKind, FileLimit>> = {
  // A .docx with images can be large; the text we read from it is what counts.
  plan: { maxBytes: 30 * MB, what: '工作要点文件' },
  // A filled form is a few hundred KB.
  submission: { maxBytes: 50 * MB, what: '报送表' },
  ledger: { maxBytes: 50 * MB, what: '台账' },
  template: { maxBytes: 20 * MB, what: 'Excel 模板' },
  // A list of a few hundred units is a few dozen KB.
  unitList: { maxBytes: 20 * MB, what: '单位名录' },
};

/** The largest file any entry point accepts (the web host sizes its body limit from it). */
export const LARGEST_FILE_BYTES = Math.max(...FILE_KINDS.map((k) => FILE_LIMITS[k].maxBytes));

export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** A kind from the list, or a limit of its own (佐证材料, whose cap the clerk can change). */
export type FileLimitOf = FileKind | FileLimit;

export function limitOf(kind: FileLimitOf): FileLimit {
  return typeof kind === 'string' ? FILE_LIMITS[kind] : kind;
}

/** The one message for a file over its kind's cap. */
export function fileTooLargeMessage(kind: FileLimitOf, size?: number): string {
  const { maxBytes, what } = limitOf(kind);
  const actual = size === undefined ? '' : `（${formatMegabytes(size)}）`;
  return `文件${actual}超过 ${formatMegabytes(maxBytes)}，不像是${what}，请检查是否选错了文件`;
}

export function isWithinLimit(kind: FileLimitOf, size: number): boolean {
  return size <= limitOf(kind).maxBytes;
}

/** Files the UI sends in one submissions.preview call (the rest follow in later calls). */
export const FILES_PER_UPLOAD = 2;

/**
 * The largest HTTP request body the web host accepts: FILES_PER_UPLOAD of the largest files,
 * base64-encoded (4/3), plus room for the JSON around them.
 */
export const MAX_REQUEST_BODY_BYTES = Math.ceil((LARGEST_FILE_BYTES * FILES_PER_UPLOAD * 4) / 3) + 1024 * 1024;
