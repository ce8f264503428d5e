// Months as clerks type them into the month picker (shared/fields.ts parsePeriodText).
import { describe, expect, it } from 'vitest';
import { parsePeriodText } from '#shared/fields.js';

describe('a typed month', () => {
  it('reads the forms clerks type', () => {
    for (const t of ['202006', '2020-6', '2020-06', '2020.6', '2020/06', '2020年6月', '2020年06月份', '20206', ' 2020 - 6 ', '２０２０年６月']) {
      expect(parsePeriodText(t), t).toBe('2020-06');
    }
    expect(parsePeriodText('2020-12')).toBe('2020-12');
  });

  it('refuses what is not a month', () => {
    for (const t of ['', 'June 2020', '2020', '2020-13', '2020-0', '2020年6月30日', '六月']) expect(parsePeriodText(t), t).toBeNull();
  });
});
