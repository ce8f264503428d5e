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

export function PeriodPicker({ period, onChange }: { period: string | null; onChange: (p: string | null) => void }) {
  const options = recentPeriods();
  if (period && !options.includes(period)) options.unshift(period);
  return (
    <label className="period-picker" title="进展、完成值、状态等按月填报：选择要查看和填写的月份">
      填报月份
      <select value={period ?? 'latest'} onChange={(e) => onChange(e.target.value === 'latest' ? null : e.target.value)} data-testid="period-picker">
        {options.map((p) => (
          <option key={p} value={p}>
            {periodLabel(p)}
            {p === currentPeriod() ? '（本月）' : ''}
          </option>
        ))}
        <option value="latest">各列最新</option>
      </select>
    </label>
  );
}
