// The 佐证 column: a count badge per row (files of the month shown; dimmed: only in other months).
// Clicking it opens the evidence panel on the row; files dropped on any cell of the row attach to it.
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { GridRow } from '../grid-model.js';
import { requestEvidencePanel, useEvidenceCount } from './evidence-store.js';

export const EVIDENCE_COLUMN = 'evidence';

export function EvidenceCell(p: ICellRendererParams<GridRow>) {
  const rowId = p.data?.id;
  const count = useEvidenceCount(rowId);
  if (rowId == null || !count || (!count.inPeriod && !count.total)) return null;
  const other = count.inPeriod === 0;
  return (
    <button
      type="button"
      className={`evidence-badge${other ? ' evidence-badge-other' : ''}`}
      data-testid="evidence-badge"
      title={`佐证材料：本月 ${count.inPeriod} 个，共 ${count.total} 个（点击查看）`}
      onClick={(e) => {
        e.stopPropagation();
        requestEvidencePanel(rowId);
      }}
    >
      <svg className="evidence-clip" viewBox="0 0 16 16" width="11" height="11" aria-hidden="true">
        <path d="M10.5 4.5 5.8 9.2a1.2 1.2 0 0 0 1.7 1.7l5-5a2.6 2.6 0 0 0-3.7-3.7l-5.2 5.2a4 4 0 0 0 5.7 5.7L13.5 9" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      {other ? count.total : count.inPeriod}
    </button>
  );
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
