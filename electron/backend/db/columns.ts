// Mapping between API field keys (camelCase) and SQL column names (snake_case).
// Column names come only from these fixed lists, never from input, so they are safe to interpolate.
import { PERIOD_FIELD_KEYS, PLAN_FIELD_KEYS, type FieldKey } from '#shared/fields.js';

export function fieldColumn(key: FieldKey): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Plan fields are columns of `rows`. */
export const PLAN_COLUMNS: readonly string[] = PLAN_FIELD_KEYS.map(fieldColumn);

/** Period fields are values in `row_progress`, keyed by this name. */
export const PERIOD_FIELD_BY_COLUMN: ReadonlyMap<string, FieldKey> = new Map(PERIOD_FIELD_KEYS.map((k) => [fieldColumn(k), k]));
