// From a parsed (possibly edited) work plan to ledger rows: section rows (一、…), task rows with the
// plan's own numbers, one item row per measure. Pure functions; the handler writes the rows.

import type { FieldKey, RowLevel } from '#shared/fields.js';
import type { PlanCounts } from '#shared/api/plan-api.js';
import type { ParsedPlan } from './plan-parser.js';
import { extractTargets } from './target-extractor.js';
import { PLAN_TEXT, toHalfWidth } from '#shared/text-normalise.js';
import { sanitiseName } from '#shared/text-normalise.js';

/** A row to insert, with its children. */
export interface PlanRowSpec {
  level: RowLevel;
  values: Partial<Record<FieldKey, string>>;
  children: PlanRowSpec[];
}

export interface PlanTaskShape {
  number: string;
  title: string;
  measures: string[];
  units: string[];
  leadUnits: string[];
  leaders: string[];
  deadline?: string;
  remarks?: string;
}

export interface PlanSectionShape {
  numeral: string;
  title: string;
  intro?: string;
  tasks: PlanTaskShape[];
  subsections?: PlanSectionShape[];
}

/** Separator of several targets in the one target cell. */
export const TARGET_SEPARATOR = '；';
const LIST_SEPARATOR = '、';

/** Target cell text for a piece of plan text: the targets' source texts joined by "；". */
export function targetCell(...texts: string[]): string {
  return texts.flatMap((t) => extractTargets(t).map((x) => x.text)).join(TARGET_SEPARATOR);
}

function join(list: string[]): string {
  return list.map((s) => s.trim()).filter(Boolean).join(LIST_SEPARATOR);
}

function taskRow(task: PlanTaskShape): PlanRowSpec {
  const measures = task.measures.map((m) => m.trim()).filter(Boolean);
  const lead = task.leadUnits.map((s) => s.trim()).filter(Boolean);
  return {
    level: 'task',
    values: {
      code: task.number.trim(),
      task: task.title.trim(),
      leadDept: join(lead),
      units: join(task.units),
      leader: join(task.leaders),
      target: targetCell(task.title, ...measures),
      deadline: task.deadline?.trim() ?? '',
      remarks: task.remarks?.trim() ?? '',
    },
    children: measures.map((m) => ({ level: 'item', values: { measures: m, target: targetCell(m) }, children: [] })),
  };
}

/**
 * Rows of a plan. A section without numeral and title (a plan with no headings) contributes its tasks
 * at the top level; "（一）" sub-sections become section rows under their section.
 */
export function planRows(sections: PlanSectionShape[]): PlanRowSpec[] {
  const sectionRow = (s: PlanSectionShape): PlanRowSpec[] => {
    const children = [...s.tasks.map(taskRow), ...(s.subsections ?? []).flatMap(sectionRow)];
    if (!s.numeral.trim() && !s.title.trim()) return children;
    return [{ level: 'section', values: { code: s.numeral.trim(), task: s.title.trim(), measures: s.intro?.trim() ?? '' }, children }];
  };
  return sections.flatMap(sectionRow);
}

export function countRows(rows: PlanRowSpec[]): PlanCounts {
  const counts: PlanCounts = { sections: 0, tasks: 0, measures: 0, targets: 0, rows: 0 };
  const visit = (r: PlanRowSpec) => {
    counts.rows++;
    if (r.level === 'section') counts.sections++;
    else if (r.level === 'task') {
      counts.tasks++;
      counts.targets += r.values.target ? r.values.target.split(TARGET_SEPARATOR).length : 0;
    } else counts.measures++;
    r.children.forEach(visit);
  };
  rows.forEach(visit);
  return counts;
}

/** The plan's year: the first "20xx年" of its title or preamble, else of its first section. */
export function planYear(plan: ParsedPlan): number | null {
  const where = [plan.preamble, ...plan.sections.slice(0, 1).map((s) => `${s.title}\n${s.intro}`)];
  for (const text of where) {
    const m = /(?<![\d\-—–~至到])(20\d\d)\s*年/.exec(toHalfWidth(text, PLAN_TEXT));
    if (m) return Number(m[1]);
  }
  return null;
}

/**
 * A ledger name for the plan: its own title when the first line of the preamble is one
 * ("灞桥区教育局2021年工作要点" → "灞桥区教育局2021年工作要点台账"), else "2020年工作要点台账".
 */
export function suggestLedgerName(plan: ParsedPlan, fallback = ''): string {
  const firstLine = plan.preamble.split('\n')[0]?.trim() ?? '';
  if (firstLine && firstLine.length <= 40 && /工作要点|工作计划|工作任务|重点工作/.test(firstLine) && !/[。，,:：]/.test(firstLine)) {
    return /台账$/.test(firstLine) ? firstLine : `${firstLine}台账`;
  }
  const year = planYear(plan);
  if (year) return `${year}年工作要点台账`;
  // The fallback is a file name: no control characters or line breaks in a ledger name.
  const base = sanitiseName(fallback.replace(/\.[^.]*$/, ''));
  return base ? `${base}台账` : '工作要点台账';
}
