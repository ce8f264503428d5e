// Mapping between API field keys (camelCase) and SQL column names (snake_case).
// Column names come only from these fixed lists, never from input, so they are safe to interpolate.
import { PERIOD_FIELD_KEYS, PLAN_FIELD_KEYS, type FieldKey } from '#shared/fields.js';

// Kept once computed: an import batch asks for every cell it writes (a regex replace each was ~2% of its CPU).
const COLUMNS = new Map<string, string>();

export function fieldColumn(key: FieldKey): string {
  let column = COLUMNS.get(key);
  if (column === undefined) COLUMNS.set(key, (column = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return column;
}

/** Plan fields are columns of `rows`. */
export const PLAN_COLUMNS: readonly string[] = PLAN_FIELD_KEYS.map(fieldColumn);

/** Period fields are values in `row_progress`, keyed by this name. */
export const PERIOD_FIELD_BY_COLUMN: ReadonlyMap<string, FieldKey> = new Map(PERIOD_FIELD_KEYS.map((k) => [fieldColumn(k), k]));
