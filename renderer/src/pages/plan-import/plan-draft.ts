// The clerk's editable copy of a parsed plan, and the pure helpers the import page uses on it:
// counts, immutable edits, and splitting text into plain and highlighted (target) pieces.
import type { PlanSectionDto, PlanTargetDto, PlanTaskDto } from '#shared/api/plan-api.js';
import { assignedNames, assignedText, type AssignField, type AssignMode } from '#shared/assignment.js';
import type { UnitDirectory } from '#shared/responsibility.js';

export type DraftSection = PlanSectionDto;
export type DraftTask = PlanTaskDto;

export interface DraftCounts {
  sections: number;
  tasks: number;
  measures: number;
  targets: number;
}

export function sectionTasks(section: DraftSection): DraftTask[] {
  return [...section.tasks, ...(section.subsections ?? []).flatMap((s) => s.tasks)];
}

export function draftCounts(sections: DraftSection[]): DraftCounts {
  const tasks = sections.flatMap(sectionTasks);
  return {
    sections: sections.length,
    tasks: tasks.length,
    measures: tasks.reduce((n, t) => n + t.measures.length, 0),
    targets: tasks.reduce((n, t) => n + t.targets.length, 0),
  };
}

/** Remove one measure, keeping `measureTargets` parallel and `targets` = title targets + measure targets. */
export function removeMeasure(task: DraftTask, index: number): DraftTask {
  const measureTargetCount = task.measureTargets.reduce((n, m) => n + m.length, 0);
  const titleTargets = task.targets.slice(0, Math.max(0, task.targets.length - measureTargetCount));
  const measures = task.measures.filter((_, i) => i !== index);
  const measureTargets = task.measureTargets.filter((_, i) => i !== index);
  return { ...task, measures, measureTargets, targets: [...titleTargets, ...measureTargets.flat()] };
}

export function replaceAt<T>(list: T[], index: number, item: T | null): T[] {
  return item === null ? list.filter((_, i) => i !== index) : list.map((x, i) => (i === index ? item : x));
}

export interface TextPiece {
  text: string;
  target: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Split `text` into plain pieces and pieces that are one of `targets` ("增加学位5190个", "80%").
 * A target is not matched inside a longer number ("1所" is not highlighted in "11所").
 */
export function highlightTargets(text: string, targets: string[]): TextPiece[] {
  const unique = [...new Set(targets.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!unique.length || !text) return text ? [{ text, target: false }] : [];
  const re = new RegExp(`(?<![0-9０-９.．])(?:${unique.map(escapeRegExp).join('|')})`, 'g');
  const pieces: TextPiece[] = [];
  let pos = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > pos) pieces.push({ text: text.slice(pos, m.index), target: false });
    pieces.push({ text: m[0], target: true });
    pos = m.index + m[0].length;
  }
  if (pos < text.length) pieces.push({ text: text.slice(pos), target: false });
  return pieces;
}

export function targetLabel(t: PlanTargetDto): string {
  const range = t.max !== null ? `${t.value}–${t.max}` : String(t.value);
  return `${t.comparator ? `${t.comparator} ` : ''}${range}${t.unit}`;
}

/**
 * For each 1-based line of the source, the target texts of the task written on it: a task covers its
 * numbered line through the last line of its text, so a target is marked only where that task states it.
 */
export function targetsByLine(sections: DraftSection[], lines: string[]): string[][] {
  const out: string[][] = [];
  for (const task of sections.flatMap(sectionTasks)) {
    const texts = task.targets.map((t) => t.text);
    if (!texts.length || task.line < 1) continue;
    const last = task.text.split('\n').pop()?.trim() ?? '';
    let end = task.line;
    for (let n = task.line; n <= lines.length; n++) {
      if (lines[n - 1]!.trim() === last) {
        end = n;
        break;
      }
    }
    for (let n = task.line; n <= end; n++) out[n] = [...(out[n] ?? []), ...texts];
  }
  return out;
}

// ---- selecting tasks and assigning units, leaders and deadlines to them ----

/** A task's place in the draft: "2/0" (section 2, task 0) or "2.1/0" (a task of subsection 1 of section 2). */
export type TaskKey = string;

export function taskKey(sectionPath: string, taskIndex: number): TaskKey {
  return `${sectionPath}/${taskIndex}`;
}

/** Keys of a section's tasks (its subsections' too), in order; `path` is the section's own place ("2", "2.1"). */
export function sectionTaskKeys(section: DraftSection, path: string): TaskKey[] {
  return [
    ...section.tasks.map((_, j) => taskKey(path, j)),
    ...(section.subsections ?? []).flatMap((sub, k) => sectionTaskKeys(sub, `${path}.${k}`)),
  ];
}

export function allTaskKeys(sections: DraftSection[]): TaskKey[] {
  return sections.flatMap((s, i) => sectionTaskKeys(s, String(i)));
}

/** The task after the assignment (same object when nothing changes). */
export function assignToTask(task: DraftTask, field: AssignField, value: string, mode: AssignMode, dir: UnitDirectory): DraftTask {
  if (field === 'deadline') {
    const next = assignedText(task.deadline, value.trim(), field, mode, dir);
    return next === task.deadline ? task : { ...task, deadline: next };
  }
  const key = field === 'leadDept' ? 'leadUnits' : field === 'units' ? 'units' : 'leaders';
  const next = assignedNames(task[key], value, mode, dir);
  const same = next.length === task[key].length && next.every((n, i) => n === task[key][i]);
  return same ? task : { ...task, [key]: next };
}

/** Assign to the tasks with these keys; returns the new draft and how many tasks changed. */
export function assignToTasks(
  sections: DraftSection[],
  keys: ReadonlySet<TaskKey>,
  field: AssignField,
  value: string,
  mode: AssignMode,
  dir: UnitDirectory,
): { sections: DraftSection[]; changed: number } {
  let changed = 0;
  const visit = (section: DraftSection, path: string): DraftSection => {
    const tasks = section.tasks.map((t, j) => {
      if (!keys.has(taskKey(path, j))) return t;
      const next = assignToTask(t, field, value, mode, dir);
      if (next !== t) changed++;
      return next;
    });
    const subsections = section.subsections?.map((sub, k) => visit(sub, `${path}.${k}`));
    return { ...section, tasks, ...(subsections ? { subsections } : {}) };
  };
  const next = sections.map((s, i) => visit(s, String(i)));
  return { sections: next, changed };
}
