// The choices for what fills a template column, as the clerk reads them, and back.
import type { ColumnTarget } from '#shared/api/template-api.js';
import { FIELDS } from '#shared/fields.js';

export interface TargetOption {
  value: string;
  label: string;
}

export const TARGET_OPTIONS: TargetOption[] = [
  ...FIELDS.map((f) => ({ value: `field:${f.key}`, label: f.label })),
  { value: 'rowNumber', label: '流水序号（1、2、3…）' },
  { value: 'targetUnit', label: '目标值的单位（个、所、%…）' },
  { value: 'custom', label: '自定义列…' },
  { value: 'none', label: '不填（留空）' },
];

export function targetValue(t: ColumnTarget): string {
  return t.kind === 'field' ? `field:${t.field}` : t.kind;
}

export function targetLabel(t: ColumnTarget): string {
  if (t.kind === 'custom') return `自定义列“${t.label}”`;
  return TARGET_OPTIONS.find((o) => o.value === targetValue(t))?.label ?? '不填（留空）';
}

/** The target for a chosen option; a custom column keeps its label and text when it already was one. */
export function targetFromValue(value: string, previous: ColumnTarget, header: string): ColumnTarget {
  if (value.startsWith('field:')) return { kind: 'field', field: value.slice(6) as Extract<ColumnTarget, { kind: 'field' }>['field'] };
  if (value === 'custom') return previous.kind === 'custom' ? previous : { kind: 'custom', label: header.split('/').pop() || header, value: '' };
  if (value === 'rowNumber' || value === 'targetUnit' || value === 'none') return { kind: value };
  return { kind: 'none' };
}
