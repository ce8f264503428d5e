// Cell renderers of the ledger grid. Plain DOM renderers, not React ones: they are on every row of a
// 50,000-row ledger, and each page of scrolling builds a screenful of them (a React renderer costs a
// component tree and a commit per cell). Each renderer draws its cell once; on a refresh it answers
// false, so AG Grid builds it again from the new row.
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import { carriedFrom, carriedTitle, DERIVED_TITLE, derivedText, lightText, monthBadge } from './as-of-display.js';
import type { WorkbenchGridContext } from './grid-context.js';
import { isOverdue, type GridRow } from './grid-model.js';

type CellParams = ICellRendererParams<GridRow, string, WorkbenchGridContext>;

/** An element with attributes (undefined ones left out) and children. */
function el(tag: string, attrs: Record<string, string | undefined>, ...children: (Node | string | null)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

/** A renderer drawn by `draw` (null: an empty cell). */
abstract class DomCell implements ICellRendererComp<GridRow> {
  private gui: HTMLElement = document.createElement('span');

  init(p: CellParams): void {
    this.gui = this.draw(p) ?? this.gui;
  }

  getGui(): HTMLElement {
    return this.gui;
  }

  refresh(): boolean {
    return false;
  }

  protected abstract draw(p: CellParams): HTMLElement | null;
}

/** “一、教育布局”: a section reads like the printed ledger. */
function sectionTitle(row: GridRow): string {
  const code = row.values.code.trim();
  const sep = code && !/[、.．）)]$/.test(code) ? '、' : '';
  return `${code}${sep}${row.values.task}`;
}

/** 序号 cells whose row drag handle is not drawn yet: what draws it, by the cell's element. */
const undrawnHandles = new WeakMap<Element, () => void>();

/**
 * The pointer came over `target`: the row under it draws its drag handle in its 序号 cell. Drawn on
 * hover only: a handle on every row (AG Grid's own `rowDrag`) is a drag component built for each row of
 * each page scrolled through. Its place is kept free and it shows while the row is hovered (workbench.css).
 */
export function drawDragHandleAt(target: EventTarget | null): void {
  const cell = target instanceof Element ? target.closest('.ag-row')?.querySelector('.ag-cell[col-id="code"] > .tree-cell') : null;
  const draw = cell ? undrawnHandles.get(cell) : undefined;
  if (!cell || !draw) return;
  undrawnHandles.delete(cell);
  draw();
}

/** The plan number with the row's place in the hierarchy: indentation and an expand/collapse toggle. */
export class HierarchyCell extends DomCell {
  protected draw(p: CellParams): HTMLElement | null {
    const row = p.data;
    if (!row) return null;
    const ctx = p.context;
    const open = !ctx.collapsed.has(row.id);
    const text = row.level === 'section' ? sectionTitle(row) : row.values.code || (row.level === 'item' ? '·' : '');
    let toggle: HTMLElement;
    if (ctx.tree.hasChildren.has(row.id)) {
      toggle = el(
        'button',
        {
          type: 'button',
          class: 'tree-toggle',
          tabindex: '-1',
          'aria-expanded': String(open),
          'aria-label': open ? '折叠' : '展开',
          title: open ? '折叠（Alt+←）' : '展开（Alt+→）',
          'data-testid': 'tree-toggle',
        },
        open ? '▾' : '▸',
      );
      toggle.addEventListener('click', (e) => {
        e.stopPropagation();
        ctx.toggle(row.id);
      });
    } else toggle = el('span', { class: 'tree-spacer' });
    const cell = el('span', { class: `tree-cell tree-${row.level}` }, toggle, el('span', { class: 'tree-text', title: row.level === 'section' ? text : undefined }, text));
    cell.style.paddingLeft = `${row.depth * 14}px`;
    // Drag a row by its handle to reorder it among its siblings (LedgerGrid's onRowDragEnd).
    undrawnHandles.set(cell, () => {
      const handle = el('span', { class: 'ag-drag-handle ag-row-drag row-drag-handle', 'aria-hidden': 'true' }, el('span', { class: 'ag-icon ag-icon-grip', role: 'presentation' }));
      cell.prepend(handle);
      p.registerRowDragger(handle, undefined, undefined, true);
    });
    return cell;
  }
}

/** “6月” after a value carried from an earlier month (the cell itself is dimmed). */
function carriedBadge(from: string): HTMLElement {
  return el('span', { class: 'carried-badge', 'data-testid': 'carried-badge' }, monthBadge(from));
}

function derivedValue(text: string): HTMLElement {
  return el('span', { class: 'derived-value', title: DERIVED_TITLE, 'data-derived': 'true' }, text);
}

/** A per-period value, dimmed with its month when carried from an earlier month. */
function periodValue(row: GridRow, column: string, inner: HTMLElement): HTMLElement {
  const from = carriedFrom(row, column);
  return el('span', { class: from ? 'period-value is-carried' : 'period-value', title: from ? carriedTitle(from) : undefined }, inner, from ? carriedBadge(from) : null);
}

export class StatusCell extends DomCell {
  protected draw(p: CellParams): HTMLElement | null {
    const row = p.data;
    const value = p.value ?? '';
    const column = p.column?.getColId() ?? 'status';
    if (row && column === 'status') {
      const derived = derivedText(row, 'status', value);
      if (derived) return derivedValue(derived);
    }
    if (!value || !row) return null;
    const def = p.context.statuses.find((s) => s.label === value);
    return periodValue(row, column, el('span', { class: `status-pill status-${def?.color ?? 'none'}` }, value));
  }
}

/** A per-period value carried from an earlier month (dimmed, with its month), or a rolled-up 完成进度. */
export class PeriodValueCell extends DomCell {
  protected draw(p: CellParams): HTMLElement | null {
    const row = p.data;
    const value = p.value ?? '';
    const column = p.column?.getColId() ?? '';
    if (!row) return null;
    const derived = column === 'progressPct' ? derivedText(row, 'progressPct', value) : null;
    if (derived) return derivedValue(derived);
    if (!value) return null;
    return periodValue(row, column, el('span', { class: 'period-text' }, value));
  }
}

/** The row's light as of the month: a coloured dot and 绿灯/黄灯/红灯, the figures in the tooltip. */
export class LightCell extends DomCell {
  protected draw(p: CellParams): HTMLElement | null {
    const text = lightText(p.data?.asOf);
    if (!text) return null;
    const light = p.data!.asOf!.light;
    return el(
      'span',
      { class: `light light-${light}`, title: text.title, 'data-light': light },
      el('span', { class: 'light-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'light-label' }, text.label),
    );
  }
}

export class DeadlineCell extends DomCell {
  protected draw(p: CellParams): HTMLElement | null {
    const row = p.data;
    const value = p.value ?? '';
    if (!row || !value) return null;
    const overdue = isOverdue(row);
    const title = row.deadlineDate ? `截止日期：${row.deadlineDate}${overdue ? '，已逾期' : ''}` : '无具体截止日期';
    return el(
      'span',
      { class: overdue ? 'deadline-cell is-overdue' : 'deadline-cell', title, 'aria-label': overdue ? `${value}（已逾期）` : undefined },
      el('span', { class: 'deadline-text' }, value),
    );
  }
}
