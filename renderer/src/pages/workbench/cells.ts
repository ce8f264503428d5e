// Cell renderers and the suggesting editor of the ledger grid.
import type { CustomCellEditorProps, CustomCellRendererProps } from 'ag-grid-react';
import { useEffect, useId, useRef, useState } from 'react';
import { carriedFrom, carriedTitle, DERIVED_TITLE, derivedText, lightText, monthBadge } from './as-of-display.js';
import type { WorkbenchGridContext } from './grid-context.js';
import { isOverdue, type GridRow } from './grid-model.js';

type RendererProps = CustomCellRendererProps<GridRow, string, WorkbenchGridContext>;

/** “一、教育布局”: a section reads like the printed ledger. */
export function sectionTitle(row: GridRow): string {
  const code = row.values.code.trim();
  const sep = code && !/[、.．）)]$/.test(code) ? '、' : '';
  return `${code}${sep}${row.values.task}`;
}

/** The plan number with the row's place in the hierarchy: indentation and an expand/collapse toggle. */
export function HierarchyCell(props: RendererProps) {
  const row = props.data;
  if (!row) return null;
  const ctx = props.context;
  const hasChildren = ctx.tree.hasChildren.has(row.id);
  const open = !ctx.collapsed.has(row.id);
  const text = row.level === 'section' ? sectionTitle(row) : row.values.code || (row.level === 'item' ? '·' : '');
  return (
    <span className={`tree-cell tree-${row.level}`} style={{ paddingLeft: `${row.depth * 14}px` }}>
      {hasChildren ? (
        <button
          type="button"
          className="tree-toggle"
          tabIndex={-1}
          aria-expanded={open}
          aria-label={open ? '折叠' : '展开'}
          title={open ? '折叠（Alt+←）' : '展开（Alt+→）'}
          data-testid="tree-toggle"
          onClick={(e) => {
            e.stopPropagation();
            ctx.toggle(row.id);
          }}
        >
          {open ? '▾' : '▸'}
        </button>
      ) : (
        <span className="tree-spacer" />
      )}
      <span className="tree-text" title={row.level === 'section' ? text : undefined}>
        {text}
      </span>
    </span>
  );
}

/** “6月” after a value carried from an earlier month (the cell itself is dimmed). */
function CarriedBadge({ from }: { from: string }) {
  return (
    <span className="carried-badge" data-testid="carried-badge">
      {monthBadge(from)}
    </span>
  );
}

export function StatusCell(props: RendererProps) {
  const row = props.data;
  const value = props.value ?? '';
  const column = props.column?.getColId() ?? 'status';
  if (row && column === 'status') {
    const derived = derivedText(row, 'status', value);
    if (derived) {
      return (
        <span className="derived-value" title={DERIVED_TITLE} data-derived="true">
          {derived}
        </span>
      );
    }
  }
  if (!value) return null;
  const def = props.context.statuses.find((s) => s.label === value);
  const from = row ? carriedFrom(row, column) : null;
  return (
    <span className={from ? 'period-value is-carried' : 'period-value'} title={from ? carriedTitle(from) : undefined}>
      <span className={`status-pill status-${def?.color ?? 'none'}`}>{value}</span>
      {from && <CarriedBadge from={from} />}
    </span>
  );
}

/** A per-period value carried from an earlier month (dimmed, with its month), or a rolled-up 完成进度. */
export function PeriodValueCell(props: RendererProps) {
  const row = props.data;
  const value = props.value ?? '';
  const column = props.column?.getColId() ?? '';
  if (!row) return null;
  const derived = column === 'progressPct' ? derivedText(row, 'progressPct', value) : null;
  if (derived) {
    return (
      <span className="derived-value" title={DERIVED_TITLE} data-derived="true">
        {derived}
      </span>
    );
  }
  const from = carriedFrom(row, column);
  if (!value) return null;
  return (
    <span className={from ? 'period-value is-carried' : 'period-value'} title={from ? carriedTitle(from) : undefined}>
      <span className="period-text">{value}</span>
      {from && <CarriedBadge from={from} />}
    </span>
  );
}

/** The row's light as of the month: a coloured dot and 绿灯/黄灯/红灯, the figures in the tooltip. */
export function LightCell(props: RendererProps) {
  const text = lightText(props.data?.asOf);
  if (!text) return null;
  const light = props.data!.asOf!.light;
  return (
    <span className={`light light-${light}`} title={text.title} data-light={light}>
      <span className="light-dot" aria-hidden="true" />
      <span className="light-label">{text.label}</span>
    </span>
  );
}

export function DeadlineCell(props: RendererProps) {
  const row = props.data;
  const value = props.value ?? '';
  if (!row || !value) return null;
  const overdue = isOverdue(row);
  const title = row.deadlineDate ? `截止日期：${row.deadlineDate}${overdue ? '，已逾期' : ''}` : '无具体截止日期';
  return (
    <span className={overdue ? 'deadline-cell is-overdue' : 'deadline-cell'} title={title} aria-label={overdue ? `${value}（已逾期）` : undefined}>
      <span className="deadline-text">{value}</span>
    </span>
  );
}

/** A text editor with suggestions (units from the directory, leaders already in the ledger, statuses). */
export function SuggestEditor(props: CustomCellEditorProps<GridRow, string, WorkbenchGridContext> & { kind: 'unit' | 'leader' | 'status' }) {
  const { context, kind, eventKey, onValueChange } = props;
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => (eventKey && eventKey.length === 1 ? eventKey : (props.initialValue ?? '')));
  useEffect(() => {
    onValueChange(text);
    input.current?.focus();
    if (!(eventKey && eventKey.length === 1)) input.current?.select();
    // Only on mount: later changes go through onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const options =
    kind === 'unit' ? context.unitOptions : kind === 'leader' ? context.leaderOptions : context.statuses.map((s) => s.label);
  return (
    <>
      <input
        ref={input}
        className="suggest-editor"
        list={listId}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onValueChange(e.target.value);
        }}
      />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </>
  );
}
