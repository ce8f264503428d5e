// The result shape every value normaliser returns, and the message callers show for a failure.

import { dateText, numberText } from './cell-text.js';
import type { CellModel, CellScalar } from './workbook-model.js';

export type NormaliseResult<T> =
  /** `value` is null for a blank cell; `text` is always the original text, so nothing is lost. */
  | { ok: true; value: T | null; text: string }
  /** `reason` is Chinese and completes the sentence “<text>” <reason>. */
  | { ok: false; text: string; reason: string };

/** Anything a normaliser accepts: a model cell, a data cell, or a bare value. */
export type CellInput = Pick<CellModel, 'value' | 'text'> & Partial<Pick<CellModel, 'formula' | 'error' | 'numFmt'>>;

export type ValueInput = CellInput | CellScalar | undefined;

export function toCellInput(input: ValueInput): CellInput {
  if (input !== null && typeof input === 'object' && !(input instanceof Date)) return input;
  if (input === null || input === undefined) return { value: null, text: '' };
  if (input instanceof Date) return { value: input, text: dateText(input) };
  if (typeof input === 'number') return { value: input, text: numberText(input) };
  return { value: input, text: String(input) };
}

export function ok<T>(value: T | null, text: string): NormaliseResult<T> {
  return { ok: true, value, text };
}

export function fail<T>(text: string, reason: string): NormaliseResult<T> {
  return { ok: false, text, reason };
}

/**
 * Checks shared by all normalisers: error values and formulas saved without a result.
 * Returns a failure, a blank success, or null to continue.
 */
export function precheck<T>(cell: CellInput): NormaliseResult<T> | null {
  if (cell.error !== undefined) return fail(cell.error, '是公式错误值，请在 Excel 中修正公式后重新导入');
  const blank = cell.value === null || (typeof cell.value === 'string' && cell.value.trim() === '');
  if (blank && cell.formula !== undefined) {
    return fail(`=${cell.formula}`, '是没有计算结果的公式，请在 Excel 中打开并保存后重新导入');
  }
  return blank ? ok<T>(null, '') : null;
}

const MAX_QUOTED = 30;

/** `报送表!F4: “八十” 不是数字` */
export function formatCellIssue(sheet: string, address: string, issue: { text: string; reason: string }): string {
  const text = issue.text.length > MAX_QUOTED ? `${issue.text.slice(0, MAX_QUOTED)}…` : issue.text;
  return `${sheet}!${address}: “${text}” ${issue.reason}`;
}
