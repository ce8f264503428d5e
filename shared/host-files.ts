// Opening and saving files is a host capability, not an API method: the browser host uploads and
// downloads, the desktop shell shows the native dialogs and writes atomically. This module is the one
// place that says which files each open dialog offers (the browser's `accept` is derived from it too)
// and what crosses the IPC boundary between the renderer and the shell for it.
import { z } from 'zod';
import { LEDGER_FILE_MAX_BYTES } from './api/ledger-import-api.js';
import { PLAN_FILE_MAX_BYTES } from './api/plan-api.js';
import { SUBMISSION_FILE_MAX_BYTES, SUBMISSION_MAX_FILES } from './api/submission-api.js';
import { TEMPLATE_FILE_MAX_BYTES } from './api/template-api.js';
import { UNIT_LIST_MAX_BYTES } from './api/units-api.js';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenKindSpec {
  /** The dialog's title. */
  title: string;
  /** What the file is, for messages (“不像是报送表”). */
  what: string;
  extensions: string[];
  filterName: string;
  multiple: boolean;
  /** The same limit the API method that reads these bytes enforces. */
  maxBytes: number;
}

export const OPEN_KINDS = {
  plan: { title: '选择工作要点', what: '工作要点', filterName: '工作要点（Word 文档、文本）', extensions: ['docx', 'txt'], multiple: false, maxBytes: PLAN_FILE_MAX_BYTES },
  submissions: {
    title: '选择报送表（可多选）',
    what: '报送表',
    filterName: '报送表及佐证材料（Excel、WPS 表格、CSV、压缩包、照片、PDF、Word）',
    // A school's .zip, photos and documents are 佐证材料 carried by its submission (SubmissionEvidence).
    extensions: ['xlsx', 'xlsm', 'xls', 'et', 'csv', 'zip', 'jpg', 'jpeg', 'png', 'heic', 'pdf', 'doc', 'docx', 'wps', 'ofd'],
    multiple: true,
    maxBytes: SUBMISSION_FILE_MAX_BYTES,
  },
  template: { title: '选择 Excel 模板', what: 'Excel 模板', filterName: 'Excel 模板', extensions: ['xlsx', 'xls'], multiple: false, maxBytes: TEMPLATE_FILE_MAX_BYTES },
  ledger: { title: '选择 Excel 台账', what: 'Excel 台账', filterName: 'Excel 台账（Excel、CSV）', extensions: ['xlsx', 'xlsm', 'xls', 'csv'], multiple: false, maxBytes: LEDGER_FILE_MAX_BYTES },
  units: { title: '选择单位名录', what: '单位名录', filterName: '单位名录（Excel、CSV）', extensions: ['xlsx', 'xlsm', 'xls', 'csv'], multiple: false, maxBytes: UNIT_LIST_MAX_BYTES },
} as const satisfies Record<string, OpenKindSpec>;

export type OpenKind = keyof typeof OPEN_KINDS;
export const OPEN_KIND_IDS = Object.keys(OPEN_KINDS) as [OpenKind, ...OpenKind[]];
/** At most this many files in one open dialog (the submissions import's own limit). */
export const OPEN_MAX_FILES = SUBMISSION_MAX_FILES;

/** The browser's `<input type="file" accept>` for a kind. */
export function acceptFor(kind: OpenKind): string {
  return OPEN_KINDS[kind].extensions.map((e) => `.${e}`).join(',');
}

/** The native open dialog's filters: the kind's files first, then everything (a school's odd file name). */
export function openFilters(kind: OpenKind): FileFilter[] {
  const spec = OPEN_KINDS[kind];
  return [
    { name: spec.filterName, extensions: [...spec.extensions] },
    { name: '所有文件', extensions: ['*'] },
  ];
}

const SAVE_FILTER_NAMES: Record<string, string> = {
  xlsx: 'Excel 工作簿',
  docx: 'Word 文档',
  zip: 'ZIP 压缩包',
  csv: 'CSV 文件',
  pdf: 'PDF 文件',
};

/** The native save dialog's filter for a suggested file name (its extension). */
export function saveFilters(fileName: string): FileFilter[] {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (!ext) return [];
  return [{ name: SAVE_FILTER_NAMES[ext] ?? `${ext.toUpperCase()} 文件`, extensions: [ext] }];
}

// What crosses the IPC boundary. The shell validates every request before it shows a dialog.
const fileName = z.string().trim().min(1, '文件名不能为空').max(255, '文件名过长');
// Not strict: a method's whole result (fileName, bytes and its counts) may be passed; only these two are kept.
const outFile = z.object({ fileName, bytes: z.instanceof(Uint8Array) });

export const saveFileRequest = z.object({ file: outFile }).strict();
export const saveFilesRequest = z.object({ files: z.array(outFile).min(1, '没有要保存的文件').max(5000) }).strict();
export const openFilesRequest = z.object({ kind: z.enum(OPEN_KIND_IDS) }).strict();

/** Any file a method returned (its bytes may be a view into a larger buffer). */
export interface FileToSave {
  fileName: string;
  bytes: Uint8Array;
}
export interface SaveFileRequest {
  file: FileToSave;
}
export interface SaveFilesRequest {
  files: FileToSave[];
}
export type OpenFilesRequest = z.infer<typeof openFilesRequest>;

/** A save either wrote every file under its final path, or (cancelled) wrote nothing. */
export type SaveOutcome = { saved: false } | { saved: true; paths: string[] };
/** Cancelled: no files. */
export interface OpenOutcome {
  files: { name: string; bytes: Uint8Array }[];
}
