// An existing Excel ledger → a tree of rows (sections → tasks → children), its columns (known fields,
// and custom columns for everything else: nothing is dropped), the values normalised as the submission
// import does, and every cell that could not be understood. The same reading path as the submission
// import (guarded worker load, header band, synonym mapping, data rows with merges filled down), so
// whatever that refuses is refused here with the same code and message.
//
// How rows become a tree:
//   - a section row (一、… spanning the table) is a section; （一）… under a section is a sub-section;
//   - a row whose plan number or task cell starts there (not filled down from a merge) starts a task;
//     the rows after it whose number/task are merged down from it, or blank, belong to that task;
//   - cells merged over all rows of a task (责任单位, 完成时限 …) are the task's own values, and so is
//     a custom column filled on the task's first line only;
//   - each row of a task with a measure (具体措施) is a child row; a first row without a measure holds
//     the task's own values when its columns repeat below it (a status per task and per measure);
//   - a task on one line with a measure keeps the measure (and its target and progress) in a child row.
// Exporting such a tree into the file's own layout writes these same shapes (export-lines.ts), so
// opening the export again gives back the same ledger.

import path from 'node:path';
import { FIELD_BY_KEY, FIELD_KEYS, type FieldKey, type FieldType, type RowLevel } from '#shared/fields.js';
import type { TemplateColumn } from '#shared/api/template-api.js';
import { AppError } from '#shared/errors.js';
import {
  formatCellIssue,
  isWorkbookError,
  readLedgerSheet,
  WORKBOOK_ERROR_MESSAGES,
  xlsxFromModel,
  type DataCell,
  type DataRow,
  type LedgerSheet,
  type SafeLoadOptions,
  type WorkbookModel,
} from '../excel/index.js';
import { cellAddress, columnLetters } from '../excel/cell-address.js';
import { planCodeKey, squashWhitespace } from '#shared/text-normalise.js';
import { storedValue } from '../workbench/cell-value.js';
import { defaultPeriod } from '#shared/as-of.js';
import { analyseModel, type TemplateAnalysis } from '../export/template-analysis.js';
import { loadWorkbookOrCsv } from '../import/csv-workbook.js';
import { monthIn, readSubmittedRow, sha256, valueContext, type RowContext, type Warning } from '../import/submission-reader.js';
import { sanitiseName } from '#shared/text-normalise.js';

/** Where a column's values go: a ledger field, a custom column (created with the ledger), or nowhere (a running count). */
export type ColumnUse =
  | { kind: 'field'; field: FieldKey }
  | { kind: 'custom'; key: string; label: string }
  | { kind: 'rowNumber' };

export interface ReadColumn {
  col: number;
  letter: string;
  header: string;
  use: ColumnUse;
  /** Why, in Chinese, for the preview. */
  note: string;
  /** A column with a meaning of its own that is not a field (目标值's 单位, 填报单位): filled by the export from other values. */
  extra?: 'targetUnit' | 'reportingUnit';
}

export interface LedgerNode {
  level: RowLevel;
  values: Partial<Record<FieldKey, string>>;
  /** Values of custom columns, by ReadColumn custom key. */
  custom: Record<string, string>;
  /** A1 address of the row's first table cell. */
  cell: string;
  /** Where each value was read (the merge's top-left cell for merged values), by field or custom key. */
  cells: Record<string, string>;
  sheetRow: number;
  children: LedgerNode[];
  /** Keys (fields, custom keys) whose cell could not be taken: reported in the file's issues, never written. */
  invalid?: string[];
}

/** A ledger file's rows and columns (what taking back an export compares). */
export interface LedgerRead {
  name: string;
  size: number;
  hash: string;
  sheet: string;
  title: string | null;
  year: number | null;
  /** The month progress values belong to (from the file name or title, else the current month). */
  period: string;
  periodSource: 'file' | 'default';
  columns: ReadColumn[];
  roots: LedgerNode[];
  /** Cells that could not be understood (kept as written), hidden rows read, rows skipped. */
  issues: Warning[];
  skipped: { row: number; reason: string; text: string }[];
  model: WorkbookModel;
}

/** A ledger file as read to create a ledger from it: with its layout, for registering it as a template. */
export interface LedgerFile extends LedgerRead {
  /** The file's layout, for registering it as a template. */
  analysis: TemplateAnalysis;
  /** A legacy .xls as .xlsx, for registering its layout as a template (exports are written with exceljs). */
  xlsxBytes?: Uint8Array;
}

/** Fields a task's measure row carries when task and measure share one line. */
const ITEM_FIELDS: ReadonlySet<FieldKey> = new Set(['measures', 'target', 'achieved', 'progressPct', 'progress', 'problems', 'status']);
const TASK_KEYS: ReadonlySet<string> = new Set(['code', 'task']);

const SKIP_LABEL: Record<string, string> = { blank: '空行', total: '合计行', note: '说明行', footer: '落款行', 'header-repeat': '重复的表头' };

export function suggestedName(file: { name: string; title: string | null }): string {
  const title = sanitiseName(file.title ?? '');
  if (title && title.length <= 60) return title;
  return sanitiseName(path.parse(file.name).name).slice(0, 60) || '导入的台账';
}

/** The Excel core's error as the contract's error: the same code and message as the submission import. */
export function workbookAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isWorkbookError(err)) return new AppError(err.code, err.message);
  return new AppError('internal', WORKBOOK_ERROR_MESSAGES.internal);
}

/** Which column each field is read from, and which columns become custom columns. */
function planColumns(sheet: LedgerSheet): ReadColumn[] {
  const primary = new Map<FieldKey, number>();
  for (const key of FIELD_KEYS) {
    const cols = sheet.mapping.fieldColumns[key];
    if (cols?.length) primary.set(key, Math.min(...cols));
  }
  const used = new Set<string>(FIELD_KEYS.map((k) => FIELD_BY_KEY[k].label));
  const unique = (wanted: string): string => {
    const base = squashWhitespace(wanted).slice(0, 46) || '列';
    let label = base;
    for (let i = 2; used.has(label); i++) label = `${base}(${i})`;
    used.add(label);
    return label;
  };
  return sheet.mapping.columns.map((m): ReadColumn => {
    const base = { col: m.col, letter: m.letter, header: m.header };
    if (m.field && primary.get(m.field) === m.col) {
      return { ...base, use: { kind: 'field', field: m.field }, note: `读作“${FIELD_BY_KEY[m.field].label}”` };
    }
    if (m.extra === 'rowNumber') return { ...base, use: { kind: 'rowNumber' }, note: '流水序号，导出时重新编号' };
    const leaf = m.path[m.path.length - 1] ?? m.header;
    const label = unique(used.has(leaf) ? m.header.replace(/\//g, '') : leaf);
    const why = m.field
      ? `与 ${columnLetters(primary.get(m.field) ?? m.col)} 列同为“${FIELD_BY_KEY[m.field].label}”`
      : m.extra === 'targetUnit'
        ? '目标值的计量单位'
        : '不是标准列';
    const out: ReadColumn = { ...base, use: { kind: 'custom', key: `c${m.col}`, label }, note: `${why}，保存为自定义列“${label}”` };
    if (!m.field && (m.extra === 'targetUnit' || m.extra === 'reportingUnit')) out.extra = m.extra;
    return out;
  });
}

/** One cell's value in a row: what it says, and whether it is filled down from a merge above. */
interface Slot {
  value: string;
  address: string;
  filledFrom?: string;
}

interface ReadRow {
  row: DataRow;
  cell: string;
  slots: Map<string, Slot>;
  invalid: Set<string>;
}

function readRow(row: DataRow, columns: ReadColumn[], ctx: RowContext, customTypes: ReadonlyMap<string, FieldType>): ReadRow {
  // Only each field's own column is read as the field; the others are custom columns.
  const fieldCol = new Map<number, FieldKey>();
  for (const c of columns) if (c.use.kind === 'field') fieldCol.set(c.col, c.use.field);
  const fields: DataRow['fields'] = {};
  for (const cell of row.cells) {
    const f = fieldCol.get(cell.col);
    if (f && !fields[f]) fields[f] = cell;
  }
  const own: DataRow = { ...row, fields };
  const submitted = readSubmittedRow(own, ctx);
  const slots = new Map<string, Slot>();
  const slot = (key: string, c: DataCell, value: string) => {
    if (value === '') return;
    const s: Slot = { value, address: c.address };
    if (c.filledFrom) s.filledFrom = c.filledFrom;
    slots.set(key, s);
  };
  const invalid = new Set<string>(submitted?.invalid ?? []);
  const read = (c: DataCell, type: FieldType, field?: FieldKey, key?: string): string => {
    const r = storedValue(type, c, { ...valueContext(ctx), field });
    if (!r.ok) {
      invalid.add(key ?? field ?? '');
      const at = c.filledFrom ?? c.address;
      ctx.warnings.push({ cell: at, message: formatCellIssue(ctx.sheet, at, r) });
      return r.text;
    }
    return r.value;
  };
  for (const key of FIELD_KEYS) {
    const c = fields[key];
    if (!c) continue;
    const value = submitted?.values[key];
    slot(key, c, value !== undefined ? value : read(c, FIELD_BY_KEY[key].type, key, key));
  }
  const customCol = new Map<number, { key: string; type: FieldType }>();
  for (const c of columns) if (c.use.kind === 'custom') customCol.set(c.col, { key: c.use.key, type: customTypes.get(c.use.label) ?? 'text' });
  for (const cell of row.cells) {
    const custom = customCol.get(cell.col);
    if (custom) slot(custom.key, cell, read(cell, custom.type, undefined, custom.key));
  }
  if (slots.has('code')) slots.get('code')!.value = planCodeKey(slots.get('code')!.value);
  return { row, cell: row.cells[0]?.address ?? cellAddress(row.row, 1), slots, invalid };
}

function startsTask(r: ReadRow): boolean {
  return ['code', 'task'].some((k) => {
    const s = r.slots.get(k);
    return !!s && !s.filledFrom && s.value !== '';
  });
}

function node(level: RowLevel, r: ReadRow, keys: Iterable<string>): LedgerNode {
  const n: LedgerNode = { level, values: {}, custom: {}, cell: r.cell, cells: {}, sheetRow: r.row.row, children: [] };
  for (const k of keys) {
    const s = r.slots.get(k);
    if (!s) continue;
    n.cells[k] = s.filledFrom ?? s.address;
    if ((FIELD_KEYS as readonly string[]).includes(k)) n.values[k as FieldKey] = s.value;
    else n.custom[k] = s.value;
    if (r.invalid.has(k)) (n.invalid ??= []).push(k);
  }
  return n;
}

/** A task and its rows (see the header comment for the rules). */
function taskGroup(group: ReadRow[], itemCustom: ReadonlySet<string>): LedgerNode {
  const isItemKey = (k: string) => ITEM_FIELDS.has(k as FieldKey) || itemCustom.has(k);
  const [first, ...rest] = group as [ReadRow, ...ReadRow[]];
  const firstKeys = [...first.slots.keys()];
  if (!rest.length) {
    if (!first.slots.has('measures')) return node('task', first, firstKeys);
    const task = node('task', first, firstKeys.filter((k) => !isItemKey(k)));
    task.children.push(node('item', first, firstKeys.filter(isItemKey)));
    return task;
  }
  const spanning = new Set(
    firstKeys.filter((k) => {
      const s = first.slots.get(k)!;
      if (s.filledFrom) return false;
      return rest.every((r) => r.slots.get(k)?.filledFrom === s.address);
    }),
  );
  // A custom column filled on the first line only is the task's: the export writes a task's custom
  // values there without merging them down (export-lines.ts).
  for (const k of firstKeys) {
    if (!(FIELD_KEYS as readonly string[]).includes(k) && !itemCustom.has(k) && !first.slots.get(k)!.filledFrom && rest.every((r) => !r.slots.has(k))) spanning.add(k);
  }
  const itemKeys = (r: ReadRow) => [...r.slots.keys()].filter((k) => !spanning.has(k) && !TASK_KEYS.has(k));
  const firstOwn = itemKeys(first);
  const repeated = firstOwn.some((k) => rest.some((r) => itemKeys(r).includes(k)));
  const taskLine = !firstOwn.includes('measures') && (firstOwn.length === 0 || repeated);
  const task = node('task', first, taskLine ? firstKeys : [...spanning, ...TASK_KEYS]);
  for (const r of taskLine ? rest : group) task.children.push(node('item', r, itemKeys(r)));
  return task;
}

const SECTION = /^([一二三四五六七八九十百]+)\s*[、.．]\s*(.*)$/s;
const SUBSECTION = /^([（(][一二三四五六七八九十]+[)）])\s*(.*)$/s;

function sectionNode(row: DataRow): { node: LedgerNode; sub: boolean } {
  const text = squashWhitespace(row.sectionTitle ?? row.cells[0]?.text ?? '');
  const compact = text.replace(/^\s+/, '');
  const m = SECTION.exec(compact);
  const s = m ? null : SUBSECTION.exec(compact);
  const values: Partial<Record<FieldKey, string>> = m
    ? { code: m[1]!, task: m[2]!.trim() }
    : s
      ? { code: s[1]!.replace(/\(/g, '（').replace(/\)/g, '）'), task: s[2]!.trim() }
      : { task: compact };
  return {
    node: { level: 'section', values, custom: {}, cell: row.cells[0]?.address ?? cellAddress(row.row, 1), cells: {}, sheetRow: row.row, children: [] },
    sub: !!s,
  };
}

/** Builds the tree from the sheet's rows. */
export function buildTree(sheet: LedgerSheet, columns: ReadColumn[], ctx: RowContext, customTypes: ReadonlyMap<string, FieldType> = new Map()): LedgerNode[] {
  const roots: LedgerNode[] = [];
  let top: LedgerNode | null = null;
  let sub: LedgerNode | null = null;
  let group: ReadRow[] = [];
  const container = () => (sub ?? top)?.children ?? roots;
  // A target's unit (目标任务/单位) goes with the target, on the measure's row.
  const itemCustom = new Set(columns.flatMap((c) => (c.use.kind === 'custom' && c.extra === 'targetUnit' ? [c.use.key] : [])));
  const flush = () => {
    if (group.length) container().push(taskGroup(group, itemCustom));
    group = [];
  };
  for (const row of sheet.rows) {
    if (row.kind === 'section') {
      flush();
      const { node: s, sub: isSub } = sectionNode(row);
      if (isSub && top) {
        top.children.push(s);
        sub = s;
      } else {
        roots.push(s);
        top = s;
        sub = null;
      }
      continue;
    }
    const r = readRow(row, columns, ctx, customTypes);
    if (r.slots.size === 0) continue;
    if (row.hidden) ctx.warnings.push({ cell: r.cell, message: `${sheet.sheet}!${r.cell}: 第 ${row.row} 行在表中是隐藏的，已照常读取，请核对` });
    if (startsTask(r)) {
      flush();
      group = [r];
    } else if (group.length) {
      group.push(r);
    } else {
      container().push(node('item', r, [...r.slots.keys()]));
    }
  }
  flush();
  return roots;
}

function dedupe(warnings: Warning[]): Warning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => (seen.has(w.message) ? false : (seen.add(w.message), true)));
}

/** How to read values for one ledger: its status vocabulary and its custom columns' types, by label. */
export interface LedgerReading {
  statuses?: readonly string[];
  customTypes?: ReadonlyMap<string, FieldType>;
}

function readTree(sheet: LedgerSheet, columns: ReadColumn[], year: number | null, reading: LedgerReading = {}): { roots: LedgerNode[]; issues: Warning[] } {
  const ctx: RowContext = { sheet: sheet.sheet, year: year ?? undefined, warnings: [], statuses: reading.statuses };
  const roots = buildTree(sheet, columns, ctx, reading.customTypes);
  return { roots, issues: dedupe(ctx.warnings) };
}

/** The same file read again for a ledger known only after reading it (taking back an export): its statuses, its column types. */
export function rereadLedgerFile<F extends LedgerRead>(file: F, reading: LedgerReading): F {
  let sheet: LedgerSheet;
  try {
    sheet = readLedgerSheet(file.model);
  } catch (err) {
    throw workbookAppError(err);
  }
  return { ...file, ...readTree(sheet, file.columns, file.year, reading) };
}

type ReadOptions = { load?: SafeLoadOptions; period?: string; reading?: LedgerReading };

/** Reads a filled ledger workbook; throws AppError (the Excel core's code and message) for a file it refuses. */
export async function readLedgerFile(name: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<LedgerFile> {
  const read = await readLedgerData(name, bytes, options);
  let analysis: TemplateAnalysis;
  try {
    analysis = analyseModel(read.model);
  } catch (err) {
    throw workbookAppError(err);
  }
  return { ...read, analysis, ...(read.model.format === 'xls' ? { xlsxBytes: await xlsxFromModel(read.model) } : {}) };
}

/** The file's rows and columns without its layout as a template (taking back an export needs no template). */
export async function readLedgerData(name: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<LedgerRead> {
  let model: WorkbookModel;
  let sheet: LedgerSheet;
  try {
    model = await loadWorkbookOrCsv(name, bytes, options.load ?? {});
    sheet = readLedgerSheet(model);
  } catch (err) {
    throw workbookAppError(err);
  }
  const title = sheet.meta.title ?? sheet.band.title ?? null;
  const month = monthIn(path.parse(name).name) ?? monthIn(title ?? '');
  const titleYear = /(20\d\d)\s*年/.exec(title ?? '')?.[1];
  const year = month?.year ?? sheet.meta.year ?? (titleYear ? Number(titleYear) : null);
  // No month in the file: the ledger's year decides (never today's month for last year's ledger).
  let period = options.period ?? defaultPeriod([], year);
  let periodSource: LedgerFile['periodSource'] = options.period ? 'file' : 'default';
  if (!options.period && month) {
    period = `${month.year ?? year ?? new Date().getFullYear()}-${String(month.month).padStart(2, '0')}`;
    periodSource = 'file';
  }
  const columns = planColumns(sheet);
  const { roots, issues } = readTree(sheet, columns, year, options.reading);
  return {
    name,
    size: bytes.length,
    hash: sha256(bytes),
    sheet: sheet.sheet,
    title,
    year,
    period,
    periodSource,
    columns,
    roots,
    issues,
    skipped: sheet.skipped.filter((s) => s.reason !== 'blank').map((s) => ({ row: s.row, reason: SKIP_LABEL[s.reason] ?? s.reason, text: s.text })),
    model,
  };
}

/** The file's layout as a template whose columns fill back exactly what was read: fields, custom columns by label, the running count. */
export function templateColumns(file: LedgerFile): TemplateColumn[] {
  const byCol = new Map(file.columns.map((c) => [c.col, c]));
  return file.analysis.columns.map((t): TemplateColumn => {
    const c = byCol.get(t.col);
    if (!c) return t;
    const target: TemplateColumn['target'] =
      c.use.kind === 'field'
        ? { kind: 'field', field: c.use.field }
        : c.use.kind === 'rowNumber'
          ? { kind: 'rowNumber' }
          : { kind: 'custom', label: c.use.label, value: '' };
    return { ...t, target, confidence: 1, origin: 'auto' };
  });
}

export function countNodes(roots: LedgerNode[]): { sections: number; tasks: number; items: number; rows: number } {
  const counts = { sections: 0, tasks: 0, items: 0, rows: 0 };
  const visit = (n: LedgerNode) => {
    counts.rows++;
    if (n.level === 'section') counts.sections++;
    else if (n.level === 'task') counts.tasks++;
    else counts.items++;
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  return counts;
}
