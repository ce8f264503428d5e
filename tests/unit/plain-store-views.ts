// Plain in-memory stand-ins for the read-only store views (merge-reads.ts MergeReads, import-preview.ts
// PreviewReads): the comparisons are pure steps, tested here without SQLite.
import type { Row } from '#shared/domain.js';
import { FIELD_KEYS, type FieldKey } from '#shared/fields.js';

let nextPosition = 0;

/** A stored row as the repositories return it: every field present ('' when blank). */
export function row(id: number, parentId: number | null, level: Row['level'], values: Partial<Record<FieldKey, string>>, custom: Record<string, string> = {}): Row {
  const all = Object.fromEntries(FIELD_KEYS.map((k) => [k, values[k] ?? ''])) as Row['values'];
  return { id, ledgerId: 1, parentId, position: nextPosition++, level, period: '2020-06', values: all, updatedAt: '2020-06-30T00:00:00.000Z', custom };
}
