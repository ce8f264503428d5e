// The scroll bench's baseline: a bare ag-grid-community grid, no app code, with the rows the app shows
// (the same `rows.list` answer) and the same columns (ids, widths, pinned ones), placed where and as
// large as the app's grid. Column virtualisation on and plain text cells: what AG Grid alone costs.
// Also the edit bench's baseline: cells edit with AG Grid's text editor, Enter moves down as in the
// app, and each save is a real POST over loopback HTTP to the page's own server (bench/ui.ts
// bareServer), which holds it so that its wire time matches the app's in the same run, and echoes it;
// the answer is put into the row as the app puts the stored value, timed by the bench's probe.
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
const probe = window as unknown as { __bench: { saveSent: () => () => void; editWire: number[] } };
const SAVE_URL = new URL('./save', location.href).href;

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
      void fetch(SAVE_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: row.id, values: row.values }) })
        .then((res) => res.text())
        .then((text) => {
          // The stored row comes back: it replaces the node's data, as the app's replaceRows does.
          const stored = JSON.parse(text) as { id: number; values: Record<string, string> };
          api.getRowNode(String(stored.id))?.updateData({ ...row, values: stored.values });
          answered();
          const entry = performance.getEntriesByName(SAVE_URL).at(-1) as PerformanceResourceTiming | undefined;
          if (entry) probe.__bench.editWire.push(entry.responseEnd - entry.requestStart);
        });
    },
  });
}

void main();
