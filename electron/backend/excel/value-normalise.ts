// Picks the normaliser for a ledger field from its type in shared/fields.ts, and re-exports the
// individual normalisers so callers have one place to import them from.

import { FIELD_BY_KEY, type FieldKey } from '#shared/fields.js';
import { normaliseDeadline, type DateContext, type DeadlineValue } from './date-value.js';
import { ok, precheck, toCellInput, type NormaliseResult, type ValueInput } from './normalise-result.js';
import { normalisePercent, normaliseQuantity, type Quantity } from './number-value.js';
import { normaliseStatus, type StatusVocabulary } from './status-value.js';
import { dateText, numberText } from './cell-text.js';

export { normaliseDate, normaliseDeadline, type DateContext, type DeadlineKind, type DeadlineValue } from './date-value.js';
export { formatCellIssue, type CellInput, type NormaliseResult, type ValueInput } from './normalise-result.js';
export { normaliseNumber, normalisePercent, normaliseQuantity, parseNumberText, type Quantity } from './number-value.js';
export { DEFAULT_STATUS_VOCABULARY, isStatusText, normaliseStatus, type StatusVocabulary } from './status-value.js';

export type FieldValue = string | number | Quantity | DeadlineValue;

export interface FieldValueContext extends DateContext {
  statuses?: StatusVocabulary | undefined;
}

/** Text as written, trimmed at both ends; numbers and dates rendered as Excel shows them plainly. */
export function normaliseText(input: ValueInput): NormaliseResult<string> {
  const cell = toCellInput(input);
  const pre = precheck<string>(cell);
  if (pre) return pre;
  const v = cell.value;
  const text = typeof v === 'number' ? numberText(v) : v instanceof Date ? dateText(v) : cell.text.trim();
  return ok(text, cell.text.trim());
}

export function normaliseFieldValue(
  field: FieldKey,
  input: ValueInput,
  context: FieldValueContext = {},
): NormaliseResult<FieldValue> {
  switch (FIELD_BY_KEY[field].type) {
    case 'number':
      // 累计完成 is often written with its unit: 30个, 0.2%.
      return normaliseQuantity(input);
    case 'percent':
      return normalisePercent(input);
    case 'date':
      return normaliseDeadline(input, context);
    case 'status':
      return normaliseStatus(input, context.statuses);
    case 'text':
    case 'longText':
    case 'unit':
      return normaliseText(input);
  }
}
