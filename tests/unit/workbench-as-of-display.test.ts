// How the grid shows facts as of a month: carried values and their month, rolled-up cells, the light's
// text, the months the picker offers, and recomputing only what an edit can change.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_DEFS, type StatusDef } from '#shared/api/workbench-api.js';
import { attachAsOf } from '#shared/as-of.js';
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS } from '#shared/fields.js';
import {
  asOfRules,
  carriedFrom,
  carriedTitle,
  derivedText,
  isComputedColumn,
  LIGHT_COLUMN,
  lightText,
  monthBadge,
  periodOptions,
  refreshFactsAround,
} from '../../renderer/src/pages/workbench/as-of-display.js';
import { defaultLabel, orderedColumns } from '../../renderer/src/pages/workbench/column-layout.js';
import { cellText, withCell, withDepth, type GridRow } from '../../renderer/src/pages/workbench/grid-model.js';

function row(id: number, parentId: number | null, values: Partial<Row['values']> = {}, extra: Partial<Row> = {}): Row {
  const all = Object.fromEntries(FIELD_KEYS.map((k) => [k, ''])) as Row['values'];
  return { id, ledgerId: 1, parentId, position: 0, level: parentId == null ? 'task' : 'item', period: '2020-06', values: { ...all, ...values }, updatedAt: '', ...extra };
}

const rules = asOfRules(DEFAULT_STATUS_DEFS);

describe('values carried from an earlier month', () => {
  it('names the month a value came from when it is earlier than the viewed month', () => {
    const r = row(1, null, { status: '推进中', progress: '已开工' }, { periods: { status: '2020-05', progress: '2020-06' } });
    expect(carriedFrom(r, 'status')).toBe('2020-05');
    expect(carriedFrom(r, 'progress')).toBeNull();
    expect(carriedFrom(r, 'achieved')).toBeNull();
    expect(carriedFrom({ ...r, period: null }, 'status')).toBeNull();
    expect(monthBadge('2020-05')).toBe('5月');
    expect(monthBadge('2020-11')).toBe('11月');
    expect(carriedTitle('2020-06')).toBe('沿用2020年6月的填报');
  });
});

describe('rolled-up status and progress', () => {
  const rows = withDepth([
    row(1, null, { deadline: '6月底前' }, { deadlineDate: '2020-06-30' }),
    row(2, 1, { status: '已完成', deadline: '年底前' }, { periods: { status: '2020-06' }, deadlineDate: '2020-12-31' }),
    row(3, 1, { status: '推进中', progressPct: '40%' }, { periods: { status: '2020-05', progressPct: '2020-05' } }),
  ]);
  attachAsOf(rows, '2020-06', rules);

  it('shows a parent that reported nothing with its children’s category and mean progress', () => {
    expect(derivedText(rows[0]!, 'status', '')).toBe('推进中');
    expect(derivedText(rows[0]!, 'progressPct', '')).toBe('70%');
    // A row with its own value shows it.
    expect(derivedText(rows[1]!, 'status', '已完成')).toBeNull();
    expect(derivedText(rows[2]!, 'progressPct', '40%')).toBeNull();
  });

  it('words the light for screen readers and its tooltip with 进度, 序时 and 逾期', () => {
    expect(lightText(rows[0]!.asOf)).toEqual({ label: '红灯', title: '进度 70% / 序时 100%，逾期，由下级汇总' });
    expect(lightText(rows[1]!.asOf)).toEqual({ label: '绿灯', title: '进度 100% / 序时 50%' });
    expect(lightText(undefined)).toBeNull();
  });

  it('recomputes only the edited row’s top-level subtree, replacing the rows whose facts changed', () => {
    const ledger: GridRow[] = withDepth([
      row(1, null, {}, { deadlineDate: '2020-12-31' }),
      row(2, 1, { status: '推进中' }),
      row(3, 1, { status: '推进中' }),
      row(4, null, { status: '推进中' }),
    ]);
    attachAsOf(ledger, '2020-06', rules);
    const untouched = ledger[3]!;
    const before = ledger[0]!;
    ledger[1] = { ...ledger[1]!, values: { ...ledger[1]!.values, status: '已完成' } };
    ledger[2] = { ...ledger[2]!, values: { ...ledger[2]!.values, status: '已完成' } };
    const changed = refreshFactsAround(ledger, 2, '2020-06', rules);
    expect(changed.map((r) => r.id).sort()).toEqual([1, 2, 3]);
    expect(ledger[0]).not.toBe(before);
    expect(ledger[0]!.asOf).toMatchObject({ derived: true, category: 'done', light: 'green' });
    expect(before.asOf!.category).toBe('inProgress');
    expect(ledger[3]).toBe(untouched);
    // Nothing changed: nothing replaced.
    expect(refreshFactsAround(ledger, 1, '2020-06', rules)).toEqual([]);
  });

  it('follows a status’s category: the same rows with 推进中 counted as lagging', () => {
    const statuses: StatusDef[] = DEFAULT_STATUS_DEFS.map((s) => (s.label === '推进中' ? { ...s, category: 'lagging' } : { ...s }));
    const again = attachAsOf(withDepth(rows.map((r) => ({ ...r }))), '2020-06', asOfRules(statuses));
    expect(derivedText(again[0]!, 'status', '')).toBe('滞后');
  });
});

describe('the month picker', () => {
  it('offers every month of a 2020 ledger and its months with data, newest first', () => {
    const options = periodOptions(2020, ['2020-06', '2020-05'], '2020-06', new Date(2026, 2, 10));
    expect(options).toHaveLength(12);
    expect(options[0]).toBe('2020-12');
    expect(options.at(-1)).toBe('2020-01');
    expect(options).not.toContain('2026-03');
    // Data outside the year is offered too.
    expect(periodOptions(2020, ['2021-01'], '2020-06')[0]).toBe('2021-01');
  });

  it('offers the months around today for a ledger without a year', () => {
    const options = periodOptions(null, ['2019-03'], null, new Date(2026, 2, 10));
    expect(options[0]).toBe('2026-03');
    expect(options).toContain('2024-10');
    expect(options.at(-1)).toBe('2019-03');
  });
});

describe('the light column', () => {
  it('is a column the layout can place and hide, after 状态 by default, and never stored', () => {
    const ids = orderedColumns([], null).map((c) => c.id);
    expect(ids.indexOf(LIGHT_COLUMN)).toBe(ids.indexOf('status') + 1);
    // A layout saved before it existed: still after 状态.
    const saved = orderedColumns([], { columns: [{ id: 'status' }, { id: 'task' }, { id: 'code' }, { id: 'remarks' }] }).map((c) => c.id);
    expect(saved.slice(0, 5)).toEqual(['code', 'task', 'status', LIGHT_COLUMN, 'remarks']);
    const hidden = orderedColumns([], { columns: [{ id: LIGHT_COLUMN, hidden: true }] }).find((c) => c.id === LIGHT_COLUMN)!;
    expect(hidden).toMatchObject({ hidden: true, computed: true, label: '亮灯' });
    expect(defaultLabel(LIGHT_COLUMN)).toBe('亮灯');
    expect(isComputedColumn(LIGHT_COLUMN)).toBe(true);
    expect(isComputedColumn('status')).toBe(false);
    const r = withDepth([row(1, null, { status: '推进中' })])[0]!;
    expect(cellText(r, LIGHT_COLUMN)).toBe('');
    expect(withCell(r, LIGHT_COLUMN, '绿灯')).toBe(r);
  });
});
