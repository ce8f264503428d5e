// How the grid shows a row's facts as of the viewed month (shared/as-of.ts decides them; nothing here
// re-implements a rule): the light column, rolled-up status and progress of parents, values carried
// from an earlier month, and the months the period picker offers. Pure: no React, no AG Grid.
import type { StatusDef } from '#shared/api/workbench-api.js';
import { statusCategory } from '#shared/api/workbench-api.js';
import {
  asOfInput,
  CATEGORY_LABELS,
  computeAsOf,
  DEFAULT_LIGHT_THRESHOLDS,
  LIGHT_LABELS,
  type AsOf,
  type AsOfRules,
  type LightThresholds,
} from '#shared/as-of.js';
import type { Row } from '#shared/domain.js';
import { currentPeriod } from '#shared/fields.js';

/** The light column: computed from the facts, never stored, never edited or pasted into. */
export const LIGHT_COLUMN = 'light';
export const LIGHT_COLUMN_LABEL = '亮灯';

/** Columns whose cells are computed, not stored: edits, Delete and paste skip them. */
export function isComputedColumn(column: string): boolean {
  // 'evidence': the 佐证 badge column (evidence/EvidenceCell.tsx), shown, never stored.
  return column === LIGHT_COLUMN || column === 'evidence';
}

/** The as-of rules of a ledger from its status vocabulary and light thresholds. */
export function asOfRules(statuses: readonly StatusDef[], thresholds: LightThresholds = DEFAULT_LIGHT_THRESHOLDS): AsOfRules {
  return { statuses: statuses.map((s) => ({ label: s.label, category: statusCategory(s) })), thresholds };
}

/** “2020年6月”. */
export function periodLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
}

/** “6月”: the badge of a value carried from an earlier month. */
export function monthBadge(period: string): string {
  return `${Number(period.slice(5, 7))}月`;
}

/**
 * The month a per-period cell's value was carried from, when it is earlier than the month the row is
 * viewed as of (the value was not reported this month); null for a value of the viewed month or blank.
 */
export function carriedFrom(row: Pick<Row, 'period' | 'periods'>, column: string): string | null {
  const from = row.periods?.[column];
  return from && row.period && from < row.period ? from : null;
}

export function carriedTitle(period: string): string {
  return `沿用${periodLabel(period)}的填报`;
}

export const DERIVED_TITLE = '由下级汇总（本行未填报；直接输入可填写本行自己的值）';

/**
 * What a status or 完成进度 cell shows for a row that reported neither this month but has children:
 * the roll-up (category label, progress). Null when the row shows its own value.
 */
export function derivedText(row: Pick<Row, 'asOf'>, column: 'status' | 'progressPct', ownValue: string): string | null {
  const f = row.asOf;
  if (!f?.derived || ownValue.trim()) return null;
  return column === 'status' ? CATEGORY_LABELS[f.category] : `${f.progress}%`;
}

/** The light's text (for screen readers and tests) and its tooltip: 进度 x% / 序时 y%, 逾期. */
export function lightText(f: AsOf | undefined): { label: string; title: string } | null {
  if (!f) return null;
  const parts = [`进度 ${f.progress}% / 序时 ${f.expected}%`];
  if (f.overdue) parts.push('逾期');
  if (f.derived) parts.push('由下级汇总');
  return { label: LIGHT_LABELS[f.light], title: parts.join('，') };
}

function sameFacts(a: AsOf | undefined, b: AsOf): boolean {
  return (
    !!a &&
    a.period === b.period &&
    a.status === b.status &&
    a.statusPeriod === b.statusPeriod &&
    a.progressPct === b.progressPct &&
    a.progressPeriod === b.progressPeriod &&
    a.category === b.category &&
    a.progress === b.progress &&
    a.expected === b.expected &&
    a.light === b.light &&
    a.overdue === b.overdue &&
    a.derived === b.derived
  );
}

interface TreeRow extends Row {
  depth: number;
}

/**
 * After a row changed: recomputes the facts of the rows the change can affect — its top-level
 * ancestor's subtree (a row's facts depend on itself, its descendants' roll-ups and its ancestors'
 * deadlines, all inside that subtree; rows are in display order, so it is one contiguous run). Rows whose facts changed are replaced in `rows` by
 * copies carrying the new facts, and returned (for one grid transaction). O(subtree), not O(ledger).
 */
export function refreshFactsAround<R extends TreeRow>(rows: R[], index: number, period: string, rules: AsOfRules): R[] {
  if (index < 0 || index >= rows.length) return [];
  let start = index;
  while (start > 0 && rows[start]!.depth > 0) start--;
  let end = start + 1;
  while (end < rows.length && rows[end]!.depth > 0) end++;
  const run = rows.slice(start, end);
  const facts = computeAsOf(run.map(asOfInput), period, rules);
  const changed: R[] = [];
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const f = facts.get(r.id);
    if (!f || sameFacts(r.asOf, f)) continue;
    const copy = { ...r, asOf: f };
    rows[i] = copy;
    changed.push(copy);
  }
  return changed;
}

/**
 * The months the picker offers: every month of the ledger's year (no year: the 18 months up to
 * today), the months with data and the selected one, newest first.
 */
export function periodOptions(ledgerYear: number | null | undefined, withData: readonly string[], selected: string | null, now = new Date()): string[] {
  const months: string[] = [];
  if (ledgerYear) {
    for (let m = 1; m <= 12; m++) months.push(`${ledgerYear}-${String(m).padStart(2, '0')}`);
  } else {
    for (let i = 0; i < 18; i++) months.push(currentPeriod(new Date(now.getFullYear(), now.getMonth() - i, 1)));
  }
  return [...new Set([...months, ...withData, ...(selected ? [selected] : [])])].sort().reverse();
}
