// Rows as columns, the wire form of a big part of a ledger (rows.page): each field's name once with an
// array of its values, and a field that is mostly blank or absent as only the rows that have a value.
// 50,000 row objects as JSON are ~47 MB of mostly repeated names and empty strings; as columns they are a
// fraction of that, so both sides spend far less time on JSON. packRows ∘ unpackRows is the identity on
// rows whose fields are scalars or objects of scalars (Row: values, custom, periods, asOf).
import { z } from 'zod';
import type { Row } from './domain.js';

/**
 * One field over the rows: every row's value, or (`at`, `values`) only the rows listed, as gaps from the
 * previous listed row (the first from -1); the others have `fill` ('' ) or, without `fill`, no such field.
 */
export type PackedColumn = unknown[] | { at: number[]; values: unknown[]; fill?: '' };

export interface RowColumns {
  count: number;
  /** Fields that hold an object (values, asOf …): their column holds 1 where a row has the object, and `group.key` columns its entries. */
  groups: string[];
  columns: Record<string, PackedColumn>;
}

export const rowColumnsSchema = z.object({
  count: z.number().int().nonnegative(),
  groups: z.array(z.string()),
  columns: z.record(
    z.string(),
    z.union([z.array(z.unknown()), z.object({ at: z.array(z.number().int().nonnegative()), values: z.array(z.unknown()), fill: z.literal('').optional() })]),
  ),
});

const isGroup = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function packRows(rows: readonly Row[]): RowColumns {
  const n = rows.length;
  // Columns in the order first met, a group's own column before its entries' (unpackRows relies on it).
  const byPath = new Map<string, unknown[]>();
  const groups = new Map<string, Map<string, unknown[]>>();
  const column = (path: string) => {
    let col = byPath.get(path);
    if (!col) byPath.set(path, (col = new Array<unknown>(n)));
    return col;
  };
  const top = new Map<string, unknown[]>();
  for (let i = 0; i < n; i++) {
    const row = rows[i] as unknown as Record<string, unknown>;
    for (const key in row) {
      const v = row[key];
      if (v === undefined) continue;
      let col = top.get(key);
      if (!col) top.set(key, (col = column(key)));
      if (!isGroup(v)) {
        col[i] = v;
        continue;
      }
      col[i] = 1;
      let entries = groups.get(key);
      if (!entries) groups.set(key, (entries = new Map()));
      for (const sub in v) {
        const x = v[sub];
        if (x === undefined) continue;
        let e = entries.get(sub);
        if (!e) entries.set(sub, (e = column(`${key}.${sub}`)));
        e[i] = x;
      }
    }
  }
  const columns: Record<string, PackedColumn> = {};
  for (const [path, col] of byPath) columns[path] = packColumn(col);
  return { count: n, groups: [...groups.keys()], columns };
}

function packColumn(col: unknown[]): PackedColumn {
  let absent = 0;
  let empty = 0;
  for (let i = 0; i < col.length; i++) {
    if (col[i] === undefined) absent++;
    else if (col[i] === '') empty++;
  }
  // Dense when every row has the field and few are blank; else only the rows with a value.
  if (absent === 0 && empty * 3 < col.length) return col;
  const fill = absent === 0 ? ('' as const) : undefined;
  const at: number[] = [];
  const values: unknown[] = [];
  let last = -1;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === undefined || (fill === '' && v === '')) continue;
    at.push(i - last);
    values.push(v);
    last = i;
  }
  return fill === undefined ? { at, values } : { at, values, fill };
}

export function unpackRows(packed: RowColumns): Row[] {
  const n = packed.count;
  const rows: Record<string, unknown>[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = {};
  const groups = new Set(packed.groups);
  for (const path in packed.columns) {
    const col = packed.columns[path]!;
    const dot = path.indexOf('.');
    const group = dot < 0 ? null : path.slice(0, dot);
    const key = dot < 0 ? path : path.slice(dot + 1);
    const set =
      group === null
        ? groups.has(key)
          ? // 1 marks a row holding the object (its entries come from the `key.sub` columns); any other value is its own.
            (i: number, v: unknown) => (rows[i]![key] = v === 1 ? {} : v)
          : (i: number, v: unknown) => (rows[i]![key] = v)
        : (i: number, v: unknown) => ((rows[i]![group] as Record<string, unknown>)[key] = v);
    if (Array.isArray(col)) {
      for (let i = 0; i < n; i++) set(i, col[i]);
      continue;
    }
    const { at, values, fill } = col;
    let next = 0;
    let i = -1;
    for (let j = 0; j < at.length; j++) {
      i += at[j]!;
      if (fill !== undefined) for (; next < i; next++) set(next, fill);
      set(i, values[j]);
      next = i + 1;
    }
    if (fill !== undefined) for (; next < n; next++) set(next, fill);
  }
  return rows as unknown as Row[];
}
