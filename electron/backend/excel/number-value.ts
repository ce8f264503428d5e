// Numbers, percentages and quantities (number + unit) as clerks type them: full-width digits,
// thousands separators, 80 / 80% / 0.8 / ８０％, 1800个, 1.2亿元.

import { fail, ok, precheck, toCellInput, type CellInput, type NormaliseResult, type ValueInput } from './normalise-result.js';
import { compactText } from '#shared/text-normalise.js';

export interface Quantity {
  amount: number;
  /** `%`, `个`, `所`, `亿元` …, null when the cell held a bare number. */
  unit: string | null;
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

/** Excel stores 15 significant digits; strip binary noise such as 80.00000000000001. */
export function tidy(n: number): number {
  // An integer of 15 digits or fewer is exact already (and toPrecision is the dear part of a cell's read).
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return n === 0 ? 0 : n;
  return Number(n.toPrecision(15));
}

/** Parses a plain number written with optional full-width digits and thousands separators. */
export function parseNumberText(text: string): number | null {
  const t = compactText(text).replace(/，/g, ',');
  if (t === '' || t === '+' || t === '-' || t === '.' || !NUMBER.test(t) || !/\d/.test(t)) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

function nonNumeric(cell: CellInput): string | null {
  if (typeof cell.value === 'boolean') return '是逻辑值，不是数字';
  if (cell.value instanceof Date) return '是日期，不是数字';
  return null;
}

export function normaliseNumber(input: ValueInput): NormaliseResult<number> {
  const cell = toCellInput(input);
  const pre = precheck<number>(cell);
  if (pre) return pre;
  const text = cell.text.trim();
  if (typeof cell.value === 'number') return ok(tidy(cell.value), text);
  const wrong = nonNumeric(cell);
  if (wrong) return fail(text, wrong);
  const n = parseNumberText(text);
  return n === null ? fail(text, '不是数字') : ok(tidy(n), text);
}

/** Whether a number format shows the value as a percentage (0.8 displayed as 80%). */
function isPercentFormat(numFmt: string | undefined): boolean {
  return numFmt !== undefined && /%/.test(numFmt.replace(/"[^"]*"|\\./g, ''));
}

/**
 * A percentage on the 0–100 scale. `80`, `80%`, `８０％` → 80; a fraction strictly between 0 and 1
 * (`0.8`, or any value in a cell formatted as %) → 80. Values above 100 are kept (over-achievement).
 */
export function normalisePercent(input: ValueInput): NormaliseResult<number> {
  const cell = toCellInput(input);
  const pre = precheck<number>(cell);
  if (pre) return pre;
  const text = cell.text.trim();
  const wrong = nonNumeric(cell);
  if (wrong) return fail(text, wrong.replace('数字', '百分数'));

  let n: number | null;
  let percentSign: boolean;
  if (typeof cell.value === 'number') {
    n = cell.value;
    percentSign = isPercentFormat(cell.numFmt);
    if (percentSign) n *= 100;
  } else {
    const t = compactText(text);
    percentSign = t.endsWith('%');
    n = parseNumberText(percentSign ? t.slice(0, -1) : t);
  }
  if (n === null) return fail(text, '不是百分数');
  if (!percentSign && n > 0 && n < 1) n *= 100;
  if (n < 0) return fail(text, '是负数，完成进度应在 0 到 100 之间');
  if (n > 1000) return fail(text, '超出合理范围，完成进度应在 0 到 100 之间');
  return ok(tidy(n), text);
}

const QUANTITY = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)([^\d.,+-][^\d]{0,7})?$/;

/** A number with an optional unit after it: `1800`, `1800个`, `1%`, `1.2亿元`, `１，２００ 名`. */
export function normaliseQuantity(input: ValueInput): NormaliseResult<Quantity> {
  const cell = toCellInput(input);
  const pre = precheck<Quantity>(cell);
  if (pre) return pre;
  const text = cell.text.trim();
  if (typeof cell.value === 'number') {
    return isPercentFormat(cell.numFmt)
      ? ok({ amount: tidy(cell.value * 100), unit: '%' }, text)
      : ok({ amount: tidy(cell.value), unit: null }, text);
  }
  const wrong = nonNumeric(cell);
  if (wrong) return fail(text, wrong);
  const m = QUANTITY.exec(compactText(text).replace(/，/g, ','));
  const amount = m?.[1] ? parseNumberText(m[1]) : null;
  if (!m || amount === null) return fail(text, '不是数字（可写成 100 或 100个）');
  if (m[2] && /以上|以下|左右|余|多|约/.test(m[2])) return fail(text, '不是确切的数字，请填写具体数值');
  return ok({ amount: tidy(amount), unit: m[2] ?? null }, text);
}
