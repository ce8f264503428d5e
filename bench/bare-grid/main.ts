// The scroll bench's baseline: a bare ag-grid-community grid, no app code, with the rows the app shows
// (the same `rows.list` answer) and the same columns (ids, widths, pinned ones), placed where and as
// large as the app's grid. Column virtualisation on and plain text cells: what AG Grid alone costs.
// Also the edit bench's baseline: cells edit with AG Grid's text editor, Enter moves down as in the
// app, and a save is faked: answered after `window.__benchWireMs` (the app's wire time in the same
// run), the answer put into the row as the app puts the stored value, timed by the bench's probe.
import { AllCommunityModule, createGrid, ModuleRegistry, type ColDef } from 'ag-grid-community';

interface BareColumn {
  id: string;
  width: number;
  pinned: boolean;
}

interface BareSetup {
  columns: BareColumn[];
  rows: { id: number; values: Record<string, string> }[];
  box: { left: number; top: number; width: number; height: number };
}

type BareRow = BareSetup['rows'][number];

/** The bench's probe (bench/ui.ts pageProbe, typed there): an edit's save left; what it returns: answered. */
const probe = window as unknown as { __bench: { saveSent: () => () => void }; __benchWireMs?: number };

ModuleRegistry.registerModules([AllCommunityModule]);

async function main(): Promise<void> {
  const setup = (await (await fetch('./setup.json')).json()) as BareSetup;
  const host = document.getElementById('grid')!;
  Object.assign(host.style, Object.fromEntries(Object.entries(setup.box).map(([k, v]) => [k, `${v}px`])));
  const columnDefs: ColDef<BareRow>[] = setup.columns.map((c) => ({
    colId: c.id,
    headerName: c.id,
    width: c.width,
    pinned: c.pinned ? 'left' : undefined,
    valueGetter: (p) => p.data?.values[c.id] ?? '',
    editable: true,
    valueSetter: (p) => {
      p.data.values = { ...p.data.values, [c.id]: String(p.newValue ?? '') };
      return true;
    },
  }));
  const api = createGrid(host, {
    rowData: setup.rows,
    columnDefs,
    getRowId: (p) => String(p.data.id),
    rowHeight: 32,
    headerHeight: 34,
    animateRows: false,
    stopEditingWhenCellsLoseFocus: true,
    enterNavigatesVerticallyAfterEdit: true,
    enterNavigatesVertically: true,
    onCellValueChanged: (e) => {
      const answered = probe.__bench.saveSent();
      const row = e.data;
      setTimeout(() => {
        // The stored row comes back: it replaces the node's data, as the app's replaceRows does.
        api.getRowNode(String(row.id))?.updateData({ ...row, values: { ...row.values } });
        answered();
      }, probe.__benchWireMs ?? 0);
    },
  });
}

void main();
