// The ledger grid: AG Grid Community with the standard columns, inline editing that persists.
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type { CellValueChangedEvent, ColDef, GetRowIdParams, GridApi, GridReadyEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo, useRef } from 'react';
import type { Row } from '../../../../shared/domain.js';
import { FIELDS, type FieldKey } from '../../../../shared/fields.js';

export interface GridRow extends Row {
  depth: number;
}

const WIDTHS: Partial<Record<FieldKey, number>> = {
  code: 80,
  task: 260,
  measures: 320,
  progress: 280,
  problems: 220,
  deadline: 120,
  status: 100,
};

export function withDepth(rows: Row[]): GridRow[] {
  const depth = new Map<number, number>();
  return rows.map((r) => {
    const d = r.parentId == null ? 0 : (depth.get(r.parentId) ?? 0) + 1;
    depth.set(r.id, d);
    return { ...r, depth: d };
  });
}

export interface LedgerGridProps {
  rows: GridRow[];
  onEdit: (rowId: number, field: FieldKey, value: string) => Promise<Row | undefined>;
  onSelect: (row: GridRow | undefined) => void;
}

export function LedgerGrid({ rows, onEdit, onSelect }: LedgerGridProps) {
  const apiRef = useRef<GridApi<GridRow> | null>(null);

  const columnDefs = useMemo<ColDef<GridRow>[]>(
    () =>
      FIELDS.map((f) => ({
        colId: f.key,
        headerName: f.label,
        valueGetter: (p) => p.data?.values[f.key] ?? '',
        valueSetter: (p) => {
          if (!p.data) return false;
          const next = p.newValue == null ? '' : String(p.newValue);
          if (next === p.data.values[f.key]) return false;
          p.data.values = { ...p.data.values, [f.key]: next };
          return true;
        },
        editable: true,
        width: WIDTHS[f.key] ?? 140,
        wrapText: f.type === 'longText',
        autoHeight: false,
        cellEditor: f.type === 'longText' ? 'agLargeTextCellEditor' : 'agTextCellEditor',
        cellEditorPopup: f.type === 'longText',
        cellStyle: f.key === 'task' ? (p) => ({ paddingLeft: `${8 + (p.data?.depth ?? 0) * 18}px` }) : undefined,
        cellClass: (p) => `level-${p.data?.level ?? 'task'}`,
      })),
    [],
  );

  const getRowId = useCallback((p: GetRowIdParams<GridRow>) => String(p.data.id), []);

  const onCellValueChanged = useCallback(
    async (event: CellValueChangedEvent<GridRow>) => {
      const field = event.colDef.colId as FieldKey;
      const data = event.data;
      const saved = await onEdit(data.id, field, data.values[field]);
      const node = event.node;
      if (saved) {
        node.setData({ ...saved, depth: data.depth });
      } else {
        // The save failed: put the old value back so the grid never shows what is not stored.
        node.setData({ ...data, values: { ...data.values, [field]: event.oldValue == null ? '' : String(event.oldValue) } });
      }
    },
    [onEdit],
  );

  return (
    <div className="grid-host" data-testid="ledger-grid">
      <AgGridReact<GridRow>
        rowData={rows}
        columnDefs={columnDefs}
        getRowId={getRowId}
        localeText={AG_GRID_LOCALE_CN}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onGridReady={(e: GridReadyEvent<GridRow>) => (apiRef.current = e.api)}
        onSelectionChanged={(e) => onSelect(e.api.getSelectedRows()[0])}
        onCellValueChanged={onCellValueChanged}
        stopEditingWhenCellsLoseFocus
        enterNavigatesVerticallyAfterEdit
        defaultColDef={{ resizable: true, sortable: false, suppressHeaderMenuButton: false }}
        rowClassRules={{ 'row-section': (p) => p.data?.level === 'section' }}
        overlayNoRowsTemplate="<span>该台账还没有行，点击“添加行”开始填写。</span>"
      />
    </div>
  );
}
