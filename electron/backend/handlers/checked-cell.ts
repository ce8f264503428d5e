// The one check in front of every single-cell write from the API (cells.set, cells.setMany and
// rows.updateCell): the value by its column's type, normalised as the ledger stores it, or refused
// with the reason — so the same text is taken or refused whichever method carries it.
import type { Row } from '#shared/domain.js';
import type { CustomColumn } from '#shared/api/workbench-api.js';
import { AppError } from '#shared/errors.js';
import { FIELD_BY_KEY, type FieldKey } from '#shared/fields.js';
import { notFound, raise } from './handler-types.js';
import type { Store } from '../store.js';
import { checkCellValue } from '../workbench/cell-value.js';

/** The stored text of `value` for a standard field or a custom column of `row`'s ledger; throws invalid_value when refused. */
export function checkedCellValue(store: Store, row: Row, column: FieldKey | CustomColumn, value: string): string {
  const ledger = store.ledgers.yearOf(row.ledgerId) ?? raise(notFound('台账'));
  const custom = typeof column === 'string' ? undefined : column;
  const check = checkCellValue(custom ? custom.type : FIELD_BY_KEY[column as FieldKey].type, value, {
    statuses: store.workbench.statuses(row.ledgerId).map((s) => s.label),
    year: ledger.year,
    field: custom ? undefined : (column as FieldKey),
  });
  if (!check.ok) throw new AppError('invalid_value', `${check.reason}。`);
  return check.value;
}
