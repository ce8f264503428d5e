// From ledger rows (depth-first) to the lines written into a template: section lines, task lines
// with the plan's own number, measure lines under their task; filtered to some rows or one unit.
// Per-unit form lines repeat the task's number and title on every line so a returned form imports
// row by row.

import type { Row } from '#shared/domain.js';
import type { FieldKey } from '#shared/fields.js';
import { assignmentsByUnit, type UnitDirectory } from '#shared/responsibility.js';
import { childrenByParent } from '#shared/tree.js';

export type LineValues = Partial<Record<FieldKey, string>>;

export interface ExportLine {
  kind: 'section' | 'task' | 'item';
  values: LineValues;
  /** Values of the ledger's custom columns, by column key. */
  custom?: Record<string, string>;
  /** Fields whose cells span this line and the next `span - 1` (a task's number, title, units … over its measures). */
  mergeDown?: { fields: FieldKey[]; span: number };
}

export interface LineCounts {
  sections: number;
  tasks: number;
  items: number;
}

/**
 * The rows to export: all, or those kept by `keep` together with their ancestors (so a measure
 * still shows under its task and section) and, for a kept task, all its measures.
 */
export function selectRows(rows: readonly Row[], keep?: (row: Row) => boolean): Row[] {
  if (!keep) return [...rows];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chosen = new Set<number>();
  const keptTasks = new Set<number>();
  for (const r of rows) {
    if (!keep(r)) continue;
    if (r.level !== 'section') keptTasks.add(r.id);
    for (let p: Row | undefined = r; p; p = p.parentId != null ? byId.get(p.parentId) : undefined) chosen.add(p.id);
  }
  for (const r of rows) {
    if (r.parentId != null && keptTasks.has(r.parentId)) chosen.add(r.id);
  }
  return rows.filter((r) => chosen.has(r.id));
}

function sectionText(row: Row): string {
  // 一、 and 一 are one number: the 、 is written once (a ledger read back keeps 一).
  const code = row.values.code.trim().replace(/[、.．]+$/, '');
  const title = row.values.task.trim() || row.values.measures.trim();
  if (!code || title.startsWith(code)) return title;
  return /^[一二三四五六七八九十百]+$/.test(code) ? `${code}、${title}` : /^[(（]/.test(code) ? `${code}${title}` : `${code} ${title}`;
}

/** Numbered lines when a task's measures are folded into its own cell. */
function joinMeasures(measures: string[]): string {
  if (measures.length <= 1) return measures[0] ?? '';
  return measures.map((m, i) => `${i + 1}. ${m}`).join('\n');
}

/** Parts of a "；"-joined target cell. */
function targetParts(text: string): string[] {
  return text
    .split(/[；;]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** A row as far as the layout of its task group goes: its values and custom values (by any key). */
export interface LayoutRow {
  values: Partial<Record<string, string>>;
  custom?: Record<string, string> | undefined;
}

/** Whether a task's targets are only those of its measures (the plan import derives them so). */
function targetFromMeasures(task: LayoutRow, items: readonly LayoutRow[]): boolean {
  const own = targetParts(task.values['target'] ?? '');
  const fromItems = new Set(items.flatMap((i) => targetParts(i.values['target'] ?? '')));
  return own.length > 0 && own.every((t) => fromItems.has(t));
}

const has = (v: string | undefined): boolean => (v ?? '').trim() !== '';

/**
 * Whether a task with measures is written on a line of its own above them (it and a measure both have
 * a value in one column), rather than on the line of its first measure. The merge reads an export's
 * task groups back by the same rule (export-merge.ts).
 */
export function taskLineAbove(task: LayoutRow, items: readonly LayoutRow[]): boolean {
  const values = { ...task.values };
  if (targetFromMeasures(task, items)) values['target'] = '';
  const customConflict = Object.entries(task.custom ?? {}).some(([k, v]) => has(v) && items.some((i) => has(i.custom?.[k])));
  return customConflict || Object.keys(values).some((f) => has(values[f]) && items.some((i) => has(i.values[f])));
}

/**
 * A task with its measures, as printed ledgers show it: the measures one per line, and the task's own
 * cells (number, title, units, deadline …) spanning them. When the task and a measure both have a value
 * in the same column (a status on each, say), the task keeps a line of its own above its measures.
 */
function taskGroup(task: Row, items: readonly Row[]): ExportLine[] {
  const taskValues: LineValues = { ...task.values };
  if (targetFromMeasures(task, items)) taskValues.target = '';
  const fields = Object.keys(taskValues) as FieldKey[];
  if (taskLineAbove(task, items)) {
    return [
      { kind: 'task', values: taskValues, custom: task.custom, mergeDown: { fields: ['code', 'task'], span: items.length + 1 } },
      ...items.map((i): ExportLine => ({ kind: 'item', values: { ...i.values }, custom: i.custom })),
    ];
  }
  const spanning = fields.filter((f) => (has(taskValues[f]) || f === 'code' || f === 'task') && !items.some((i) => has(i.values[f])));
  return items.map((item, index): ExportLine => {
    if (index > 0) return { kind: 'item', values: { ...item.values }, custom: item.custom };
    const values: LineValues = { ...item.values };
    for (const f of fields) if (has(taskValues[f])) values[f] = taskValues[f];
    const line: ExportLine = { kind: 'task', values, custom: { ...task.custom, ...item.custom } };
    if (items.length > 1) line.mergeDown = { fields: spanning, span: items.length };
    return line;
  });
}

/** Lines for the meeting ledger. */
export function ledgerLines(rows: readonly Row[], includeItems: boolean): { lines: ExportLine[]; counts: LineCounts } {
  const lines: ExportLine[] = [];
  const counts: LineCounts = { sections: 0, tasks: 0, items: 0 };
  const tasks = new Set(rows.filter((r) => r.level === 'task').map((r) => r.id));
  const itemsOf = new Map<number, Row[]>();
  for (const r of rows) {
    if (r.level !== 'item' || r.parentId == null || !tasks.has(r.parentId)) continue;
    const list = itemsOf.get(r.parentId);
    if (list) list.push(r);
    else itemsOf.set(r.parentId, [r]);
  }
  for (const r of rows) {
    if (r.level === 'section') {
      counts.sections++;
      lines.push({ kind: 'section', values: { ...r.values, task: sectionText(r) }, custom: r.custom });
    } else if (r.level === 'task') {
      counts.tasks++;
      const items = itemsOf.get(r.id) ?? [];
      counts.items += items.length;
      if (!items.length) lines.push({ kind: 'task', values: { ...r.values }, custom: r.custom });
      else if (includeItems) lines.push(...taskGroup(r, items));
      else {
        const folded = joinMeasures(items.map((i) => i.values.measures.trim()).filter(Boolean));
        lines.push({ kind: 'task', values: { ...r.values, measures: [r.values.measures.trim(), folded].filter(Boolean).join('\n') }, custom: r.custom });
      }
    } else if (r.parentId == null || !tasks.has(r.parentId)) {
      // A measure with no task above it (added under a section) stands on its own line.
      counts.items++;
      lines.push({ kind: 'item', values: { ...r.values }, custom: r.custom });
    }
  }
  return { lines, counts };
}

// A measure's form line shows its task's deadline and leaders where it has none of its own; never the
// task's target: that is the district's, and the unit reports against its own share.
const PLAN_CARRY: readonly FieldKey[] = ['deadline', 'leader', 'leadDept'];

/**
 * Lines of one unit's submission form: one per assignment of the unit (see shared/responsibility.ts),
 * code and title repeated. A task that is itself the assignment lists its measures that name no unit;
 * a measure row that names the unit is its own line; another unit's rows never appear.
 */
export function formLines(rows: readonly Row[], unit: string, dir: UnitDirectory): ExportLine[] {
  return formLinesOf(rows, dir)(unit);
}

/** `formLines` for many units of one ledger: the ledger's assignments are worked out once. */
export function formLinesOf(rows: readonly Row[], dir: UnitDirectory): (unit: string) => ExportLine[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = childrenByParent(rows);
  const assignments = assignmentsByUnit(rows, dir);
  return (unit) => {
    const lines: ExportLine[] = [];
    for (const { rowId } of assignments.get(dir.resolve(unit)) ?? []) {
      const r = byId.get(rowId)!;
      if (r.level !== 'item') {
        const unassigned = (children.get(r.id) ?? []).filter((k) => dir.rowUnits(k).length === 0);
        const measures = [r.values.measures.trim(), joinMeasures(unassigned.map((k) => k.values.measures.trim()).filter(Boolean))].filter(Boolean);
        lines.push({ kind: 'task', values: { ...r.values, measures: measures.join('\n') }, custom: r.custom });
        continue;
      }
      const parent = r.parentId != null ? byId.get(r.parentId) : undefined;
      const values: LineValues = { ...r.values };
      if (parent && parent.level !== 'section') {
        values.code = parent.values.code;
        values.task = parent.values.task;
        for (const k of PLAN_CARRY) if (!values[k]?.trim()) values[k] = parent.values[k];
      }
      lines.push({ kind: 'item', values, custom: r.custom });
    }
    return lines;
  };
}
