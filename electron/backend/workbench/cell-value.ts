// Validation and normalisation of a value typed into the grid, by column type, with the Excel core's
// normalisers so the grid accepts what an import accepts: ５１９０ → 5190, 80％ / 0.8 → 80%, 序时推进 → 推进中.
import type { FieldType } from '../../../shared/fields.js';
import {
  DEFAULT_STATUS_VOCABULARY,
  normaliseDeadline,
  normalisePercent,
  normaliseQuantity,
  normaliseStatus,
} from '../excel/value-normalise.js';

export type CellCheck = { ok: true; value: string } | { ok: false; reason: string };

export interface CellContext {
  /** The ledger's status labels. */
  statuses: readonly string[];
  /** The ledger's year, for dates written without one. */
  year: number | null;
}

function trimmed(n: number): string {
  return String(Number(n.toPrecision(15)));
}

export function checkCellValue(type: FieldType, raw: string, context: CellContext): CellCheck {
  const text = raw.trim();
  if (text === '') return { ok: true, value: '' };
  switch (type) {
    case 'number': {
      const r = normaliseQuantity(text);
      if (!r.ok) return { ok: false, reason: `“${text}”${r.reason}` };
      return { ok: true, value: r.value ? `${trimmed(r.value.amount)}${r.value.unit ?? ''}` : '' };
    }
    case 'percent': {
      const r = normalisePercent(text);
      if (!r.ok) return { ok: false, reason: `“${text}”${r.reason}（可写成 80 或 80%）` };
      return { ok: true, value: r.value === null ? '' : `${trimmed(r.value)}%` };
    }
    case 'date': {
      const r = normaliseDeadline(text, { year: context.year ?? new Date().getFullYear() });
      if (!r.ok) return { ok: false, reason: `“${text}”${r.reason}` };
      return { ok: true, value: text };
    }
    case 'status': {
      const vocabulary = { statuses: context.statuses, synonyms: DEFAULT_STATUS_VOCABULARY.synonyms };
      const r = normaliseStatus(text, vocabulary);
      if (!r.ok) return { ok: false, reason: `“${text}”${r.reason}` };
      return { ok: true, value: r.value ?? '' };
    }
    case 'text':
    case 'longText':
    case 'unit':
      return { ok: true, value: type === 'longText' ? raw.replace(/\s+$/, '') : text };
  }
}
