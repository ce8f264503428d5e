// The ledger grid's text editor with suggestions: an input with a datalist. A plain DOM editor like the
// cell renderers (cells.ts): the grid is ag-grid-community's own, not ag-grid-react's.
import type { ICellEditorComp, ICellEditorParams } from 'ag-grid-community';
import type { WorkbenchGridContext } from './grid-context.js';
import type { GridRow } from './grid-model.js';

export type SuggestKind = 'unit' | 'leader' | 'status';
type SuggestParams = ICellEditorParams<GridRow, string, WorkbenchGridContext> & { kind: SuggestKind };

let lists = 0;

function suggestions(context: WorkbenchGridContext, kind: SuggestKind): string[] {
  return kind === 'unit' ? context.unitOptions : kind === 'leader' ? context.leaderOptions : context.statuses.map((s) => s.label);
}

/** A text editor with suggestions (units from the directory, leaders already in the ledger, statuses). */
export class SuggestEditor implements ICellEditorComp<GridRow, string, WorkbenchGridContext> {
  private readonly gui = document.createElement('span');
  private readonly input = document.createElement('input');
  /** The editor was opened by a printable key: that key is its text, left unselected. */
  private typed = false;

  init(p: SuggestParams): void {
    this.typed = !!p.eventKey && p.eventKey.length === 1;
    const list = document.createElement('datalist');
    list.id = `suggest-list-${++lists}`;
    for (const o of suggestions(p.context, p.kind)) {
      const option = document.createElement('option');
      option.value = o;
      list.append(option);
    }
    this.input.className = 'suggest-editor';
    this.input.setAttribute('list', list.id);
    this.input.value = this.typed ? p.eventKey! : (p.value ?? '');
    this.gui.style.display = 'contents';
    this.gui.append(this.input, list);
  }

  getGui(): HTMLElement {
    return this.gui;
  }

  afterGuiAttached(): void {
    this.input.focus({ preventScroll: true });
    if (!this.typed) this.input.select();
  }

  getValue(): string {
    return this.input.value;
  }
}
