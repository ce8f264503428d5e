// The month (填报月份) the grid shows the ledger as of and writes progress to: every month of the
// ledger's year and the months with data (●), newest first; it opens at the latest month with data.
import { periodLabel, periodOptions } from './as-of-display.js';

export { periodLabel } from './as-of-display.js';

export interface PeriodPickerProps {
  /** The month shown; null while the ledger's settings load. */
  period: string | null;
  /** The ledger's year (its months are offered); null: the months around today. */
  year: number | null | undefined;
  /** Months with data in this ledger. */
  withData: readonly string[];
  onChange: (p: string) => void;
}

export function PeriodPicker({ period, year, withData, onChange }: PeriodPickerProps) {
  const has = new Set(withData);
  const options = periodOptions(year, withData, period);
  return (
    <label
      className="period-picker"
      title="进展、完成值、状态等按月填报：选择要查看和填写的月份。未填报的月份沿用之前最近一次的填报（● 表示该月已有填报）"
    >
      填报月份
      <select value={period ?? ''} disabled={!period} onChange={(e) => onChange(e.target.value)} data-testid="period-picker">
        {!period && <option value="">…</option>}
        {options.map((p) => (
          <option key={p} value={p}>
            {periodLabel(p)}
            {has.has(p) ? ' ●' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
