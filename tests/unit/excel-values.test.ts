// Lossless value normalisation: every result keeps the original text; failures carry a Chinese
// reason that reads after the quoted text.

import { describe, expect, it } from 'vitest';
import {
  formatCellIssue,
  normaliseDate,
  normaliseDeadline,
  normaliseFieldValue,
  normaliseNumber,
  normalisePercent,
  normaliseQuantity,
  normaliseStatus,
  normaliseText,
  type NormaliseResult,
} from '../../electron/backend/excel/value-normalise.js';
import { toHalfWidth, tidyLabel } from '#shared/text-normalise.js';

function value<T>(r: NormaliseResult<T>): T | null {
  if (!r.ok) throw new Error(`expected ok, got “${r.text}” ${r.reason}`);
  return r.value;
}

function reason<T>(r: NormaliseResult<T>): string {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.reason;
}

describe('text clean-up', () => {
  it('turns full-width characters half-width and tidies spaced labels', () => {
    expect(toHalfWidth('８０％，１．５（个）\u3000')).toBe('80%,1.5(个) ');
    expect(tidyLabel(' 完成\n时限 ')).toBe('完成时限');
    expect(tidyLabel('备 注')).toBe('备注');
    expect(tidyLabel('Plan  A')).toBe('Plan A');
  });
});

describe('numbers', () => {
  it('reads full-width digits and thousands separators', () => {
    expect(value(normaliseNumber('１，２３４'))).toBe(1234);
    expect(value(normaliseNumber('1,234.5'))).toBe(1234.5);
    expect(value(normaliseNumber(' 42 '))).toBe(42);
    expect(value(normaliseNumber(0.1 + 0.2))).toBe(0.3);
  });

  it('refuses words, bad grouping and dates with a reason', () => {
    expect(normaliseNumber('八十')).toEqual({ ok: false, text: '八十', reason: '不是数字' });
    expect(reason(normaliseNumber('1,23'))).toBe('不是数字');
    expect(reason(normaliseNumber(new Date(Date.UTC(2020, 0, 1))))).toBe('是日期，不是数字');
  });

  it('treats blank cells as null, not as errors', () => {
    expect(normaliseNumber('  ')).toEqual({ ok: true, value: null, text: '' });
    expect(normaliseNumber(null)).toEqual({ ok: true, value: null, text: '' });
  });

  it('reports formulas by their cached value, error values and missing results', () => {
    expect(value(normaliseNumber({ value: 1440, text: '1440', formula: 'SUM(F8:F9)' }))).toBe(1440);
    expect(reason(normaliseNumber({ value: null, text: '#DIV/0!', error: '#DIV/0!', formula: 'A1/0' }))).toMatch(/错误值/);
    const missing = normaliseNumber({ value: null, text: '', formula: 'F9*2' });
    expect(missing).toMatchObject({ ok: false, text: '=F9*2' });
    expect(reason(missing)).toMatch(/没有计算结果.*打开并保存/);
  });

  it('reads quantities with their unit', () => {
    expect(value(normaliseQuantity('1800个'))).toEqual({ amount: 1800, unit: '个' });
    expect(value(normaliseQuantity('１，２００ 名'))).toEqual({ amount: 1200, unit: '名' });
    expect(value(normaliseQuantity('0.2%'))).toEqual({ amount: 0.2, unit: '%' });
    expect(value(normaliseQuantity({ value: 0.67, text: '0.67', numFmt: '0%' }))).toEqual({ amount: 67, unit: '%' });
    expect(value(normaliseQuantity(5190))).toEqual({ amount: 5190, unit: null });
    expect(reason(normaliseQuantity('约100'))).toMatch(/不是数字/);
    expect(reason(normaliseQuantity('100个以上'))).toMatch(/不是确切的数字/);
  });
});

describe('percentages (0–100 scale)', () => {
  it('reads 80, 80%, 0.8, ８０％ and a %-formatted 0.8 all as 80', () => {
    for (const input of ['80', '80%', '0.8', '８０％', 80, 0.8, { value: 0.8, text: '0.8', numFmt: '0%' }]) {
      expect(value(normalisePercent(input))).toBe(80);
    }
  });

  it('keeps 1 as 1% unless the cell is formatted as a percentage', () => {
    expect(value(normalisePercent(1))).toBe(1);
    expect(value(normalisePercent({ value: 1, text: '1', numFmt: '0.00%' }))).toBe(100);
    expect(value(normalisePercent('120%'))).toBe(120);
  });

  it('refuses words and impossible values', () => {
    expect(reason(normalisePercent('八十'))).toBe('不是百分数');
    expect(reason(normalisePercent('-5'))).toMatch(/负数/);
    expect(reason(normalisePercent('1,234'))).toMatch(/超出合理范围/);
  });
});

describe('deadlines and dates', () => {
  const ctx = { year: 2020 };

  it.each([
    ['2020年8月底', { date: '2020-08-31', precision: 'month', kind: 'end' }],
    ['10月31日前', { date: '2020-10-31', precision: 'day', kind: 'before' }],
    ['2020.12', { date: '2020-12-31', precision: 'month', kind: 'date' }],
    ['2020/6/29', { date: '2020-06-29', precision: 'day', kind: 'date' }],
    ['2020-06-30', { date: '2020-06-30', precision: 'day', kind: 'date' }],
    ['２０２０年６月３０日', { date: '2020-06-30', precision: 'day', kind: 'date' }],
    ['6月底前', { date: '2020-06-30', precision: 'month', kind: 'before' }],
    ['2020年6月底前', { date: '2020-06-30', precision: 'month', kind: 'before' }],
    ['年底前', { date: '2020-12-31', precision: 'year', kind: 'before' }],
    ['十二月底', { date: '2020-12-31', precision: 'month', kind: 'end' }],
    ['三季度末', { date: '2020-09-30', precision: 'quarter', kind: 'end' }],
    ['上半年', { date: '2020-06-30', precision: 'half', kind: 'date' }],
    ['2020年3月-6月', { date: '2020-06-30', precision: 'month', kind: 'end' }],
    ['2021年2月底', { date: '2021-02-28', precision: 'month', kind: 'end' }],
    ['长期坚持', { date: null, precision: null, kind: 'ongoing' }],
    ['每月28日前', { date: null, precision: null, kind: 'recurring' }],
  ])('%s', (text, expected) => {
    const r = normaliseDeadline(text, ctx);
    expect(r).toEqual({ ok: true, value: expected, text });
  });

  it('reads Excel dates and serial numbers', () => {
    expect(value(normaliseDeadline(new Date(Date.UTC(2020, 11, 31))))).toMatchObject({ date: '2020-12-31', precision: 'day' });
    expect(value(normaliseDeadline(44043))).toMatchObject({ date: '2020-07-31' }); // serial 44043 = 2020-07-31
    expect(value(normaliseDeadline(43831))).toMatchObject({ date: '2020-01-01' });
    expect(value(normaliseDeadline(2020))).toMatchObject({ date: '2020-12-31', precision: 'year' });
  });

  it('needs a context year for dates written without one', () => {
    expect(reason(normaliseDeadline('10月31日前'))).toBe('没有写年份，无法确定日期');
  });

  it('refuses impossible and unrecognised dates', () => {
    expect(reason(normaliseDeadline('2月30日', ctx))).toBe('是不存在的日期');
    expect(reason(normaliseDeadline('秋季开学前', ctx))).toMatch(/不是可识别的日期/);
  });

  it('normaliseDate wants one calendar day', () => {
    expect(value(normaliseDate('2020/6/29'))).toBe('2020-06-29');
    expect(reason(normaliseDate('6月底前', ctx))).toMatch(/不是具体日期/);
    expect(value(normaliseDate(''))).toBeNull();
  });
});

describe('status', () => {
  it.each([
    ['完成了', '已完成'],
    ['已办结', '已完成'],
    ['办结', '已完成'],
    ['已完成。', '已完成'],
    ['在推进', '推进中'],
    ['正在办理', '推进中'],
    ['序时推进', '推进中'],
    ['未开始', '未启动'],
    ['进展滞后', '滞后'],
    [' 滞 后 ', '滞后'],
  ])('%s → %s', (text, status) => {
    expect(value(normaliseStatus(text))).toBe(status);
  });

  it('refuses what is not a status and lists the valid ones', () => {
    expect(reason(normaliseStatus('未完成'))).toBe('不是有效的状态（可填：已完成、推进中、未启动、滞后）');
  });

  it('follows a configured vocabulary', () => {
    const vocabulary = { statuses: ['已完成', '未完成'], synonyms: { 办结: '已完成', 没做完: '未完成' } };
    expect(value(normaliseStatus('没做完', vocabulary))).toBe('未完成');
    expect(reason(normaliseStatus('推进中', vocabulary))).toMatch(/已完成、未完成/);
  });
});

describe('per-field dispatch and messages', () => {
  it('picks the normaliser from the field type', () => {
    expect(value(normaliseFieldValue('progressPct', '８０％'))).toBe(80);
    expect(value(normaliseFieldValue('achieved', '67%'))).toEqual({ amount: 67, unit: '%' });
    expect(value(normaliseFieldValue('deadline', '年底前', { year: 2020 }))).toMatchObject({ date: '2020-12-31' });
    expect(value(normaliseFieldValue('status', '已办结'))).toBe('已完成');
    expect(value(normaliseFieldValue('code', 5))).toBe('5');
    expect(value(normaliseFieldValue('task', '  切实保障学位需求 '))).toBe('切实保障学位需求');
    expect(value(normaliseText(new Date(Date.UTC(2020, 5, 30))))).toBe('2020-06-30');
  });

  it('formats a cell issue as the clerk reads it', () => {
    const r = normaliseNumber('八十');
    if (r.ok) throw new Error('expected failure');
    expect(formatCellIssue('报送表', 'F4', r)).toBe('报送表!F4: “八十” 不是数字');
    expect(formatCellIssue('表', 'A1', { text: '很'.repeat(40), reason: '太长' })).toBe(`表!A1: “${'很'.repeat(30)}…” 太长`);
  });
});
