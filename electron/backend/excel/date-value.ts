// Deadlines and dates as clerks write them: Excel dates and serials, 2020年8月底, 10月31日前,
// 2020.12, 2020/6/29, 6月底前, 年底前, 上半年, 三季度末 — and the ones that are not dates at all
// (长期坚持, 每月28日前), which are kept as text.

import { fail, ok, precheck, toCellInput, type NormaliseResult, type ValueInput } from './normalise-result.js';
import { compactText } from '#shared/text-normalise.js';

export type DeadlineKind =
  /** A day, month or period given plainly: 2020/6/29, 2020.12 */
  | 'date'
  /** "by": 10月31日前, 年底前 */
  | 'before'
  /** "end of": 8月底, 三季度末 */
  | 'end'
  /** No end date: 长期坚持, 持续推进 */
  | 'ongoing'
  /** Repeats: 每月28日前, 每季度末 */
  | 'recurring';

export interface DeadlineValue {
  /** ISO date (YYYY-MM-DD); for a month, quarter, half or year, its last day. Null for ongoing/recurring. */
  date: string | null;
  precision: 'day' | 'month' | 'quarter' | 'half' | 'year' | null;
  kind: DeadlineKind;
}

export interface DateContext {
  /** Year for texts without one (10月31日前): the plan's year or the report date's year. */
  year?: number | undefined;
}

const CN_DIGITS: Readonly<Record<string, number>> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 三十一 (enough for months, days and quarters). */
function cnNumber(s: string): number | null {
  if (!/^[〇零一二两三四五六七八九十]{1,3}$/.test(s)) return null;
  if (!s.includes('十')) return s.length === 1 ? (CN_DIGITS[s] ?? null) : null;
  const [tens = '', ones = ''] = s.split('十');
  const t = tens === '' ? 1 : CN_DIGITS[tens];
  const o = ones === '' ? 0 : CN_DIGITS[ones];
  return t === undefined || o === undefined ? null : t * 10 + o;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > lastDay(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function fromDate(d: Date): string {
  return d.toISOString().slice(0, 10); // exceljs dates are UTC midnight
}

/** Excel's 1900 date system, including its phantom 1900-02-29 (serial 60). */
function fromSerial(serial: number): string {
  const days = Math.floor(serial) - (serial > 60 ? 1 : 0);
  return new Date(Date.UTC(1899, 11, 31) + days * 86_400_000).toISOString().slice(0, 10);
}

const ONGOING = /^(?:长期(?:坚持|推进|开展|执行|落实)?|持续(?:推进|开展|落实)?|常态化(?:推进|开展)?|长效(?:推进)?|全年(?:持续)?|贯穿全年)$/;
const RECURRING = /^每(?:年|半年|季度?|月|周|旬|天|日)/;

interface Parsed {
  date: string | null;
  precision: DeadlineValue['precision'];
  yearMissing?: boolean;
  invalid?: boolean;
}

/** Parses the date part of a compact text (suffixes 前/底 already handled by the caller). */
function parseDatePart(raw: string, year: number | undefined): Parsed | null {
  // Chinese numerals before 月/日/号/季度 become digits: 十二月 → 12月, 三季度 → 3季度.
  const t = raw.replace(/([〇零一二两三四五六七八九十]{1,3})(?=月|日|号|季度)/g, (m) => String(cnNumber(m) ?? m)).replace(/号/g, '日');
  const need = (y: number | undefined, make: (y: number) => Parsed): Parsed =>
    y === undefined ? { date: null, precision: null, yearMissing: true } : make(y);
  const day = (y: number, m: number, d: number): Parsed => {
    const v = iso(y, m, d);
    return v ? { date: v, precision: 'day' } : { date: null, precision: null, invalid: true };
  };
  const month = (y: number, m: number, part?: string): Parsed => {
    if (m < 1 || m > 12) return { date: null, precision: null, invalid: true };
    if (part === '上旬') return day(y, m, 10);
    if (part === '中旬') return day(y, m, 20);
    return { date: iso(y, m, lastDay(y, m)), precision: 'month' };
  };
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) return day(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /^(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?$/.exec(t))) return day(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /^(\d{4})[年./-](\d{1,2})月?份?(上旬|中旬|下旬)?$/.exec(t))) return month(+m[1]!, +m[2]!, m[3]);
  if ((m = /^(\d{1,2})月(\d{1,2})日$/.exec(t))) { const [, mo, d] = m; return need(year, (y) => day(y, +mo!, +d!)); }
  if ((m = /^(\d{1,2})月份?(上旬|中旬|下旬)?$/.exec(t))) { const [, mo, part] = m; return need(year, (y) => month(y, +mo!, part)); }
  if ((m = /^(?:(\d{4})年?)?(?:第)?([1-4])季度$/.exec(t))) {
    const q = +m[2]!;
    return need(m[1] ? +m[1] : year, (y) => ({ date: iso(y, q * 3, lastDay(y, q * 3)), precision: 'quarter' }));
  }
  if ((m = /^(?:(\d{4})年)?(上|下)半年$/.exec(t))) {
    const mo = m[2] === '上' ? 6 : 12;
    return need(m[1] ? +m[1] : year, (y) => ({ date: iso(y, mo, lastDay(y, mo)), precision: 'half' }));
  }
  if ((m = /^(\d{4})年?$/.exec(t)) || (m = /^(\d{4})?年(?:内|度)?$/.exec(t)) || /^(?:今|本)年(?:内|度)?$/.test(t)) {
    const y = m?.[1] ? +m[1] : year;
    return need(y, (yy) => ({ date: `${yy}-12-31`, precision: 'year' }));
  }
  return null;
}

/**
 * A deadline as written. Ongoing and recurring deadlines succeed with a null date (the text
 * is kept); anything else that is not a date fails with a Chinese reason.
 */
export function normaliseDeadline(input: ValueInput, context: DateContext = {}): NormaliseResult<DeadlineValue> {
  const cell = toCellInput(input);
  const pre = precheck<DeadlineValue>(cell);
  if (pre) return pre;
  const text = cell.text.trim();
  if (cell.value instanceof Date) return ok({ date: fromDate(cell.value), precision: 'day', kind: 'date' }, text);
  if (typeof cell.value === 'number') {
    const n = cell.value;
    if (Number.isInteger(n) && n >= 1900 && n <= 2100) return ok({ date: `${n}-12-31`, precision: 'year', kind: 'date' }, text);
    // 1970 … 2100 as Excel serials: a date cell whose format was lost.
    if (n >= 25_569 && n < 73_051) return ok({ date: fromSerial(n), precision: 'day', kind: 'date' }, text);
    return fail(text, '不是日期');
  }
  if (typeof cell.value === 'boolean') return fail(text, '不是日期');
  return deadlineOfText(text, context.year);
}

// A batch of forms repeats the same few deadlines (6月底前, 年底前) thousands of times: each text is read once.
const textDeadlines = new Map<string, NormaliseResult<DeadlineValue>>();
const TEXT_DEADLINES_MAX = 10_000;

/** A deadline written as text (trimmed); results are frozen, as callers share them. */
function deadlineOfText(text: string, year: number | undefined): NormaliseResult<DeadlineValue> {
  const key = `${year ?? ''}|${text}`;
  let r = textDeadlines.get(key);
  if (!r) {
    r = parseDeadlineText(text, year);
    if (r.ok && r.value) Object.freeze(r.value);
    if (textDeadlines.size >= TEXT_DEADLINES_MAX) textDeadlines.clear();
    textDeadlines.set(key, Object.freeze(r));
  }
  return r;
}

function parseDeadlineText(text: string, year: number | undefined): NormaliseResult<DeadlineValue> {
  const context = { year };
  let t = compactText(text).replace(/[()（）]/g, '');
  if (ONGOING.test(t)) return ok({ date: null, precision: null, kind: 'ongoing' }, text);
  if (RECURRING.test(t)) return ok({ date: null, precision: null, kind: 'recurring' }, text);

  let kind: DeadlineKind = 'date';
  const before = /(?:之前|以前|前)$/.exec(t);
  if (before) {
    kind = 'before';
    t = t.slice(0, -before[0].length);
  }
  // 年底 / 年末 / 8月底 / 三季度末 / 下旬: end of the period.
  const end = /(?:底|末|下旬)$/.exec(t);
  if (end) {
    if (kind === 'date') kind = 'end';
    t = t.slice(0, -end[0].length);
  }
  if (t === '' || t === '今' || t === '本') t = '年';
  let parsed = parseDatePart(t, context.year);
  // A range (2020年3月-6月, 3月至6月) is due at its end.
  const range = parsed ? null : /^(.+?)(?:至|到|-|~|—)(.+)$/.exec(t);
  if (range) {
    const yearOfStart = /^(\d{4})年/.exec(range[1] ?? '')?.[1];
    let last = range[2] ?? '';
    if (yearOfStart && !/^\d{4}/.test(last)) last = `${yearOfStart}年${last}`;
    parsed = parseDatePart(last, context.year);
    if (kind === 'date') kind = 'end';
  }
  if (!parsed) return fail(text, '不是可识别的日期（可写成 2020年6月30日、6月底前、年底前、长期坚持）');
  if (parsed.invalid) return fail(text, '是不存在的日期');
  if (parsed.yearMissing) return fail(text, '没有写年份，无法确定日期');
  return ok({ date: parsed.date, precision: parsed.precision, kind }, text);
}

/** A single calendar day (report date, 截至时间): a deadline that resolves to a day. */
export function normaliseDate(input: ValueInput, context: DateContext = {}): NormaliseResult<string> {
  const r = normaliseDeadline(input, context);
  if (!r.ok) return r;
  if (r.value === null) return ok(null, r.text);
  if (r.value.date === null || r.value.precision !== 'day' || r.value.kind !== 'date') {
    return fail(r.text, '不是具体日期（应写成 2020年6月30日 或 2020/6/30）');
  }
  return ok(r.value.date, r.text);
}
