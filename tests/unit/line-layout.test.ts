// Where export lines go in the sheet, without a file: values, looks, locks, merges and heights.
import { describe, expect, it } from 'vitest';
import type { TemplateColumn } from '#shared/api/template-api.js';
import { rangeRef } from '../../electron/backend/excel/cell-address.js';
import type { ExportLine } from '../../electron/backend/export/export-lines.js';
import { layoutLines, type LayoutSheet } from '../../electron/backend/export/line-layout.js';

const column = (col: number, target: TemplateColumn['target'], header = ''): TemplateColumn => ({
  col, letter: String.fromCharCode(64 + col), header, target, confidence: 1, origin: 'auto',
});
const COLUMNS: TemplateColumn[] = [
  column(1, { kind: 'field', field: 'code' }),
  column(2, { kind: 'field', field: 'measures' }),
  column(3, { kind: 'field', field: 'target' }),
  column(4, { kind: 'targetUnit' }),
  column(5, { kind: 'field', field: 'status' }),
];
const SHEET: LayoutSheet = { firstDataRow: 5, firstCol: 1, lastCol: 5, rowHeight: 24, columnWidth: () => 10, fontSize: () => 11 };
const LINES: ExportLine[] = [
  { kind: 'section', values: { task: '一、保障和改善民生' } },
  { kind: 'task', values: { code: '5', measures: '建园3所', target: '3所', status: '滞后' }, mergeDown: { fields: ['code'], span: 2 } },
  { kind: 'item', values: { measures: '长'.repeat(40), target: '增加学位5190个' } },
];
const options = { columns: COLUMNS, lines: LINES, customColumns: [], statuses: [{ label: '滞后', color: 'red' }] };

describe('laying out export lines', () => {
  it('puts a section across the table and a task’s number over its measures', () => {
    const { rows, merges } = layoutLines(SHEET, { ...options, form: false });
    expect(merges.map(rangeRef)).toEqual(['A5:E5', 'A6:A7']);
    expect(rows[0]!.cells.map((c) => [c.value, c.look.kind])).toEqual([['一、保障和改善民生', 'section'], ...Array(4).fill([null, 'section'])]);
    expect(rows[1]!.cells.map((c) => c.value)).toEqual([5, '建园3所', '3', '所', '滞后']);
    expect(rows[1]!.cells[4]!.look).toEqual({ kind: 'fill', argb: 'FFFFC7CE' });
    // A target with more words than a number and a unit stays whole in 目标值.
    expect(rows[2]!.cells.map((c) => c.value)).toEqual([null, '长'.repeat(40), '增加学位5190个', null, null]);
  });

  it('grows a line for wrapped text, never below the template’s row', () => {
    const { rows } = layoutLines(SHEET, { ...options, form: false });
    expect(rows[1]!.height).toBe(24);
    expect(rows[2]!.height).toBeGreaterThan(100);
  });

  it('locks only the code columns of a form, and merges nothing but sections there', () => {
    const { rows, merges } = layoutLines(SHEET, { ...options, form: true });
    expect(merges.map(rangeRef)).toEqual(['A5:E5']);
    expect(rows[1]!.cells.map((c) => c.locked)).toEqual([true, false, false, false, false]);
    expect(rows[0]!.cells.every((c) => c.locked === false)).toBe(true);
    const { rows: ledger } = layoutLines(SHEET, { ...options, form: false });
    expect(ledger[1]!.cells.every((c) => c.locked === undefined)).toBe(true);
  });
});
