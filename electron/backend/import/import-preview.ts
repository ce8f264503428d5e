// The preview of an import session: per file and in total, what would change (old → new), which rows
// are new, unchanged or unmatched, warnings, and conflicts. A pure step over a read-only view of the
// store (PreviewReads, Signal Desktop's ReadableDB idea; unit-tested with a plain object): apply builds
// it before taking the write lock and checks under the lock that it still holds (db/planned-write.ts).
import { randomUUID } from 'node:crypto';
import type {
  CellChange,
  PreviewCounts,
  SubmissionFile,
  SubmissionPreview,
  SubmissionRow,
} from '#shared/api/submission-api.js';
import type { Unit } from '#shared/domain.js';
import { AppError } from '#shared/errors.js';
import type { FieldKey } from '#shared/fields.js';
import { ledgerPeriod } from '../as-of/ledger-as-of.js';
import { compactText } from '#shared/text-normalise.js';
import { UnitDirectory } from '#shared/responsibility.js';
import type { Planned } from '../db/planned-write.js';
import type { ImportFileRecord, SubmissionsRepo, ValueSourceRecord } from '../db/submissions-repo.js';
import type { Store } from '../store.js';
import { LedgerIndex, type MatchRow, type RowMatch } from './row-matching.js';
import { PROGRESS_FIELDS, type ParsedSubmission, type SubmittedRow } from './submission-reader.js';
import { resolveUnit } from './unit-resolution.js';

export interface SessionFile {
  key: string;
  parsed: ParsedSubmission;
  /** The clerk's choice; undefined: from the form or its file name. */
  unitId?: number | undefined;
  period?: string | undefined;
  included: boolean;
  rowChoices: Map<string, boolean>;
}

export interface PreviewSession {
  id: string;
  ledgerId: number;
  /** The period given for the whole import (CLI --period); files may override it. */
  period?: string | undefined;
  /** The month being collected (the import page's choice): for files that name no month. */
  batchPeriod?: string | undefined;
  files: SessionFile[];
  nextKey: number;
  /** The latest preview shown, with the database state it read (apply writes it when that still holds). */
  shown?: { choices: string; planned: Planned<BuiltPreview> } | undefined;
}

/** A ticked row of a file to apply, with where it goes. */
export interface PlannedRow {
  row: SubmittedRow;
  dto: SubmissionRow;
  match: RowMatch;
}

export interface PlannedFile {
  dto: SubmissionFile;
  parsed: ParsedSubmission;
  unit: Unit;
  period: string;
  rows: PlannedRow[];
}

export interface BuiltPreview {
  dto: SubmissionPreview;
  /** Files that would be written (status ok, ticked), with their ticked rows. */
  plan: PlannedFile[];
}

const MAX_SESSIONS = 20;

/** Open previews, held in memory by the backend; the oldest is dropped past MAX_SESSIONS. */
export class PreviewSessions {
  private readonly sessions = new Map<string, PreviewSession>();

  create(ledgerId: number, period: string | undefined, batchPeriod?: string): PreviewSession {
    const session: PreviewSession = { id: randomUUID(), ledgerId, period, batchPeriod, files: [], nextKey: 1 };
    this.sessions.set(session.id, session);
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    return session;
  }

  get(id: string): PreviewSession {
    const s = this.sessions.get(id);
    if (!s) throw new AppError('not_found', '这次导入的预览已关闭或已导入，请重新选择报送文件。');
    return s;
  }

  delete(id: string): boolean {
    return this.sessions.delete(id);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * 6月报送 → that month (year from the file, the ledger or the report date); else the report date's month;
 * else the month being collected (`collecting`: the batch's month, by default the ledger's — never
 * today's month for last year's ledger).
 */
export function guessPeriod(parsed: ParsedSubmission, ledgerYear: number | null, collecting: () => string): string {
  const reportYear = parsed.reportDate ? Number(parsed.reportDate.slice(0, 4)) : null;
  if (parsed.month) {
    const year = parsed.month.year ?? parsed.year ?? ledgerYear ?? reportYear ?? Number(collecting().slice(0, 4));
    return `${year}-${pad(parsed.month.month)}`;
  }
  if (parsed.reportDate) return parsed.reportDate.slice(0, 7);
  return collecting();
}

function emptyCounts(): PreviewCounts {
  return { files: 0, updatedCells: 0, newRows: 0, unchanged: 0, unmatched: 0, warnings: 0, conflicts: 0 };
}

function addCounts(a: PreviewCounts, b: PreviewCounts): PreviewCounts {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof PreviewCounts)[]) out[k] += b[k];
  return out;
}

/** Values a new unit row starts with: where it sits in the plan, then what the school reported. */
const NEW_ROW_FIELDS: readonly FieldKey[] = ['measures', 'target', 'deadline', ...PROGRESS_FIELDS];

/** The values written for exactly one month of a ledger row (none carried forward from earlier months). */
type MonthValues = Partial<Record<FieldKey, string>>;

function rowChanges(row: SubmittedRow, match: RowMatch, unit: Unit, month: (rowId: number) => MonthValues): CellChange[] {
  if (match.kind === 'none') return [];
  if (match.kind === 'new') {
    const changes: CellChange[] = [{ field: 'units', cell: row.cell, oldValue: '', newValue: unit.name }];
    for (const f of NEW_ROW_FIELDS) {
      const v = row.values[f];
      // A value that could not be taken (reported with its cell) is never written.
      if (v !== undefined && !row.invalid.includes(f)) changes.push({ field: f, cell: row.cells[f] ?? row.cell, oldValue: '', newValue: v });
    }
    return changes;
  }
  // A school reports progress; a blank cell does not erase what the ledger has.
  const changes: CellChange[] = [];
  const had = month(match.row.id);
  for (const f of PROGRESS_FIELDS) {
    const v = row.values[f];
    if (v === undefined) continue;
    const old = had[f] ?? '';
    // A value that could not be taken (八十, 150%: reported with its cell) is never written.
    if (row.invalid.includes(f)) continue;
    if (old !== v) changes.push({ field: f, cell: row.cells[f] ?? row.cell, oldValue: old, newValue: v });
  }
  return changes;
}

function taskLabel(task: MatchRow): string {
  return `${task.values.code ? `${task.values.code}. ` : ''}${task.values.task}`.slice(0, 60);
}

function targetKey(match: RowMatch, unit: Unit, row: SubmittedRow): string | null {
  if (match.kind === 'row') return `row:${match.row.id}`;
  if (match.kind === 'new') return `new:${match.task.id}:${unit.id}:${compactText(row.measures)}`;
  return null;
}

interface Working {
  file: SessionFile;
  dto: SubmissionFile;
  unit: Unit | null;
  period: string;
  /** The file's rows with where each goes (a file with a unit, status ok), before their changes are known. */
  matched: { row: SubmittedRow; match: RowMatch }[];
  rows: PlannedRow[];
}

/** The reads a preview needs: a narrow, read-only view of the store. */
export interface PreviewReads {
  ledger(ledgerId: number): { id: number; year: number | null } | undefined;
  units(): readonly Unit[];
  /** The ledger's rows in display order, with the plan cells a submitted row is matched by. */
  ledgerRows(ledgerId: number): readonly MatchRow[];
  /** The per-period values written for exactly `period` of these rows (what an import compares with). */
  monthValues(period: string, rowIds: readonly number[]): ReadonlyMap<number, MonthValues>;
  /** The month being collected when the session names none (the ledger's latest month with data). */
  defaultPeriod(ledgerId: number): string;
  /** An applied file of the ledger with this content hash. */
  appliedFile(ledgerId: number, hash: string): Pick<ImportFileRecord, 'fileName' | 'createdAt'> | undefined;
  /** The newest applied source of one cell: which file (and report date) the ledger value came from. */
  latestSource(ledgerId: number, rowId: number, field: string, period: string): (Pick<ValueSourceRecord, 'reportDate'> & { fileName: string }) | undefined;
}

/**
 * The store as PreviewReads for one preview: the ledger's plan cells in one narrow query, a month's
 * values only of the rows matched (a few thousand of a big ledger), the value sources of a month in one query.
 */
export function storePreviewReads(store: Store): PreviewReads {
  const sources = new Map<string, ReturnType<SubmissionsRepo['latestSourcesOf']>>();
  return {
    ledger: (id) => store.ledgers.get(id),
    units: () => store.units.list(),
    ledgerRows: (id) => store.rows.figureRowsInOrder(id),
    monthValues: (period, rowIds) => store.rows.valuesOfMonth(rowIds, period),
    defaultPeriod: (id) => ledgerPeriod(store, id),
    appliedFile: (id, hash) => store.submissions.appliedFile(id, hash),
    latestSource: (ledgerId, rowId, field, period) => {
      const key = `${ledgerId}|${period}`;
      let map = sources.get(key);
      if (!map) sources.set(key, (map = store.submissions.latestSourcesOf(ledgerId, period)));
      return map.get(`${rowId}:${field}`);
    },
  };
}

export function buildPreview(reads: PreviewReads, session: PreviewSession): BuiltPreview {
  const ledger = reads.ledger(session.ledgerId);
  if (!ledger) throw new AppError('not_found', '要导入的台账不存在（可能已被删除），请重新选择台账。');
  const units = reads.units();
  const unitById = new Map(units.map((u) => [u.id, u]));
  const directory = new UnitDirectory(units);
  // Matching reads plan cells only, the same for every month; read when a file is first matched.
  let ledgerIndex: LedgerIndex | undefined;
  const indexOf = () => (ledgerIndex ??= new LedgerIndex(reads.ledgerRows(ledger.id)));

  const working: Working[] = [];
  const seenHashes = new Map<string, string>();
  // Read only when a file names no month of its own (it costs a scan of the ledger's values).
  let collecting: string | undefined;
  const collectingPeriod = () => (collecting ??= session.batchPeriod ?? reads.defaultPeriod(ledger.id));
  for (const file of session.files) {
    const p = file.parsed;
    const period = file.period ?? session.period ?? guessPeriod(p, ledger.year, collectingPeriod);
    const dto: SubmissionFile = {
      key: file.key,
      file: p.name,
      size: p.size,
      hash: p.hash,
      status: 'ok',
      message: '',
      errorCode: null,
      sheet: p.sheet,
      unit: null,
      unitId: null,
      unitSource: null,
      unitText: p.unitText,
      period,
      reportDate: p.reportDate,
      included: file.included,
      rows: [],
      warnings: p.warnings,
      counts: emptyCounts(),
    };
    const w: Working = { file, dto, unit: null, period, matched: [], rows: [] };
    working.push(w);

    if (p.error) {
      dto.status = 'error';
      dto.errorCode = p.error.code;
      dto.message = p.error.message;
      continue;
    }
    const chosen = file.unitId != null ? unitById.get(file.unitId) : undefined;
    const auto = chosen ? null : resolveUnit(directory, p.unitText, p.name);
    const unit = chosen ?? auto?.unit ?? null;
    if (unit) {
      w.unit = unit;
      dto.unit = unit.name;
      dto.unitId = unit.id;
      dto.unitSource = chosen ? 'clerk' : auto!.source;
    }

    const applied = reads.appliedFile(ledger.id, p.hash);
    const twin = seenHashes.get(p.hash);
    if (applied) {
      dto.status = 'duplicate';
      dto.message = `与 ${applied.createdAt.slice(0, 10)} 已导入的“${applied.fileName}”内容完全相同，已跳过，不会重复导入`;
      continue;
    }
    if (twin) {
      dto.status = 'duplicate';
      dto.message = `与本次选择的“${twin}”内容完全相同，已跳过`;
      continue;
    }
    seenHashes.set(p.hash, p.name);
    if (!p.rows.length) {
      dto.status = 'empty';
      dto.message = '表中没有填写任何数据行（可能是空白模板或只填了表头），已跳过';
      continue;
    }
    if (!unit) {
      dto.status = 'needs-unit';
      dto.message = auto?.message ?? '请选择报送单位';
      dto.rows = p.rows.map((r) => rowDto(file, r, { kind: 'none', note: '请先选择报送单位' }, [], null));
      continue;
    }
    const index = indexOf();
    const problems: typeof dto.warnings = [];
    for (const r of p.rows) {
      // A plan number the ledger does not have is not guessed from the task's text: reported, not applied.
      const unknownCode = r.taskCode !== '' && index.hasCodes() && !index.hasCode(r.taskCode);
      const match: RowMatch = unknownCode
        ? { kind: 'none', note: `台账中没有编号为“${r.taskCode}”的任务；请核对任务编号，或先在台账中添加该任务` }
        : index.match(r, unit);
      if (unknownCode) {
        const at = r.cells.code ?? r.cell;
        problems.push({ cell: at, message: `${p.sheet}!${at}: 任务编号 ${r.taskCode} 在台账中不存在，请核对任务编号` });
      }
      w.matched.push({ row: r, match });
    }
    if (problems.length) dto.warnings = [...dto.warnings, ...problems];
  }

  // What the matched rows hold for their month, read once for all files of that month.
  const matchedIds = new Map<string, Set<number>>();
  for (const w of working) {
    for (const { match } of w.matched) {
      if (match.kind !== 'row') continue;
      let ids = matchedIds.get(w.period);
      if (!ids) matchedIds.set(w.period, (ids = new Set()));
      ids.add(match.row.id);
    }
  }
  const monthValues = new Map([...matchedIds].map(([period, ids]) => [period, reads.monthValues(period, [...ids])]));
  for (const w of working) {
    const p = w.file.parsed;
    const values = monthValues.get(w.period);
    const month = (rowId: number) => values?.get(rowId) ?? {};
    for (const { row: r, match } of w.matched) {
      const changes = rowChanges(r, match, w.unit!, month);
      const d = rowDto(w.file, r, match, changes, w.unit);
      if (match.kind === 'row') {
        // A file older than the one the ledger's value came from does not overwrite it by default.
        for (const c of changes) {
          const src = reads.latestSource(ledger.id, match.row.id, c.field, w.period);
          if (src?.reportDate && p.reportDate && p.reportDate < src.reportDate) {
            d.conflict = {
              kind: 'older-file',
              message: `本文件报送日期 ${p.reportDate} 早于台账中已导入的“${src.fileName}”（${src.reportDate}），默认不导入此行`,
            };
            d.included = false;
            break;
          }
        }
      }
      w.rows.push({ row: r, dto: d, match });
    }
  }

  resolveSameUnitConflicts(working);

  // Clerk's choices last, so they override every default.
  const plan: PlannedFile[] = [];
  let totals = emptyCounts();
  for (const w of working) {
    const { dto } = w;
    if (dto.status === 'ok') {
      for (const pr of w.rows) {
        const choice = w.file.rowChoices.get(pr.dto.key);
        if (choice !== undefined && pr.dto.action !== 'unmatched' && pr.dto.action !== 'unchanged') pr.dto.included = choice;
      }
      dto.rows = w.rows.map((pr) => pr.dto);
      const counts = emptyCounts();
      counts.files = 1;
      for (const r of dto.rows) {
        if (r.conflict) counts.conflicts++;
        if (r.action === 'unchanged') counts.unchanged++;
        else if (r.action === 'unmatched') counts.unmatched++;
        else if (r.included && r.action === 'update') counts.updatedCells += r.changes.length;
        else if (r.included && r.action === 'new') counts.newRows++;
      }
      counts.warnings = dto.warnings.length;
      dto.counts = counts;
      dto.message = fileSummary(dto, counts);
      if (dto.included) {
        totals = addCounts(totals, counts);
        plan.push({ dto, parsed: w.file.parsed, unit: w.unit!, period: w.period, rows: w.rows.filter((pr) => pr.dto.included) });
      }
    } else {
      dto.counts = { ...emptyCounts(), warnings: dto.warnings.length };
      totals.warnings += dto.warnings.length;
    }
  }
  return { dto: { previewId: session.id, ledgerId: ledger.id, files: working.map((w) => w.dto), totals }, plan };
}

function fileSummary(dto: SubmissionFile, c: PreviewCounts): string {
  const parts = [`更新 ${c.updatedCells} 个单元格`, `新增 ${c.newRows} 行`];
  if (c.unchanged) parts.push(`${c.unchanged} 行无变化`);
  if (c.unmatched) parts.push(`${c.unmatched} 行无法匹配`);
  if (c.conflicts) parts.push(`${c.conflicts} 处冲突`);
  if (c.warnings) parts.push(`${c.warnings} 条提示`);
  return `${dto.unit}（${dto.period}）：${parts.join('，')}`;
}

function rowDto(file: SessionFile, r: SubmittedRow, match: RowMatch, changes: CellChange[], unit: Unit | null): SubmissionRow {
  const action: SubmissionRow['action'] =
    match.kind === 'none' ? 'unmatched' : match.kind === 'new' ? 'new' : changes.length ? 'update' : 'unchanged';
  return {
    key: `${file.key}:${r.sheetRow}`,
    sheetRow: r.sheetRow,
    cell: r.cell,
    taskCode: r.taskCode,
    taskText: r.taskText,
    measures: r.measures,
    values: r.values,
    target: r.target,
    done: r.done,
    percent: r.percent,
    status: r.status,
    deadline: r.deadline,
    progress: r.progress,
    action,
    rowId: match.kind === 'row' ? match.row.id : null,
    parentId: match.kind === 'none' ? null : match.task.id,
    matchedBy: match.kind === 'none' ? 'none' : match.by,
    targetLabel:
      match.kind === 'none'
        ? ''
        : match.kind === 'new'
          ? `${taskLabel(match.task)} › 新增 ${unit?.name ?? ''} 行`
          : `${taskLabel(match.task)} › ${match.row.values.units || match.row.values.measures.slice(0, 20)}`,
    changes,
    conflict: null,
    included: action === 'update' || action === 'new',
    note: match.kind === 'none' ? match.note : null,
  };
}

function newer(a: Working, b: Working, ai: number, bi: number): boolean {
  const da = a.dto.reportDate ?? '';
  const db = b.dto.reportDate ?? '';
  return da !== db ? da > db : ai > bi;
}

/**
 * Two files of one unit reporting on the same ledger row: the newer file (report date, then order)
 * wins by default; the other's row is unticked and shown as a conflict when the values disagree.
 */
function resolveSameUnitConflicts(working: Working[]): void {
  const groups = new Map<string, { w: Working; wi: number; pr: PlannedRow }[]>();
  working.forEach((w, wi) => {
    if (w.dto.status !== 'ok' || !w.file.included || !w.unit) return;
    for (const pr of w.rows) {
      const key = targetKey(pr.match, w.unit, pr.row);
      if (!key) continue;
      const list = groups.get(key);
      if (list) list.push({ w, wi, pr });
      else groups.set(key, [{ w, wi, pr }]);
    }
  });
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const winner = list.reduce((best, x) => (newer(x.w, best.w, x.wi, best.wi) ? x : best));
    for (const x of list) {
      if (x === winner) continue;
      const differs = PROGRESS_FIELDS.filter((f) => (x.pr.row.values[f] ?? '') !== (winner.pr.row.values[f] ?? ''));
      x.pr.dto.included = false;
      if (x.w === winner.w) {
        x.pr.dto.conflict = { kind: 'same-unit', message: `同一文件中第 ${winner.pr.row.sheetRow} 行也报送了这一项，默认采用第 ${winner.pr.row.sheetRow} 行` };
      } else if (differs.length) {
        x.pr.dto.conflict = {
          kind: 'same-unit',
          message: `与同一单位的“${winner.w.dto.file}”（${winner.w.dto.reportDate ?? '无报送日期'}）对同一行报送不一致，默认采用较新的“${winner.w.dto.file}”`,
        };
      } else {
        x.pr.dto.note = `与“${winner.w.dto.file}”报送的内容相同`;
      }
    }
  }
}
