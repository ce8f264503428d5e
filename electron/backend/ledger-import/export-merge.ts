// Taking back edits made in an exported ledger workbook. The file is read like any ledger file
// (ledger-reader.ts), recognised as a ledger's export (by --ledger, else by the plan numbers of the
// ledgers' last exports), matched row by row against what that export wrote (ledger_exports snapshot),
// and compared three ways: exported value → file value (edited in Excel) and exported value → app value
// (edited in the app since). Both changed to different values is a conflict, left out unless chosen.
// Applying writes one submission-style batch (backup first, one transaction, value sources), which
// submissions.undo takes back.
import { planOutsideLock, replanIfStale, writePlanned } from '../db/planned-write.js';
import type { MergePreview } from '#shared/api/ledger-import-api.js';
import type { Row } from '#shared/domain.js';
import { AppError, storageError } from '#shared/errors.js';
import { DEFAULT_STATUSES, FIELD_BY_KEY, FIELD_KEYS, type FieldKey } from '#shared/fields.js';
import type { WriteContext } from '../db/change-log.js';
import type { ExportSnapshotRow } from '../db/ledger-exports-repo.js';
import { backupDatabase, batchDto } from '../import/import-apply.js';
import { checkpointAfterOffThread } from '../db/backup-off-thread.js';
import type { Store } from '../store.js';
import { planCodeKey } from '#shared/text-normalise.js';
import { taskLineAbove } from '../export/export-lines.js';
import { rereadLedgerFile, type LedgerNode, type LedgerRead } from './ledger-reader.js';
import { storeMergeReads, type MergeReads } from './merge-reads.js';

/** The file as kept by a merge session (its workbook model is not needed any more). */
export type MergeFile = Omit<LedgerRead, 'model'>;

interface BaseRow {
  id: number;
  parentId: number | null;
  level: Row['level'];
  values: Record<string, string>;
  custom: Record<string, string>;
}

type Op =
  | { kind: 'change'; key: string; rowId: number; field: string; cell: string; value: string; old: string; conflict: boolean }
  | { kind: 'add'; key: string; node: LedgerNode; parentId: number | null; parentKey: string | null; afterId: number | null; afterKey: string | null }
  | { kind: 'delete'; key: string; rowId: number };

export interface MergePlan {
  dto: Omit<MergePreview, 'previewId'>;
  ops: Op[];
}

export interface MergeSession {
  id: string;
  ledgerId: number;
  file: MergeFile;
}

const has = (v: string | undefined) => (v ?? '').trim() !== '';

/** Key of a row added in Excel: a task on one line with its measure gives two rows from one sheet row. */
const addKey = (n: LedgerNode) => `a:${n.sheetRow}:${n.level}`;

function rowLabel(r: { level: string; values: Record<string, string> }, parent?: { values: Record<string, string> }): string {
  const own = r.level === 'item' ? r.values['measures'] || r.values['units'] || r.values['task'] || '' : `${r.values['code'] ? `${r.values['code']}. ` : ''}${r.values['task'] ?? ''}`;
  const short = own.length > 40 ? `${own.slice(0, 40)}…` : own;
  if (r.level === 'item' && parent) {
    const p = `${parent.values['code'] ? `${parent.values['code']}. ` : ''}${parent.values['task'] ?? ''}`;
    return `${p.length > 30 ? `${p.slice(0, 30)}…` : p} › ${short || '（子项）'}`;
  }
  return short || '（空行）';
}

function nodeKey(n: { level: string; values: Record<string, string> }): string {
  const code = planCodeKey(n.values['code'] ?? '');
  if (n.level === 'section') return `s|${code}|${n.values['task'] ?? ''}`;
  if (n.level === 'task') return code ? `t|${code}` : `tt|${n.values['task'] ?? ''}`;
  return `i|${n.values['measures'] ?? ''}`;
}

/** Whether a file's value says what the ledger's does: plan numbers compare without their 、/./． */
function sameValue(field: string, a: string, b: string): boolean {
  return a === b || (field === 'code' && planCodeKey(a) === planCodeKey(b));
}

/** Pairs file nodes with exported rows among siblings: by number/title, measures by text, then by order when counts agree. */
function pair(nodes: LedgerNode[], rows: BaseRow[]): Map<LedgerNode, BaseRow> {
  const out = new Map<LedgerNode, BaseRow>();
  const free = new Set(rows);
  // Rows by key (the key includes the level), first first: thousands of tasks under one section stay linear.
  const byKey = new Map<string, BaseRow[]>();
  for (const r of rows) {
    const k = nodeKey(r);
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  }
  for (const n of nodes) {
    const hit = byKey.get(nodeKey(n as { level: string; values: Record<string, string> }))?.shift();
    if (hit) {
      out.set(n, hit);
      free.delete(hit);
    }
  }
  const leftNodes = nodes.filter((n) => !out.has(n));
  const leftRows = rows.filter((r) => free.has(r));
  if (leftNodes.length === leftRows.length) {
    leftNodes.forEach((n, i) => {
      const r = leftRows[i]!;
      // Measures (and tasks without a number) whose text was edited; a task with another number is another task.
      const byOrder = n.level === 'item' || (n.level === 'task' && !has(n.values.code) && !has(r.values['code']));
      if (r.level === n.level && byOrder) out.set(n, r);
    });
  }
  return out;
}

function targetParts(text: string): string[] {
  return text.split(/[；;]/).map((t) => t.trim()).filter(Boolean);
}

/**
 * The custom columns to compare. A column the export fills from other values (目标值's 单位 in the
 * built-in template) is compared only when the template of that export wrote the custom column there.
 */
function customLabels(reads: MergeReads, file: MergeFile, templateId: number | null | undefined, exported: boolean): string[] {
  const written = exported ? writtenCustomLabels(reads, templateId) : null;
  return file.columns.flatMap((c) => (c.use.kind === 'custom' && (!c.extra || !written || written.has(c.use.label)) ? [c.use.label] : []));
}

function fileFields(file: MergeFile): FieldKey[] {
  return file.columns.flatMap((c) => (c.use.kind === 'field' ? [c.use.field] : []));
}

function customKeyOf(file: MergeFile): Map<string, string> {
  return new Map(file.columns.flatMap((c) => (c.use.kind === 'custom' ? [[c.use.key, c.use.label] as const] : [])));
}

/**
 * The file read for the ledger it was recognised as: values by that ledger's statuses and column types,
 * and 目标值 whole again where the export split it into 目标值 and 单位 (80 | % → 80%), so an unedited
 * export reads back as the stored text.
 */
export function mergeFileFor(reads: MergeReads, read: LedgerRead, ledgerId: number): MergeFile {
  const customTypes = new Map(reads.columns(ledgerId).map((c) => [c.label, c.type] as const));
  const statuses = reads.statuses(ledgerId);
  // Read again only when the ledger reads differently from the defaults the first reading used.
  const labels = new Set(read.columns.flatMap((c) => (c.use.kind === 'custom' ? [c.use.label] : [])));
  const typed = [...customTypes].some(([label, type]) => type !== 'text' && labels.has(label));
  const sameStatuses = statuses.length === DEFAULT_STATUSES.length && statuses.every((s, i) => s === DEFAULT_STATUSES[i]);
  const { model: _model, ...file } = typed || !sameStatuses ? rereadLedgerFile(read, { statuses, customTypes }) : read;
  const snapshot = reads.latestExport(ledgerId);
  if (!snapshot) return file;
  const written = writtenCustomLabels(reads, snapshot.templateId);
  const unitKeys = file.columns.flatMap((c) => (c.extra === 'targetUnit' && c.use.kind === 'custom' && !written.has(c.use.label) ? [c.use.key] : []));
  if (!unitKeys.length) return file;
  const fold = (n: LedgerNode): LedgerNode => {
    const custom = { ...n.custom };
    const values = { ...n.values };
    const unit = unitKeys.map((k) => custom[k] ?? '').join('');
    for (const k of unitKeys) delete custom[k];
    if (unit) values.target = `${values.target ?? ''}${unit}`;
    return { ...n, values, custom, children: n.children.map(fold) };
  };
  return { ...file, columns: file.columns.filter((c) => c.use.kind !== 'custom' || !unitKeys.includes(c.use.key)), roots: file.roots.map(fold) };
}

function writtenCustomLabels(reads: MergeReads, templateId: number | null | undefined): Set<string> {
  const columns = (templateId != null ? reads.templateColumns(templateId) : undefined) ?? [];
  return new Set(columns.flatMap((c) => (c.target.kind === 'custom' ? [c.target.label] : [])));
}

/** The ledger a file was exported from: the one whose last export (or rows) share the most plan numbers. */
export function recogniseLedger(reads: MergeReads, file: MergeFile, given?: number): { ledgerId: number; how: string } {
  if (given !== undefined) {
    if (!reads.ledger(given)) throw new AppError('not_found', `台账 #${given} 不存在（可能已被删除），请刷新后重试。`);
    return { ledgerId: given, how: '指定的台账' };
  }
  // Plan numbers with their task titles: two years' ledgers often share the numbers, rarely the titles.
  const codes = new Map<string, string>();
  const visit = (n: LedgerNode) => {
    if (n.level === 'task' && has(n.values.code)) codes.set(planCodeKey(n.values.code!), n.values.task ?? '');
    n.children.forEach(visit);
  };
  file.roots.forEach(visit);
  let best: { ledgerId: number; score: number; exported: boolean } | null = null;
  for (const ledger of reads.ledgers()) {
    const snapshot = reads.latestExport(ledger.id);
    const rows = snapshot ? snapshot.rows : reads.rows(ledger.id, null);
    const own = new Map(rows.filter((r) => r.level === 'task' && has(r.values.code)).map((r) => [planCodeKey(r.values.code!), r.values.task ?? '']));
    if (!own.size || !codes.size) continue;
    let shared = 0;
    for (const [code, title] of codes) if (own.has(code)) shared += own.get(code) === title ? 1 : 0.5;
    const score = shared / Math.max(codes.size, own.size) + (snapshot ? 0.01 : 0);
    if (!best || score > best.score) best = { ledgerId: ledger.id, score, exported: !!snapshot };
  }
  if (!best || best.score < 0.5) {
    throw new AppError(
      'not_recognised',
      '没有认出这个文件是从哪本台账导出的（任务编号与现有台账对不上）。请在“导入修改”中选择台账（命令行用 --ledger 指定），或用“从 Excel 导入”新建台账。',
    );
  }
  const name = reads.ledger(best.ledgerId)!.name;
  return { ledgerId: best.ledgerId, how: best.exported ? `任务编号与台账“${name}”最近一次导出的内容一致` : `任务编号与台账“${name}”一致（没有导出记录）` };
}

/** Builds the comparison. Pure reads; checked (or built again) under the apply's write lock. */
export function buildMerge(reads: MergeReads, file: MergeFile, ledgerId: number, how: string): MergePlan {
  const ledger = reads.ledger(ledgerId);
  if (!ledger) throw new AppError('not_found', '台账不存在（可能已被删除），请刷新后重试。');
  const snapshot = reads.latestExport(ledgerId);
  const period = snapshot?.period || reads.defaultPeriod(ledgerId);
  const labels = new Map(reads.columns(ledgerId).map((c) => [c.key, c.label]));
  const withLabels = (r: Row): BaseRow => {
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.custom ?? {})) if (labels.has(k) && v !== '') custom[labels.get(k)!] = v;
    return { id: r.id, parentId: r.parentId, level: r.level, values: { ...r.values }, custom };
  };
  const current = new Map(reads.rows(ledgerId, period).map((r) => [r.id, withLabels(r)]));
  const base: BaseRow[] = snapshot ? snapshot.rows.map((r: ExportSnapshotRow) => ({ ...r })) : [...current.values()];
  // Rows added in the app since the export (or by taking back this very file before) are matched too,
  // against their values now, so a file brought back twice does not add its new rows twice.
  const exportedIds = new Set(base.map((r) => r.id));
  const fresh = new Set<number>();
  for (const r of current.values()) {
    if (exportedIds.has(r.id)) continue;
    base.push(r);
    fresh.add(r.id);
  }
  const baseIds = new Set(base.map((r) => r.id));
  const children = new Map<number | null, BaseRow[]>();
  for (const r of base) {
    const parent = r.parentId !== null && baseIds.has(r.parentId) ? r.parentId : null;
    const list = children.get(parent);
    if (list) list.push(r);
    else children.set(parent, [r]);
  }
  const byId = new Map(base.map((r) => [r.id, r]));
  const fields = fileFields(file);
  const custom = customLabels(reads, file, snapshot?.templateId, snapshot !== undefined);
  const keyLabel = customKeyOf(file);

  const dto: Omit<MergePreview, 'previewId'> = {
    ledgerId,
    ledgerName: ledger.name,
    fileName: file.name,
    recognisedBy: how,
    exportedAt: snapshot?.exportedAt ?? null,
    period,
    changes: [],
    added: [],
    deleted: [],
    issues: file.issues,
    totals: { changes: 0, conflicts: 0, added: 0, deleted: 0 },
  };
  const ops: Op[] = [];
  const matched = new Set<number>();

  const compare = (n: LedgerNode, b: BaseRow) => {
    const now = current.get(b.id);
    if (!now) return; // deleted in the app since the export: nothing to update
    // Only rows with a change need their label (most of an 8,000-row export has none).
    let label: string | undefined;
    const labelOf = () => (label ??= rowLabel(b, b.parentId !== null ? byId.get(b.parentId) : undefined));
    // A value cleared in Excel has no cell of its own: name the cell of its column in this row.
    const cellFor = (key: string): string => {
      const col = file.columns.find((c) => (c.use.kind === 'field' ? c.use.field : c.use.kind === 'custom' ? c.use.key : '') === key);
      return col ? `${col.letter}${n.sheetRow}` : n.cell;
    };
    const kids = children.get(b.id) ?? [];
    const check = (field: string, fieldLabel: string, fileValue: string, exported: string, app: string, at = n.cell) => {
      if (sameValue(field, fileValue, exported) || sameValue(field, fileValue, app)) return;
      // The export leaves out a task's target when it only repeats its measures' targets.
      if (field === 'target' && b.level === 'task' && fileValue === '') {
        const fromKids = new Set(kids.flatMap((k) => targetParts(k.values['target'] ?? '')));
        if (targetParts(exported).every((t) => fromKids.has(t))) return;
      }
      const known = snapshot !== undefined && !fresh.has(b.id);
      const conflict = known && app !== exported;
      const key = `c:${b.id}:${field}`;
      dto.changes.push({ key, rowId: b.id, rowLabel: labelOf(), field, fieldLabel, cell: at, exportedValue: known ? exported : null, fileValue, appValue: app, conflict });
      ops.push({ kind: 'change', key, rowId: b.id, field, cell: at, value: fileValue, old: app, conflict });
    };
    const sectionFields: readonly FieldKey[] = ['code', 'task'];
    // A cell that could not be taken (八十, 150%) is in the file's issues with its cell, never a change.
    const invalid = new Set(n.invalid ?? []);
    for (const f of fields) {
      if (invalid.has(f)) continue;
      if (b.level === 'section' && !sectionFields.includes(f)) continue;
      if ((f === 'code' || f === 'task') && b.level === 'item') continue;
      check(f, FIELD_BY_KEY[f].label, n.values[f] ?? '', b.values[f] ?? '', now.values[f] ?? '', n.cells[f] ?? cellFor(f));
    }
    if (b.level !== 'section') {
      for (const l of custom) {
        const entry = Object.entries(n.custom).find(([k]) => keyLabel.get(k) === l);
        const colKey = [...keyLabel].find(([, v]) => v === l)?.[0];
        if ((entry && invalid.has(entry[0])) || (colKey && invalid.has(colKey))) continue;
        check(`custom:${l}`, l, entry?.[1] ?? '', b.custom[l] ?? '', now.custom[l] ?? '', (entry && n.cells[entry[0]]) ?? (colKey ? cellFor(colKey) : n.cell));
      }
    }
  };

  const addSubtree = (n: LedgerNode, parentId: number | null, parentKey: string | null, afterId: number | null, afterKey: string | null) => {
    const key = addKey(n);
    const skip = new Set(n.invalid ?? []);
    const values: Record<string, string> = Object.fromEntries(Object.entries(n.values).filter(([k]) => !skip.has(k)));
    for (const [k, v] of Object.entries(n.custom)) if (!skip.has(k)) values[`custom:${keyLabel.get(k) ?? k}`] = v;
    const parentRow = parentId !== null ? byId.get(parentId) : undefined;
    dto.added.push({ key, cell: n.cell, level: n.level, parentId, parentKey, label: rowLabel({ level: n.level, values }, parentRow), values });
    ops.push({ kind: 'add', key, node: n, parentId, parentKey, afterId, afterKey });
    let prevKey: string | null = null;
    for (const c of n.children) {
      addSubtree(c, null, key, null, prevKey);
      prevKey = addKey(c);
    }
  };

  /**
   * A task group read back the way the export wrote it (export-lines.ts taskLineAbove): on a line of its
   * own above its measures, or sharing its first line with its first measure, whose cells are the
   * measure's unless they were the task's. The sheet alone cannot always tell the two apart.
   */
  const asExported = (n: LedgerNode, b: BaseRow): LedgerNode => {
    const items = (children.get(b.id) ?? []).filter((k) => k.level === 'item');
    if (n.level !== 'task' || !n.children.length || n.children.some((c) => c.level !== 'item')) return n;
    const only = n.children.length === 1 ? n.children[0]! : null;
    if (!items.length) {
      // A task with a measure text of its own and no measure rows: one line, all of it the task's.
      if (!only || only.sheetRow !== n.sheetRow || (children.get(b.id) ?? []).length) return n;
      return { ...n, values: { ...n.values, ...only.values }, custom: { ...n.custom, ...only.custom }, cells: { ...n.cells, ...only.cells }, children: [] };
    }
    const lines = new Map<number, LedgerNode>();
    for (const x of [n, ...n.children]) {
      const line = lines.get(x.sheetRow);
      if (!line) lines.set(x.sheetRow, { ...x, values: { ...x.values }, custom: { ...x.custom }, cells: { ...x.cells }, children: [] });
      else {
        Object.assign(line.values, x.values);
        Object.assign(line.custom, x.custom);
        Object.assign(line.cells, x.cells);
        if (x.invalid) line.invalid = [...(line.invalid ?? []), ...x.invalid];
      }
    }
    const [first, ...rest] = [...lines.values()].sort((x, y) => x.sheetRow - y.sheetRow);
    if (!first || first.sheetRow !== n.sheetRow) return n;
    const asItem = (l: LedgerNode): LedgerNode => ({ ...l, level: 'item' });
    if (taskLineAbove(b, items)) return { ...first, level: 'task', children: rest.map(asItem) };
    const kid = items[0]!;
    const task: LedgerNode = { ...first, level: 'task', values: {}, custom: {}, cells: {}, children: [] };
    const item: LedgerNode = { ...first, level: 'item', values: {}, custom: {}, cells: {}, children: [] };
    for (const [k, v] of Object.entries(first.values) as [FieldKey, string][]) {
      const own = k === 'code' || k === 'task' || (has(b.values[k]) && !has(kid.values[k]));
      (own ? task : item).values[k] = v;
      if (first.cells[k]) (own ? task : item).cells[k] = first.cells[k];
    }
    for (const [k, v] of Object.entries(first.custom)) {
      const label = keyLabel.get(k) ?? k;
      const own = has(b.custom[label]) && !has(kid.custom[label]);
      (own ? task : item).custom[k] = v;
      if (first.cells[k]) (own ? task : item).cells[k] = first.cells[k];
    }
    task.children = [item, ...rest.map(asItem)];
    return task;
  };

  const walk = (nodes: LedgerNode[], rows: BaseRow[], parentId: number | null) => {
    const pairs = pair(nodes, rows);
    let prevId: number | null = null;
    let prevKey: string | null = null;
    for (const found of nodes) {
      const b = pairs.get(found);
      if (b) {
        const n = asExported(found, b);
        matched.add(b.id);
        compare(n, b);
        walk(n.children, children.get(b.id) ?? [], b.id);
        prevId = b.id;
        prevKey = null;
      } else {
        addSubtree(found, parentId, null, prevId, prevKey);
        prevKey = addKey(found);
        prevId = null;
      }
    }
  };
  walk(file.roots, children.get(null) ?? [], null);

  for (const r of base) {
    if (matched.has(r.id) || !current.has(r.id) || fresh.has(r.id)) continue;
    if (r.parentId !== null && baseIds.has(r.parentId) && !matched.has(r.parentId)) continue; // goes with its parent
    const key = `d:${r.id}`;
    dto.deleted.push({ key, rowId: r.id, label: rowLabel(r, r.parentId !== null ? byId.get(r.parentId) : undefined), level: r.level });
    ops.push({ kind: 'delete', key, rowId: r.id });
  }
  dto.totals = {
    changes: dto.changes.length,
    conflicts: dto.changes.filter((c) => c.conflict).length,
    added: dto.added.length,
    deleted: dto.deleted.length,
  };
  return { dto, ops };
}

/** The ops applied for a choice of keys: given keys, else every change and added row that is not a conflict. */
function chosen(ops: Op[], keys: string[] | undefined): Op[] {
  if (keys) {
    const set = new Set(keys);
    const picked = ops.filter((o) => set.has(o.key));
    // An added row needs its added parent.
    const addedKeys = new Set(picked.filter((o) => o.kind === 'add').map((o) => o.key));
    return picked.filter((o) => o.kind !== 'add' || o.parentKey === null || addedKeys.has(o.parentKey));
  }
  return ops.filter((o) => (o.kind === 'change' && !o.conflict) || o.kind === 'add');
}

function mergeSource(file: MergeFile, cell: string, batchId: number): string {
  const name = file.name.length > 120 ? `${file.name.slice(0, 117)}…` : file.name;
  return `导出台账修改稿 ${name} ${file.sheet}!${cell} sha256:${file.hash.slice(0, 16)} 批次#${batchId}`;
}

export async function applyMerge(store: Store, session: MergeSession, how: string, keys: string[] | undefined, ctx: WriteContext, now: () => string) {
  // Compared outside the write lock, every row of the ledger read (db/planned-write.ts).
  const build = () => ({ value: buildMerge(storeMergeReads(store), session.file, session.ledgerId, how), reads: null });
  const planned = planOutsideLock(store.db, session.ledgerId, build);
  if (!chosen(planned.value.ops, keys).length) {
    throw new AppError('nothing_to_apply', '没有选择要导入的修改（有冲突的单元格需要逐个勾选）。');
  }
  const at = now();
  const backupPath = await backupDatabase(store, at);
  const file = session.file;
  const current = replanIfStale(store.db, session.ledgerId, planned, build);
  const write = writePlanned(store.db, session.ledgerId, current, build, (plan) => {
    const ops = chosen(plan.ops, keys);
    const period = plan.dto.period;
    const batchId = store.submissions.createBatch(session.ledgerId, ctx.actor, backupPath, at);
    const fileId = store.submissions.addFile({
      batchId,
      ledgerId: session.ledgerId,
      fileName: file.name,
      fileHash: file.hash,
      sheet: file.sheet,
      unitId: null,
      unitName: '导出台账修改稿',
      period,
      reportDate: null,
      rowsApplied: 0,
      createdAt: at,
    });
    const columns = new Map(store.workbench.columns(session.ledgerId).map((c) => [c.label, c]));
    const keyLabel = customKeyOf(file);
    const source = (kind: 'cell' | 'row', rowId: number, field: string | null, cell: string, oldValue: string | null, newValue: string | null) =>
      store.submissions.addSource({ batchId, fileId, kind, rowId, field, period, sheet: file.sheet, cell, oldValue, newValue, reportDate: null });
    const setCustom = (writeCtx: WriteContext, row: Row, label: string, value: string, cell: string, old: string) => {
      let column = columns.get(label);
      if (!column) {
        column = store.workbench.addColumn(session.ledgerId, label, 'text', false, at);
        columns.set(label, column);
      }
      store.workbench.setValue(writeCtx, row, column, value, period, at);
      source('cell', row.id, column.key, cell, old, value);
    };
    let cells = 0;
    let addedRows = 0;
    let deletedRows = 0;
    const rowsTouched = new Set<number>();
    const addedIds = new Map<string, number>();
    for (const op of ops) {
      if (op.kind === 'change') {
        const writeCtx: WriteContext = { actor: ctx.actor, source: mergeSource(file, op.cell, batchId), batchId };
        if (op.field.startsWith('custom:')) {
          const row = store.rows.get(op.rowId);
          if (!row) continue;
          setCustom(writeCtx, row, op.field.slice(7), op.value, op.cell, op.old);
        } else {
          store.rows.updateCell(writeCtx, op.rowId, op.field as FieldKey, op.value, period, at);
          source('cell', op.rowId, op.field, op.cell, op.old, op.value);
        }
        cells++;
        rowsTouched.add(op.rowId);
      } else if (op.kind === 'add') {
        const parentId = op.parentKey !== null ? addedIds.get(op.parentKey) ?? null : op.parentId;
        if (op.parentKey !== null && parentId === null) continue;
        const afterId = op.afterKey !== null ? addedIds.get(op.afterKey) ?? null : op.afterId;
        const writeCtx: WriteContext = { actor: ctx.actor, source: mergeSource(file, op.node.cell, batchId), batchId };
        const values: Partial<Record<FieldKey, string>> = {};
        const skip = new Set(op.node.invalid ?? []);
        for (const k of FIELD_KEYS) if (op.node.values[k] !== undefined && !skip.has(k)) values[k] = op.node.values[k];
        const row = store.rows.insert(writeCtx, { ledgerId: session.ledgerId, parentId, afterId, level: op.node.level, values, period }, at);
        addedIds.set(op.key, row.id);
        source('row', row.id, null, op.node.cell, null, null);
        for (const k of FIELD_KEYS) {
          if (!has(values[k])) continue;
          source('cell', row.id, k, op.node.cell, '', values[k]!);
        }
        for (const [k, v] of Object.entries(op.node.custom)) if (v !== '' && !skip.has(k)) setCustom(writeCtx, row, keyLabel.get(k) ?? k, v, op.node.cell, '');
        addedRows++;
      } else {
        const writeCtx: WriteContext = { actor: ctx.actor, source: mergeSource(file, '', batchId), batchId };
        if (store.rows.get(op.rowId)) deletedRows += store.rows.delete(writeCtx, op.rowId, at);
      }
    }
    store.submissions.setFileRows(fileId, rowsTouched.size + addedRows);
    store.submissions.finishBatch(batchId, cells, addedRows);
    return { batchId, cells, addedRows, deletedRows };
  });
  let result: ReturnType<typeof write>;
  try {
    // Thousands of rows' pages, as an import batch's: checkpointed by the backup worker once committed, not
    // by this commit on this thread (nor by the next small commit of another connection).
    result = checkpointAfterOffThread(store.db, write).result;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const storage = storageError(err);
    if (storage) throw new AppError(storage.code, `${storage.message}导入前的备份在 ${backupPath}`);
    throw new AppError(
      'apply_failed',
      `导入修改时出错，已全部撤回，台账没有任何改动（${(err as Error).message}）。请重新预览后再导入；导入前的备份在 ${backupPath}`,
    );
  }
  return { batch: batchDto(store, store.submissions.batch(result.batchId)!), cells: result.cells, addedRows: result.addedRows, deletedRows: result.deletedRows };
}
