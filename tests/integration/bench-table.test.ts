// The bench's table and JSON writer (bench/table.ts): ratio and met are derived the same way every
// run. Never asserts on wall time; the numbers here are made up.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { describeGoal, formatTable, goalMet, notMeasured, ratioOf, toResultRow, writeResults, type Measurement } from '../../bench/table.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir('taizhang-bench-table-');
afterAll(() => tmp.cleanup());

describe('bench table', () => {
  it('derives the ratio from value and baseline, and none without a baseline', () => {
    expect(ratioOf(3, 2)).toBe(1.5);
    expect(ratioOf(3, null)).toBeNull();
    expect(ratioOf(null, 2)).toBeNull();
    expect(ratioOf(3, 0)).toBeNull();
  });

  it('judges each kind of goal, and never meets one that was not measured', () => {
    expect(goalMet({ kind: 'below', limit: 10 }, 9.9, null)).toBe(true);
    expect(goalMet({ kind: 'below', limit: 10 }, 10, null)).toBe(false);
    expect(goalMet({ kind: 'ratioAtMost', limit: 1.2 }, 1.2, 1)).toBe(true);
    expect(goalMet({ kind: 'ratioAtMost', limit: 1.2 }, 1.3, 1)).toBe(false);
    expect(goalMet({ kind: 'ratioAtMost', limit: 1.2 }, 1, null)).toBe(false);
    expect(goalMet({ kind: 'withinOfBaseline', delta: 1000 }, 1900, 900)).toBe(true);
    expect(goalMet({ kind: 'withinOfBaseline', delta: 1000 }, 1901, 900)).toBe(false);
    expect(goalMet({ kind: 'below', limit: 10 }, null, null)).toBe(false);
    const both = { kind: 'belowAndRatioAtMost', limit: 16, ratio: 1.2 } as const;
    expect(goalMet(both, 12, 10)).toBe(true);
    expect(goalMet(both, 13, 10)).toBe(false);
    expect(goalMet(both, 16, 20)).toBe(false);
    expect(goalMet(both, 12, null)).toBe(false);
    expect(describeGoal(both, 'ms')).toBe('< 16 ms and ≤ 1.20× baseline');
  });

  it('writes rows of { operation, value, unit, baseline, ratio, goal, met } and prints them', () => {
    const measured: Measurement[] = [
      { operation: 'export', value: 2.5, unit: 's', baseline: 2, goal: { kind: 'ratioAtMost', limit: 1 } },
      { operation: 'parse', value: 3.456789, unit: 'ms', baseline: null, goal: { kind: 'below', limit: 10 } },
      notMeasured('preview', 's', { kind: 'ratioAtMost', limit: 1.2 }, 'submissions.preview not implemented'),
    ];
    const rows = measured.map(toResultRow);
    const file = tmp.file('bench-results.json');
    writeResults(file, rows);
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(written).toEqual([
      { operation: 'export', value: 2.5, unit: 's', baseline: 2, ratio: 1.25, goal: '≤ 1× baseline', met: false },
      { operation: 'parse', value: 3.457, unit: 'ms', baseline: null, ratio: null, goal: '< 10 ms', met: true },
      {
        operation: 'preview',
        value: null,
        unit: 's',
        baseline: null,
        ratio: null,
        goal: '≤ 1.20× baseline',
        met: false,
        note: 'not measured: submissions.preview not implemented',
      },
    ]);
    const table = formatTable(rows);
    expect(table).toMatch(/export .*2\.50 s .*2 s .*1\.25× .*✗/);
    expect(table).toMatch(/preview .*not measured/);
    expect(table).toContain('1 of 3 goals met');
  });
});
