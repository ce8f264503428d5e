// Where a submitted row goes in the ledger: the row of (plan number, unit); else the task found by
// its number (or, without a number, by the similarity of its text) gets a new child row for the unit;
// else the row is flagged as unmatched.
import type { Unit } from '#shared/domain.js';
import type { RowLevel } from '#shared/fields.js';
import { compactText, planCodeKey } from '#shared/text-normalise.js';
import type { SubmittedRow } from './submission-reader.js';
import { OnlyUnitCells } from '#shared/responsibility.js';

/** What matching reads of a ledger row: its place in the tree and the plan cells a row is found by. */
export interface MatchRow {
  id: number;
  parentId: number | null;
  level: RowLevel;
  values: { code: string; task: string; measures: string; units: string };
}

export type RowMatch =
  | { kind: 'row'; row: MatchRow; task: MatchRow; by: 'code-unit' | 'similarity' }
  | { kind: 'new'; task: MatchRow; by: 'code-unit' | 'similarity' }
  | { kind: 'none'; note: string };

/** Task titles must be at least this similar to count as the same task. */
export const TASK_SIMILARITY = 0.6;
/** A unit's measure re-typed with small edits still matches; another measure does not. */
export const MEASURE_SIMILARITY = 0.4;

function bigrams(s: string): Map<string, number> {
  const t = compactText(s).replace(/[，。、；：,.;:！!？?“”"（）()]/g, '');
  const out = new Map<string, number>();
  if (t.length === 1) out.set(t, 1);
  for (let i = 0; i + 1 < t.length; i++) {
    const g = t.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient over character bigrams: 1 for the same text, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}

function dice(x: ReadonlyMap<string, number>, y: ReadonlyMap<string, number>): number {
  let total = 0;
  let common = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  if (!total) return 0;
  for (const [g, n] of x) common += Math.min(n, y.get(g) ?? 0);
  return (2 * common) / total;
}

const normCode = planCodeKey;

export class LedgerIndex {
  private readonly tasksByCode = new Map<string, MatchRow>();
  private readonly tasks: MatchRow[] = [];
  private readonly children = new Map<number, MatchRow[]>();
  readonly byId = new Map<number, MatchRow>();
  // A preview matches thousands of rows against the same tasks and units: what only depends on those is kept.
  private readonly subtrees = new Map<number, MatchRow[]>();
  private readonly onlyUnit = new OnlyUnitCells();
  private readonly stripNames = new Map<Unit, (text: string) => string>();
  /** Bigrams of a unit row's measure without the unit's names, by `unitId:rowId`. */
  private readonly measureGrams = new Map<string, Map<string, number>>();

  constructor(readonly rows: readonly MatchRow[]) {
    for (const r of rows) {
      this.byId.set(r.id, r);
      if (r.parentId != null) {
        const list = this.children.get(r.parentId);
        if (list) list.push(r);
        else this.children.set(r.parentId, [r]);
      }
      if (r.level === 'task') {
        this.tasks.push(r);
        const code = normCode(r.values.code);
        if (code && !this.tasksByCode.has(code)) this.tasksByCode.set(code, r);
      }
    }
  }

  /** Whether the ledger numbers its tasks at all (a ledger without plan numbers matches by text). */
  hasCodes(): boolean {
    return this.tasksByCode.size > 0;
  }

  hasCode(code: string): boolean {
    return this.tasksByCode.has(normCode(code));
  }

  descendants(id: number): MatchRow[] {
    const out: MatchRow[] = [];
    const stack = [...(this.children.get(id) ?? [])];
    while (stack.length) {
      const r = stack.shift()!;
      out.push(r);
      stack.push(...(this.children.get(r.id) ?? []));
    }
    return out;
  }

  findTask(row: SubmittedRow): { task: MatchRow; by: 'code-unit' | 'similarity' } | null {
    const code = normCode(row.taskCode);
    const byCode = code ? this.tasksByCode.get(code) : undefined;
    if (byCode) return { task: byCode, by: 'code-unit' };
    if (!row.taskText) return null;
    let best: MatchRow | null = null;
    let score = 0;
    for (const t of this.tasks) {
      const s = similarity(row.taskText, t.values.task);
      if (s > score) {
        score = s;
        best = t;
      }
    }
    return best && score >= TASK_SIMILARITY ? { task: best, by: 'similarity' } : null;
  }

  /**
   * A text without the unit's own names: the unit's name is in both measures (和平小学新建项目…)
   * and says nothing about which measure it is.
   */
  private withoutNames(unit: Unit): (text: string) => string {
    let strip = this.stripNames.get(unit);
    if (!strip) {
      const names = [unit.name, ...unit.aliases].sort((a, b) => b.length - a.length);
      this.stripNames.set(unit, (strip = (s: string) => names.reduce((t, n) => t.split(n).join(''), s)));
    }
    return strip;
  }

  match(row: SubmittedRow, unit: Unit): RowMatch {
    const found = this.findTask(row);
    if (!found) {
      const what = row.taskCode ? `编号为“${row.taskCode}”的任务` : `任务“${row.taskText || row.measures}”`;
      return { kind: 'none', note: `台账中没有${what}，也找不到名称相近的任务；请核对任务编号，或先在台账中添加该任务` };
    }
    const { task, by } = found;
    let subtree = this.subtrees.get(task.id);
    if (!subtree) this.subtrees.set(task.id, (subtree = [task, ...this.descendants(task.id)]));
    const own = subtree.filter((r) => this.onlyUnit.isOnly(r.values.units, unit));
    if (!own.length) return { kind: 'new', task, by };
    if (!row.measures) return { kind: 'row', row: own[0]!, task, by };
    // The unit's row whose measure reads most like the submitted one; a unit row without a measure
    // takes any. A clearly different measure is another item of the unit: a new row.
    const strip = this.withoutNames(unit);
    const gramsOf = (r: MatchRow) => {
      const key = `${unit.id}:${r.id}`;
      let grams = this.measureGrams.get(key);
      if (!grams) this.measureGrams.set(key, (grams = bigrams(strip(r.values.measures))));
      return grams;
    };
    let submitted: Map<string, number> | undefined;
    const score = (r: MatchRow): number => {
      if (!r.values.measures) return MEASURE_SIMILARITY;
      const grams = gramsOf(r);
      // The form the ledger exported, sent back unedited: the same text is as similar as it gets (dice(x, x)).
      if (r.values.measures === row.measures) return grams.size ? 1 : 0;
      return dice((submitted ??= bigrams(strip(row.measures))), grams);
    };
    const ranked = own.map((r) => ({ r, s: score(r) })).sort((a, b) => b.s - a.s);
    const best = ranked[0]!;
    return best.s >= MEASURE_SIMILARITY ? { kind: 'row', row: best.r, task, by } : { kind: 'new', task, by };
  }
}
