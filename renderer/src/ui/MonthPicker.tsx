// The app's own month field, in place of <input type="month"> (which shows `June 2020` in an English
// Windows): shows `2020年6月`, takes what a clerk types — `202006`, `2020-6`, `2020.6`, `2020年6月` —
// and opens a Chinese month grid (year ‹ › and 1月…12月, ● on months with data).
import { useEffect, useId, useRef, useState } from 'react';
import { parsePeriodText } from '#shared/fields.js';

export interface MonthPickerProps {
  /** YYYY-MM, or '' when empty. */
  value: string;
  onChange: (period: string) => void;
  /** The field may be cleared (onChange('')). */
  allowEmpty?: boolean;
  placeholder?: string;
  /** Months marked ● in the grid. */
  withData?: readonly string[];
  disabled?: boolean;
  className?: string;
  'data-testid'?: string;
}

export function monthText(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[1]}年${Number(m[2])}月` : period;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

export function MonthPicker({ value, onChange, allowEmpty, placeholder, withData, disabled, className, 'data-testid': testId }: MonthPickerProps) {
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState(() => Number(value.slice(0, 4)) || new Date().getFullYear());
  const wrap = useRef<HTMLSpanElement>(null);
  const gridId = useId();
  const shown = text ?? monthText(value);
  const invalid = text !== null && text.trim() !== '' && !parsePeriodText(text);
  const has = new Set(withData ?? []);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const take = (t: string) => {
    setText(t);
    const p = parsePeriodText(t);
    if (p && p !== value) onChange(p);
    else if (!t.trim() && allowEmpty && value) onChange('');
  };

  const choose = (p: string) => {
    setText(null);
    setOpen(false);
    if (p !== value) onChange(p);
  };

  return (
    <span className={`month-picker${className ? ` ${className}` : ''}`} ref={wrap}>
      <input
        type="text"
        inputMode="numeric"
        className={invalid ? 'month-input is-invalid' : 'month-input'}
        value={shown}
        placeholder={placeholder ?? '如 202006'}
        disabled={disabled}
        aria-invalid={invalid}
        title={invalid ? '请按年月填写，例如 202006、2020-6 或 2020年6月' : '年月：可直接输入 202006、2020-6，或点 ▾ 选择'}
        data-testid={testId}
        data-value={value}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => take(e.target.value)}
        onBlur={() => setText(null)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            setText(null);
            setOpen(false);
          } else if (e.key === 'Escape') {
            setText(null);
            setOpen(false);
          } else if (e.key === 'ArrowDown' && e.altKey) {
            setOpen(true);
          }
        }}
      />
      <button
        type="button"
        className="month-toggle"
        disabled={disabled}
        aria-label="选择月份"
        aria-expanded={open}
        aria-controls={gridId}
        data-testid={testId ? `${testId}-toggle` : undefined}
        onClick={() => {
          setYear(Number(value.slice(0, 4)) || new Date().getFullYear());
          setOpen((o) => !o);
        }}
      >
        ▾
      </button>
      {open && (
        <span className="month-popover" id={gridId} role="dialog" aria-label="选择月份" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <span className="month-year">
            <button type="button" aria-label="上一年" onClick={() => setYear((y) => y - 1)}>
              ‹
            </button>
            <b>{year}年</b>
            <button type="button" aria-label="下一年" onClick={() => setYear((y) => y + 1)}>
              ›
            </button>
          </span>
          <span className="month-grid">
            {MONTHS.map((m) => {
              const p = `${year}-${String(m).padStart(2, '0')}`;
              return (
                <button type="button" key={m} className={p === value ? 'month-cell selected' : 'month-cell'} aria-pressed={p === value} onClick={() => choose(p)}>
                  {m}月{has.has(p) ? ' ●' : ''}
                </button>
              );
            })}
          </span>
          {allowEmpty && (
            <button type="button" className="month-clear" onClick={() => choose('')}>
              清除
            </button>
          )}
        </span>
      )}
    </span>
  );
}
