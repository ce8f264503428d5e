// The bench's one output: a table of rows (printed) and the same rows as bench-results.json.
// Pure functions apart from writeResults, so tests/integration/bench-table.test.ts can pin them down.
import fs from 'node:fs';

/** How a row's value is judged. */
export type Goal =
  /** value must be below `limit` (same unit as the value). */
  | { kind: 'below'; limit: number }
  /** value / baseline must be at most `limit`. */
  | { kind: 'ratioAtMost'; limit: number }
  /** value may exceed the baseline by at most `delta` (same unit). */
  | { kind: 'withinOfBaseline'; delta: number }
  /** value below `limit` and value / baseline at most `ratio`: an absolute bound and one against a peer. */
  | { kind: 'belowAndRatioAtMost'; limit: number; ratio: number };

/** What a group of operations measured; the table derives ratio and met from it. */
export interface Measurement {
  operation: string;
  /** null: not measured (see `note`). */
  value: number | null;
  unit: string;
  baseline: number | null;
  goal: Goal;
  /** Why a row was not measured, or what the value means (e.g. "median of 200"). */
  note?: string;
}

/** One entry of bench-results.json. */
export interface ResultRow {
  operation: string;
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  goal: string;
  met: boolean;
  note?: string;
}

export function notMeasured(operation: string, unit: string, goal: Goal, reason: string): Measurement {
  return { operation, value: null, unit, baseline: null, goal, note: `not measured: ${reason}` };
}

/** value / baseline, or null when either is missing or the baseline is not positive. */
export function ratioOf(value: number | null, baseline: number | null): number | null {
  if (value == null || baseline == null || !Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) return null;
  return value / baseline;
}

/** Whether the goal is met; a row that was not measured never meets its goal. */
export function goalMet(goal: Goal, value: number | null, baseline: number | null): boolean {
  if (value == null || !Number.isFinite(value)) return false;
  switch (goal.kind) {
    case 'below':
      return value < goal.limit;
    case 'ratioAtMost': {
      const ratio = ratioOf(value, baseline);
      return ratio != null && ratio <= goal.limit;
    }
    case 'withinOfBaseline':
      return baseline != null && Number.isFinite(baseline) && value - baseline <= goal.delta;
    case 'belowAndRatioAtMost': {
      const ratio = ratioOf(value, baseline);
      return value < goal.limit && ratio != null && ratio <= goal.ratio;
    }
  }
}

export function describeGoal(goal: Goal, unit: string): string {
  switch (goal.kind) {
    case 'below':
      return `< ${formatNumber(goal.limit)} ${unit}`;
    case 'ratioAtMost':
      return `≤ ${formatNumber(goal.limit)}× baseline`;
    case 'withinOfBaseline':
      return `≤ baseline + ${formatNumber(goal.delta)} ${unit}`;
    case 'belowAndRatioAtMost':
      return `< ${formatNumber(goal.limit)} ${unit} and ≤ ${formatNumber(goal.ratio)}× baseline`;
  }
}

export function toResultRow(m: Measurement): ResultRow {
  const row: ResultRow = {
    operation: m.operation,
    value: roundTo(m.value),
    unit: m.unit,
    baseline: roundTo(m.baseline),
    ratio: roundTo(ratioOf(m.value, m.baseline)),
    goal: describeGoal(m.goal, m.unit),
    met: goalMet(m.goal, m.value, m.baseline),
  };
  if (m.note) row.note = m.note;
  return row;
}

/** Three significant digits are more than the noise of these machines allows. */
function roundTo(n: number | null): number | null {
  if (n == null || !Number.isFinite(n)) return n == null ? null : n;
  return Number(n.toPrecision(4));
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 100 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : abs >= 1 ? n.toFixed(2) : n.toPrecision(2);
}

const HEADERS = ['operation', 'value', 'baseline', 'ratio', 'goal', 'met'];

/** A plain-text table: one line per row, notes under the table. */
export function formatTable(rows: ResultRow[]): string {
  const cells = rows.map((r) => [
    r.operation,
    r.value == null ? 'not measured' : `${formatNumber(r.value)} ${r.unit}`,
    r.baseline == null ? '—' : `${formatNumber(r.baseline)} ${r.unit}`,
    r.ratio == null ? '—' : `${formatNumber(r.ratio)}×`,
    r.goal,
    r.met ? '✓' : '✗',
  ]);
  const widths = HEADERS.map((h, i) => Math.max(displayWidth(h), ...cells.map((c) => displayWidth(c[i]))));
  const line = (c: string[]) => c.map((s, i) => pad(s, widths[i])).join(' │ ');
  const out = [line(HEADERS), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.operation}: ${r.note}`);
  if (notes.length) out.push('', 'notes:', ...notes);
  const met = rows.filter((r) => r.met).length;
  out.push('', `${met} of ${rows.length} goals met`);
  return out.join('\n');
}

/** CJK and similar characters take two columns in a terminal. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function writeResults(file: string, rows: ResultRow[]): void {
  fs.writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
}
