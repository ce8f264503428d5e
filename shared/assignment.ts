// Bulk assignment of responsibility fields (牵头科室 / 责任单位 / 责任领导 / 完成时限) to several rows or
// draft tasks: replace the value, or add to it. Adding names appends only those not already named
// (compared through the units directory, so an alias counts as named); adding a deadline fills blanks only.
// Used by the backend's rows.assign and the plan-import page's draft, so both behave alike.
import { splitUnitText, type UnitDirectory } from './responsibility.js';

export const ASSIGN_FIELDS = ['leadDept', 'units', 'leader', 'deadline'] as const;
export type AssignField = (typeof ASSIGN_FIELDS)[number];
export const ASSIGN_MODES = ['replace', 'add'] as const;
export type AssignMode = (typeof ASSIGN_MODES)[number];

export const ASSIGN_FIELD_LABELS: Readonly<Record<AssignField, string>> = {
  leadDept: '牵头科室',
  units: '责任单位',
  leader: '责任领导',
  deadline: '完成时限',
};

/** Names in `value` that `current` does not name yet (any spelling), in the order written. */
export function namesToAdd(current: string, value: string, dir: UnitDirectory): string[] {
  const named = new Set(dir.namesIn(current));
  const out: string[] = [];
  for (const name of splitUnitText(value)) {
    const canonical = dir.resolve(name);
    if (named.has(canonical)) continue;
    named.add(canonical);
    out.push(name);
  }
  return out;
}

/**
 * A cell's text after the assignment. Replace: the value. Add: names appended with “、” after what the
 * clerk wrote (kept as written), or for 完成时限 the value only where the cell is blank.
 */
export function assignedText(current: string, value: string, field: AssignField, mode: AssignMode, dir: UnitDirectory): string {
  if (mode === 'replace') return value;
  if (field === 'deadline') return current.trim() ? current : value;
  const added = namesToAdd(current, value, dir);
  if (!added.length) return current;
  const kept = current.trim().replace(/[、，,；;]+$/, '');
  return kept ? `${kept}、${added.join('、')}` : added.join('、');
}

/** A list of names (a draft task's units or leaders) after the assignment. */
export function assignedNames(current: readonly string[], value: string, mode: AssignMode, dir: UnitDirectory): string[] {
  if (mode === 'replace') return splitUnitText(value);
  return [...current, ...namesToAdd(current.join('、'), value, dir)];
}
