// From ledger rows (depth-first) to the lines written into a template: section lines, task lines
// with the plan's own number, measure lines under their task; filtered to some rows or one unit.
// Per-unit form lines repeat the task's number and title on every line so a returned form imports
// row by row.

import type { Row } from '../../../shared/domain.js';
import type { FieldKey } from '../../../shared/fields.js';
import { unitNames } from '../../../shared/unit-names.js';

export { unitNames };

export type LineValues = Partial<Record<FieldKey, string>>;

export interface ExportLine {
  kind: 'section' | 'task' | 'item';
  values: LineValues;
  /** Values of the ledger's custom columns, by column key. */
  custom?: Record<string, string>;
  /** For a task line: how many item lines follow it (its code and title cells span them). */
  itemCount: number;
}

export interface LineCounts {
  sections: number;
  tasks: number;
  items: number;
}

/** Resolves aliases (和平小 → 和平小学) so a unit matches however the plan spelled it. */
export type UnitResolver = (name: string) => string;

export function namesUnit(row: Row, unit: string, resolve: UnitResolver): boolean {
  const target = resolve(unit);
  return [...unitNames(row.values.units), ...unitNames(row.values.leadDept)].some((n) => resolve(n) === target);
}

/** Every unit named in 牵头科室 or 责任单位, in first-appearance order. */
export function responsibleUnits(rows: readonly Row[], resolve: UnitResolver): string[] {
  const seen = new Set<string>();
  for (const r of rows) {
    for (const n of [...unitNames(r.values.leadDept), ...unitNames(r.values.units)]) seen.add(resolve(n));
  }
  return [...seen];
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
  const code = row.values.code.trim();
  const title = row.values.task.trim() || row.values.measures.trim();
  if (!code || title.startsWith(code)) return title;
  return /^[一二三四五六七八九十百]+$/.test(code) ? `${code}、${title}` : /^[(（]/.test(code) ? `${code}${title}` : `${code} ${title}`;
}

/** Numbered lines when a task's measures are folded into its own cell. */
function joinMeasures(measures: string[]): string {
  if (measures.length <= 1) return measures[0] ?? '';
  return measures.map((m, i) => `${i + 1}. ${m}`).join('\n');
}

/** Lines for the meeting ledger. */
export function ledgerLines(rows: readonly Row[], includeItems: boolean): { lines: ExportLine[]; counts: LineCounts } {
  const lines: ExportLine[] = [];
  const counts: LineCounts = { sections: 0, tasks: 0, items: 0 };
  let task: ExportLine | null = null;
  let folded: string[] = [];
  const flush = () => {
    if (task && !includeItems && folded.length) {
      task.values.measures = [task.values.measures ?? '', joinMeasures(folded)].filter(Boolean).join('\n');
    }
    folded = [];
  };
  for (const r of rows) {
    if (r.level === 'section') {
      flush();
      task = null;
      counts.sections++;
      lines.push({ kind: 'section', values: { ...r.values, task: sectionText(r) }, itemCount: 0 });
    } else if (r.level === 'task' || !task) {
      flush();
      counts.tasks += r.level === 'task' ? 1 : 0;
      counts.items += r.level === 'item' ? 1 : 0;
      task = { kind: r.level === 'task' ? 'task' : 'item', values: { ...r.values }, custom: r.custom, itemCount: 0 };
      lines.push(task);
      if (r.level === 'item') task = null;
    } else {
      counts.items++;
      if (includeItems) {
        lines.push({ kind: 'item', values: { ...r.values }, custom: r.custom, itemCount: 0 });
        task.itemCount++;
      } else if (r.values.measures.trim()) {
        folded.push(r.values.measures.trim());
      }
    }
  }
  flush();
  return { lines, counts };
}

const PLAN_CARRY: readonly FieldKey[] = ['deadline', 'target', 'leader', 'leadDept'];

/** Lines of one unit's submission form: one per task or measure assigned to it, code and title repeated. */
export function formLines(rows: readonly Row[], unit: string, resolve: UnitResolver): ExportLine[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<number, Row[]>();
  for (const r of rows) {
    if (r.parentId == null) continue;
    const list = children.get(r.parentId);
    if (list) list.push(r);
    else children.set(r.parentId, [r]);
  }
  const lines: ExportLine[] = [];
  for (const r of rows) {
    if (r.level === 'section') continue;
    const parent = r.parentId != null ? byId.get(r.parentId) : undefined;
    const taskRow = r.level === 'item' && parent?.level === 'task' ? parent : undefined;
    if (r.level === 'task' && namesUnit(r, unit, resolve)) {
      const kids = children.get(r.id) ?? [];
      // Measures that name another unit belong to that unit's form.
      const own = kids.filter((k) => !k.values.units.trim() || namesUnit(k, unit, resolve));
      const measures = [r.values.measures.trim(), joinMeasures(own.map((k) => k.values.measures.trim()).filter(Boolean))].filter(Boolean);
      lines.push({ kind: 'task', values: { ...r.values, measures: measures.join('\n') }, custom: r.custom, itemCount: 0 });
    } else if (r.level === 'item' && namesUnit(r, unit, resolve) && !(taskRow && namesUnit(taskRow, unit, resolve))) {
      const values: LineValues = { ...r.values };
      if (taskRow) {
        values.code = taskRow.values.code;
        values.task = taskRow.values.task;
        for (const k of PLAN_CARRY) if (!values[k]?.trim()) values[k] = taskRow.values[k];
      }
      lines.push({ kind: 'item', values, custom: r.custom, itemCount: 0 });
    }
  }
  return lines;
}
