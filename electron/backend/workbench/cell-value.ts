// A value as the ledger stores it, by column type, with the Excel core's normalisers: the one function
// behind the grid (a typed value), the submission import, the ledger import and taking back an export
// (a cell read from a file), so each accepts and writes what the others do: ５１９０ → 5190,
// 80％ / 0.8 → 80%, 序时推进 → 推进中 — and an export read back gives the stored text again.
import { FIELD_BY_KEY, type FieldKey, type FieldType } from '#shared/fields.js';
import {
  DEFAULT_STATUS_VOCABULARY,
  normaliseDeadline,
  normalisePercent,
  normaliseQuantity,
  normaliseStatus,
  normaliseText,
  type ValueInput,
} from '../excel/value-normalise.js';
import { toCellInput } from '../excel/normalise-result.js';
import { tidy } from '../excel/number-value.js';

export type CellCheck = { ok: true; value: string } | { ok: false; reason: string };

/** `reason` completes the sentence “<text>” <reason> (formatCellIssue puts the cell in front). */
export type StoredValue = { ok: true; value: string } | { ok: false; text: string; reason: string };

export interface CellContext {
  /** The ledger's status labels. */
  statuses: readonly string[];
  /** The ledger's year, for dates written without one. */
  year: number | null;
  /** The standard field written, when it is one: 目标值 has a rule of its own. */
  field?: FieldKey | undefined;
}

function trimmed(n: number): string {
  return String(tidy(n));
}

/** 八十, 三所, 一百二十名: a quantity in Chinese numerals, which nothing can count or compare. */
const CHINESE_QUANTITY = /^[零〇一二两三四五六七八九十百千万]+[^\d零〇一二两三四五六七八九十百千万]{0,3}$/;

/** The stored text of a value typed into the grid or read from a cell (number, date or text). */
export function storedValue(type: FieldType, input: ValueInput, context: CellContext): StoredValue {
  const cell = toCellInput(input);
  if (typeof cell.value === 'string' && cell.value.trim() === '' && cell.formula === undefined && cell.error === undefined) return { ok: true, value: '' };
  switch (type) {
    case 'number': {
      const r = normaliseQuantity(cell);
      if (!r.ok) return r;
      return { ok: true, value: r.value ? `${trimmed(r.value.amount)}${r.value.unit ?? ''}` : '' };
    }
    case 'percent': {
      const r = normalisePercent(cell);
      if (!r.ok) return r;
      if (r.value !== null && r.value > 100) return { ok: false, text: r.text, reason: '超过 100%，完成进度应在 0 到 100 之间' };
      return { ok: true, value: r.value === null ? '' : `${trimmed(r.value)}%` };
    }
    case 'date': {
      const r = normaliseDeadline(cell, { year: context.year ?? new Date().getFullYear() });
      if (!r.ok) return r;
      // An Excel date or serial becomes its ISO date; a text (10月31日前, 年底前) stays as written.
      const typed = cell.value instanceof Date || typeof cell.value === 'number';
      if (typed && r.value?.date) return { ok: true, value: r.value.date };
      return { ok: true, value: r.text.trim() };
    }
    case 'status': {
      const vocabulary = { statuses: context.statuses, synonyms: DEFAULT_STATUS_VOCABULARY.synonyms };
      const r = normaliseStatus(cell, vocabulary);
      if (!r.ok) return r;
      return { ok: true, value: r.value ?? '' };
    }
    case 'text':
    case 'longText':
    case 'unit': {
      const r = normaliseText(cell);
      if (!r.ok) return r;
      // A long text keeps what it starts with (paragraphs indented with 　　); only trailing space goes.
      const value = type === 'longText' && typeof cell.value === 'string' ? cell.value.replace(/\s+$/, '') : (r.value ?? '');
      if (context.field === 'target' && CHINESE_QUANTITY.test(value)) {
        return { ok: false, text: value, reason: '不是数字（请用阿拉伯数字填写，如 80 或 80个）' };
      }
      return { ok: true, value };
    }
  }
}

/** The stored text of a standard field's value. */
export function storedFieldValue(field: FieldKey, input: ValueInput, context: Omit<CellContext, 'field'>): StoredValue {
  return storedValue(FIELD_BY_KEY[field].type, input, { statuses: context.statuses, year: context.year, field });
}

/** The grid's check of a typed value: the stored text, or why not (with the text quoted). */
export function checkCellValue(type: FieldType, raw: string, context: CellContext): CellCheck {
  const r = storedValue(type, raw, context);
  if (r.ok) return r;
  const hint = type === 'percent' ? '（可写成 80 或 80%）' : '';
  return { ok: false, reason: `“${raw.trim()}”${r.reason}${hint}` };
}
