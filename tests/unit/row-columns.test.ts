// The column-wise wire form of rows (rows.page): what goes in comes out, through JSON, with blank and
// absent fields told apart, and far fewer bytes than the row objects.
import { describe, expect, it } from 'vitest';
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS } from '#shared/fields.js';
import { packRows, unpackRows } from '#shared/row-columns.js';

const blankValues = () => Object.fromEntries(FIELD_KEYS.map((k) => [k, ''])) as Row['values'];

function row(i: number, extra: Partial<Row> = {}): Row {
  return {
    id: i + 1,
    ledgerId: 7,
    parentId: i === 0 ? null : 1,
    position: i,
    level: i === 0 ? 'section' : 'item',
    period: '2020-06',
    values: { ...blankValues(), measures: `措施${i}`, ...(i % 4 === 0 ? { problems: '资金到位较慢' } : {}) },
    updatedAt: '2020-06-01T00:00:00.000Z',
    ...extra,
  };
}

const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('packRows / unpackRows', () => {
  it('gives back the rows, through JSON: blank values, absent and empty groups, nulls and a sparse custom column', () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      row(i, {
        deadlineDate: i % 2 ? '2020-12-31' : null,
        ...(i % 10 === 3 ? { custom: { c1: '12', c2: '' } } : i % 3 === 0 ? { custom: {} } : {}),
        ...(i % 5 === 0 ? { periods: { status: '2020-05' } } : {}),
        ...(i > 30
          ? {}
          : {
              asOf: {
                period: '2020-06',
                status: i % 2 ? '推进中' : null,
                statusPeriod: null,
                progressPct: i % 3 ? i : null,
                progressPeriod: null,
                category: 'active',
                progress: i / 2,
                expected: 50,
                deadline: null,
                light: 'green',
                overdue: i === 7,
                derived: false,
              },
            }),
      } as Partial<Row>),
    );
    const back = unpackRows(viaJson(packRows(rows)));
    expect(back).toStrictEqual(viaJson(rows));
    // Each field's name once, not once per row; blank values are not written.
    const packed = JSON.stringify(packRows(rows));
    expect(packed.match(/"measures"/g) ?? []).toHaveLength(0);
    expect(packed.match(/values\.measures/g)).toHaveLength(1);
    expect(packed.length * 2).toBeLessThan(JSON.stringify(rows).length);
  });

  it('handles no rows and one row', () => {
    expect(unpackRows(viaJson(packRows([])))).toEqual([]);
    const one = [row(0)];
    expect(unpackRows(viaJson(packRows(one)))).toStrictEqual(one);
  });

  it('keeps a null where other rows hold an object under the same field', () => {
    // Not a Row the backend makes today, but the wire form must not turn a value into an empty object.
    const rows = [row(1, { custom: { 备注: '甲' } }), { ...row(2), custom: null } as unknown as Row];
    expect(unpackRows(viaJson(packRows(rows)))).toStrictEqual(rows);
  });
});
