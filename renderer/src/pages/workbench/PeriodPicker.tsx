// The reporting period (month) whose progress the grid shows and edits; “各列最新” shows each field's latest.
import { currentPeriod } from '../../../../shared/fields.js';

export function recentPeriods(from = new Date(), count = 18): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(currentPeriod(new Date(from.getFullYear(), from.getMonth() - i, 1)));
  return out;
}

export function periodLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
}

export interface PeriodPickerProps {
  period: string | null;
  /** Months with data in this ledger: offered even when they are long past (a 2020 ledger). */
  withData: readonly string[];
  onChange: (p: string | null) => void;
}

export function PeriodPicker({ period, withData, onChange }: PeriodPickerProps) {
  const has = new Set(withData);
  const options = [...new Set([...recentPeriods(), ...withData, ...(period ? [period] : [])])].sort().reverse();
  return (
    <label className="period-picker" title="进展、完成值、状态等按月填报：选择要查看和填写的月份（● 表示该月已有填报）">
      填报月份
      <select value={period ?? 'latest'} onChange={(e) => onChange(e.target.value === 'latest' ? null : e.target.value)} data-testid="period-picker">
        {options.map((p) => (
          <option key={p} value={p}>
            {periodLabel(p)}
            {p === currentPeriod() ? '（本月）' : ''}
            {has.has(p) ? ' ●' : ''}
          </option>
        ))}
        <option value="latest">各列最新</option>
      </select>
    </label>
  );
}
