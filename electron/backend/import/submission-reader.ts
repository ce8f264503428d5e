// One submitted file → its unit text, report date, period guess and normalised rows, with every value
// that could not be understood reported by cell address. Parsing and normalising run in the Excel core's
// worker (memory and time limits); this module never throws for a bad file, it returns the error.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_STATUSES, FIELD_KEYS, type FieldKey } from '#shared/fields.js';
import {
  checkFile,
  DEFAULT_GUARD_LIMITS,
  formatCellIssue,
  isWorkbookError,
  normaliseDeadline,
  normalisePercent,
  normaliseQuantity,
  readLedgerSheet,
  WORKBOOK_ERROR_MESSAGES,
  WorkbookError,
  type DataRow,
  type SafeLoadOptions,
  type WorkbookModel,
} from '../excel/index.js';
import { cellAddress } from '../excel/cell-address.js';
import { planCodeKey } from '#shared/text-normalise.js';
import { storedFieldValue } from '../workbench/cell-value.js';
import { runIsolated } from '../excel/safe-load.js';
import { csvWorkbookOf } from './csv-workbook.js';

export interface SubmittedRow {
  sheetRow: number;
  /** A1 address of the row's first table cell. */
  cell: string;
  taskCode: string;
  taskText: string;
  measures: string;
  /** Values as the ledger stores them (the grid's normal form), by field. */
  values: Partial<Record<FieldKey, string>>;
  /** The sheet cell each value came from (the merge master for filled-down values). */
  cells: Partial<Record<FieldKey, string>>;
  target: number | string | null;
  done: number | null;
  percent: number | null;
  status: string | null;
  deadline: string | null;
  progress: string | null;
  /** Fields whose cell could not be understood (kept as text, reported in warnings). */
  invalid: FieldKey[];
}

export interface Warning {
  cell: string;
  message: string;
}

export interface ParsedSubmission {
  name: string;
  size: number;
  hash: string;
  error: { code: string; message: string } | null;
  sheet: string | null;
  unitText: string | null;
  unitCell: string | null;
  reportDate: string | null;
  /** Month named by the file name or title (6月报送), with the year when written. */
  month: { year: number | null; month: number } | null;
  year: number | null;
  rows: SubmittedRow[];
  warnings: Warning[];
}

/** Fields a school reports on; the rest of the row only locates it. */
export const PROGRESS_FIELDS: readonly FieldKey[] = ['achieved', 'progressPct', 'progress', 'problems', 'status'];

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** 6月报送, 2020年6月, 1-6月 (→ 6); not 6月30日 when a month word stands alone elsewhere. */
export function monthIn(text: string): { year: number | null; month: number } | null {
  const m = /(?:(\d{4})\s*年\s*)?(?:\d{1,2}\s*[-—~～至到]\s*)?(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)/.exec(text.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { year: m[1] ? Number(m[1]) : null, month };
}

function failed(base: Pick<ParsedSubmission, 'name' | 'size' | 'hash'>, code: string, message: string): ParsedSubmission {
  return { ...base, error: { code, message }, sheet: null, unitText: null, unitCell: null, reportDate: null, month: null, year: null, rows: [], warnings: [] };
}

export interface RowContext {
  sheet: string;
  year: number | undefined;
  warnings: Warning[];
  /** The ledger's status labels (default: 已完成/推进中/未启动/滞后). */
  statuses?: readonly string[] | undefined;
}

/** The stored-value context of a row context (cell-value.ts reads every value the grid's way). */
export function valueContext(ctx: RowContext): { statuses: readonly string[]; year: number | null } {
  return { statuses: ctx.statuses ?? DEFAULT_STATUSES, year: ctx.year ?? null };
}

/** Normalises one data row the way the submission import does (also used by the ledger import). */
export function readSubmittedRow(row: DataRow, ctx: RowContext): SubmittedRow | null {
  const values: Partial<Record<FieldKey, string>> = {};
  const cells: Partial<Record<FieldKey, string>> = {};
  const out: SubmittedRow = {
    sheetRow: row.row,
    cell: row.cells[0]?.address ?? cellAddress(row.row, 1),
    taskCode: '',
    taskText: '',
    measures: '',
    values,
    cells,
    target: null,
    done: null,
    percent: null,
    status: null,
    deadline: null,
    progress: null,
    invalid: [],
  };
  const context = valueContext(ctx);
  // Every value through the grid's function: what the grid would refuse is reported with its cell,
  // kept as written for the preview, and marked invalid so it is never applied.
  const read = (field: FieldKey): string => {
    const c = row.fields[field];
    if (!c) return '';
    const r = storedFieldValue(field, c, context);
    if (r.ok) return r.value;
    const at = c.filledFrom ?? c.address;
    out.invalid.push(field);
    ctx.warnings.push({ cell: at, message: formatCellIssue(ctx.sheet, at, r) });
    return r.text;
  };
  const set = (field: FieldKey, value: string) => {
    const c = row.fields[field];
    if (!c || value === '') return;
    values[field] = value;
    cells[field] = c.filledFrom ?? c.address;
  };
  const valid = (field: FieldKey) => values[field] !== undefined && !out.invalid.includes(field);

  out.taskCode = planCodeKey(read('code'));
  set('code', out.taskCode);
  for (const field of FIELD_KEYS) if (field !== 'code') set(field, read(field));
  out.taskText = values.task ?? '';
  out.measures = values.measures ?? '';

  // Typed readings for scripts (--json): numbers as numbers, percent 0–100, deadlines as ISO dates.
  if (row.fields.target && values.target !== undefined) {
    const q = normaliseQuantity(row.fields.target);
    out.target = valid('target') && q.ok && q.value && q.value.unit === null ? q.value.amount : values.target;
  }
  if (valid('achieved')) {
    const q = normaliseQuantity(row.fields.achieved!);
    if (q.ok && q.value) out.done = q.value.amount;
  }
  if (valid('progressPct')) {
    const p = normalisePercent(row.fields.progressPct!);
    if (p.ok) out.percent = p.value;
  }
  if (valid('status')) out.status = values.status!;
  if (valid('deadline')) {
    const d = normaliseDeadline(row.fields.deadline!, { year: context.year ?? undefined });
    if (d.ok) out.deadline = d.value?.date ?? null;
  }
  out.progress = values.progress ?? null;

  const reported = PROGRESS_FIELDS.some((f) => values[f] !== undefined);
  if (!reported && !out.taskCode && !out.taskText && !out.measures) return null;
  return out;
}

export interface SubmissionReadOptions {
  ledgerYear: number | null;
  statuses?: readonly string[] | undefined;
}

/**
 * The form's sheet of a loaded workbook → its rows and warnings. Pure: the load worker runs it next to
 * the reader (load-worker.ts), so only the small result crosses threads, never the workbook model.
 */
export function submissionOfModel(base: Pick<ParsedSubmission, 'name' | 'size' | 'hash'>, model: WorkbookModel, options: SubmissionReadOptions): ParsedSubmission {
  let sheet;
  try {
    sheet = readLedgerSheet(model);
  } catch (err) {
    if (isWorkbookError(err)) return failed(base, err.code, err.message);
    return failed(base, 'internal', WORKBOOK_ERROR_MESSAGES.internal);
  }
  const month = monthIn(path.parse(base.name).name) ?? monthIn(sheet.meta.title ?? '');
  const year = month?.year ?? sheet.meta.year ?? options.ledgerYear ?? null;
  const ctx: RowContext = { sheet: sheet.sheet, year: year ?? undefined, warnings: [], statuses: options.statuses };
  const rows: SubmittedRow[] = [];
  for (const row of sheet.rows) {
    if (row.kind !== 'data') continue;
    const r = readSubmittedRow(row, ctx);
    if (!r) continue;
    // A row the school hid (or filtered away) still counts; say so, the clerk may not expect it.
    if (row.hidden) ctx.warnings.push({ cell: r.cell, message: `${sheet.sheet}!${r.cell}: 第 ${row.row} 行在表中是隐藏的，已照常读取，请核对` });
    rows.push(r);
  }
  return {
    ...base,
    error: null,
    sheet: sheet.sheet,
    unitText: sheet.meta.unit?.value ?? null,
    unitCell: sheet.meta.unit?.address ?? null,
    reportDate: sheet.meta.reportDate?.date ?? null,
    month,
    year,
    rows,
    warnings: ctx.warnings,
  };
}

/**
 * Reads one file; a file that cannot be read comes back with `error` set and no rows. A CSV is read
 * here; a workbook is read and its rows normalised in the Excel core's worker (guard first, in this thread).
 */
export async function readSubmission(
  name: string,
  bytes: Uint8Array,
  options: SubmissionReadOptions & { load?: SafeLoadOptions },
): Promise<ParsedSubmission> {
  const base = { name, size: bytes.length, hash: sha256(bytes) };
  const read = { ledgerYear: options.ledgerYear, statuses: options.statuses };
  try {
    const csv = csvWorkbookOf(name, bytes);
    if (csv) return submissionOfModel(base, csv, read);
    const load = options.load ?? {};
    checkFile(bytes, { ...DEFAULT_GUARD_LIMITS, ...load.limits });
    const out = await runIsolated({ kind: 'submission', bytes, limits: load.limits, base, ...read }, load);
    if ('submission' in out) return out.submission;
    if ('error' in out) throw WorkbookError.fromPlain(out.error);
    throw new WorkbookError('internal', undefined, 'worker answered a submission job with another kind of result');
  } catch (err) {
    if (isWorkbookError(err)) return failed(base, err.code, err.message);
    return failed(base, 'internal', WORKBOOK_ERROR_MESSAGES.internal);
  }
}
