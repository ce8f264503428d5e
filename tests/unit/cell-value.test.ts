// The one value-to-stored-text function (electron/backend/workbench/cell-value.ts): what the grid stores
// for a typed value is what an import stores for the same value read from a cell, so an export reads back
// as the stored text; and what the grid refuses, an import reports with its cell.
import { describe, expect, it } from 'vitest';
import { checkCellValue, storedFieldValue, storedValue } from '../../electron/backend/workbench/cell-value.js';
import { DEFAULT_STATUSES } from '#shared/fields.js';

const ctx = { statuses: DEFAULT_STATUSES, year: 2020 };

describe('stored values', () => {
  it('are the same typed into the grid and read from a cell', () => {
    expect(storedValue('percent', '８０％', ctx)).toEqual({ ok: true, value: '80%' });
    expect(storedValue('percent', { value: 0.8, text: '80%', numFmt: '0%' }, ctx)).toEqual({ ok: true, value: '80%' });
    expect(storedValue('number', '１２００', ctx)).toEqual({ ok: true, value: '1200' });
    expect(storedValue('number', { value: 1200, text: '1200' }, ctx)).toEqual({ ok: true, value: '1200' });
    expect(storedValue('status', '序时推进', ctx)).toEqual({ ok: true, value: '推进中' });
    // A typed deadline keeps its words; an Excel date becomes its ISO date.
    expect(storedValue('date', '6月底前', ctx)).toEqual({ ok: true, value: '6月底前' });
    expect(storedValue('date', { value: new Date(Date.UTC(2020, 5, 30)), text: '2020-06-30' }, ctx)).toEqual({ ok: true, value: '2020-06-30' });
    // A long text keeps its paragraph indent (　　), a short one is trimmed.
    expect(storedValue('longText', '　　一是完善机制；\n', ctx)).toEqual({ ok: true, value: '　　一是完善机制；' });
    expect(storedValue('text', '  李老师 ', ctx)).toEqual({ ok: true, value: '李老师' });
  });

  it('refuse what cannot be taken, in the grid and from a file alike', () => {
    expect(checkCellValue('percent', '150%', ctx)).toEqual({ ok: false, reason: '“150%”超过 100%，完成进度应在 0 到 100 之间（可写成 80 或 80%）' });
    expect(storedFieldValue('progressPct', { value: 1.5, text: '150%', numFmt: '0%' }, ctx)).toMatchObject({ ok: false, text: '150%' });
    expect(storedFieldValue('target', '八十', ctx)).toMatchObject({ ok: false, reason: expect.stringMatching(/^不是数字/) });
    expect(checkCellValue('text', '八十', { ...ctx, field: 'target' }).ok).toBe(false);
    // Targets in words stay targets.
    for (const t of ['全覆盖', '下降1%', '不低于45%', '三类学校全覆盖']) expect(storedFieldValue('target', t, ctx)).toEqual({ ok: true, value: t });
    expect(storedFieldValue('achieved', '八十', ctx).ok).toBe(false);
    expect(storedFieldValue('deadline', '2020年13月45日', ctx).ok).toBe(false);
  });
});
