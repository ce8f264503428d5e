// The date a deadline text means (6月底前 → 2020-06-30), read by the Excel core's deadline normaliser
// so the grid, the import and the export agree. Texts without a year take the ledger's year.
import { normaliseDeadline } from '../excel/value-normalise.js';

/** ISO date of a deadline, or '' when it has none (长期坚持, 每月28日前) or cannot be read. */
export function deadlineDate(text: string, year: number | null): string {
  if (!text.trim()) return '';
  const r = normaliseDeadline(text, { year: year ?? new Date().getFullYear() });
  return r.ok && r.value?.date ? r.value.date : '';
}
