// The scroll bench's baseline: a bare ag-grid-community grid, no app code, with the rows the app shows
// (the same `rows.list` answer) and the same columns (ids, widths, pinned ones), placed where and as
// large as the app's grid. Column virtualisation on and plain text cells: what AG Grid alone costs.
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

ModuleRegistry.registerModules([AllCommunityModule]);

async function main(): Promise<void> {
  const setup = (await (await fetch('./setup.json')).json()) as BareSetup;
  const host = document.getElementById('grid')!;
  Object.assign(host.style, Object.fromEntries(Object.entries(setup.box).map(([k, v]) => [k, `${v}px`])));
  const columnDefs: ColDef<BareSetup['rows'][number]>[] = setup.columns.map((c) => ({
    colId: c.id,
    headerName: c.id,
    width: c.width,
    pinned: c.pinned ? 'left' : undefined,
    valueGetter: (p) => p.data?.values[c.id] ?? '',
  }));
  createGrid(host, {
    rowData: setup.rows,
    columnDefs,
    getRowId: (p) => String(p.data.id),
    rowHeight: 32,
    headerHeight: 34,
    animateRows: false,
  });
}

void main();
