// Mapping between API field keys (camelCase) and SQL column names (snake_case).
// Column names come only from this fixed list, never from input, so they are safe to interpolate.
import { FIELD_KEYS, type FieldKey } from '../../../shared/fields.js';

export function fieldColumn(key: FieldKey): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export const FIELD_COLUMNS: readonly string[] = FIELD_KEYS.map(fieldColumn);
