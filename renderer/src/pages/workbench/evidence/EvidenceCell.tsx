// The 佐证 column: a count badge per row (files of the month shown; dimmed: only in other months).
// Clicking it opens the evidence panel on the row; files dropped on any cell of the row attach to it.
// A plain DOM renderer, not a React one: it is on every row, and 50,000-row ledgers scroll through them.
import type { ColDef, ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { GridRow } from '../grid-model.js';
import { evidenceCount, requestEvidencePanel, subscribeEvidenceCounts } from './evidence-store.js';

export const EVIDENCE_COLUMN = 'evidence';

const CLIP =
  '<svg class="evidence-clip" viewBox="0 0 16 16" width="11" height="11" aria-hidden="true"><path d="M10.5 4.5 5.8 9.2a1.2 1.2 0 0 0 1.7 1.7l5-5a2.6 2.6 0 0 0-3.7-3.7l-5.2 5.2a4 4 0 0 0 5.7 5.7L13.5 9" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/></svg>';

export class EvidenceCell implements ICellRendererComp<GridRow> {
  private readonly gui = document.createElement('span');
  private rowId: number | undefined;
  private shown = '';
  private unsubscribe: (() => void) | undefined;

  init(p: ICellRendererParams<GridRow>): void {
    this.rowId = p.data?.id;
    this.gui.className = 'evidence-cell';
    this.gui.addEventListener('click', (e) => {
      if (this.rowId == null || !(e.target as Element).closest('button')) return;
      e.stopPropagation();
      requestEvidencePanel(this.rowId);
    });
    this.unsubscribe = subscribeEvidenceCounts(() => this.paint());
    this.paint();
  }

  private paint(): void {
    const count = evidenceCount(this.rowId);
    const key = count ? `${count.inPeriod}/${count.total}` : '';
    if (key === this.shown) return;
    this.shown = key;
    if (!count || (!count.inPeriod && !count.total)) {
      this.gui.textContent = '';
      return;
    }
    const other = count.inPeriod === 0;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `evidence-badge${other ? ' evidence-badge-other' : ''}`;
    button.dataset.testid = 'evidence-badge';
    button.title = `佐证材料：本月 ${count.inPeriod} 个，共 ${count.total} 个（点击查看）`;
    button.innerHTML = CLIP;
    button.append(String(other ? count.total : count.inPeriod));
    this.gui.replaceChildren(button);
  }

  getGui(): HTMLElement {
    return this.gui;
  }

  refresh(p: ICellRendererParams<GridRow>): boolean {
    this.rowId = p.data?.id;
    this.shown = '';
    this.paint();
    return true;
  }

  destroy(): void {
    this.unsubscribe?.();
  }
}

export function evidenceColumnDef(): ColDef<GridRow> {
  return {
    colId: EVIDENCE_COLUMN,
    headerName: '佐证',
    headerTooltip: '佐证材料（把照片、PDF、Word、Excel 文件拖到行上即可添加）',
    width: 64,
    pinned: 'left',
    lockPinned: true,
    editable: false,
    sortable: false,
    suppressMovable: true,
    valueGetter: () => '',
    cellRenderer: EvidenceCell,
    cellClass: 'cell-evidence',
  };
}
