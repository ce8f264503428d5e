// The workbench: the chosen ledger's rows in the grid, with row insert/delete.
import { useCallback, useEffect, useState } from 'react';
import type { FieldKey } from '../../../../shared/fields.js';
import { client } from '../../api/client.js';
import { errorText } from '../../ui/Notice.js';
import type { PageProps } from '../page-props.js';
import { LedgerGrid, withDepth, type GridRow } from './LedgerGrid.js';

export function WorkbenchPage({ ledger, notify }: PageProps) {
  const ledgerId = ledger?.id;
  const [rows, setRows] = useState<GridRow[]>([]);
  const [selected, setSelected] = useState<GridRow | undefined>();

  const fail = useCallback((err: unknown) => notify({ kind: 'error', text: errorText(err) }), [notify]);

  const loadRows = useCallback(
    async (id: number) => {
      try {
        setRows(withDepth(await client.call('rows.list', { ledgerId: id })));
      } catch (err) {
        fail(err);
      }
    },
    [fail],
  );

  useEffect(() => {
    setSelected(undefined);
    if (ledgerId != null) void loadRows(ledgerId);
    else setRows([]);
  }, [ledgerId, loadRows]);

  async function addRow() {
    if (ledgerId == null) return;
    try {
      await client.call('rows.add', { ledgerId, parentId: selected?.parentId ?? null, afterId: selected?.id ?? null, level: selected?.level });
      await loadRows(ledgerId);
    } catch (err) {
      fail(err);
    }
  }

  async function deleteRow() {
    if (!selected || ledgerId == null) return;
    const label = selected.values.code || selected.values.task || '所选行';
    if (!window.confirm(`确定删除“${label}”及其下级行吗？删除记录会保留在修改历史中。`)) return;
    try {
      const { deleted } = await client.call('rows.delete', { rowId: selected.id });
      setSelected(undefined);
      await loadRows(ledgerId);
      notify({ kind: 'info', text: `已删除 ${deleted} 行。` });
    } catch (err) {
      fail(err);
    }
  }

  const editCell = useCallback(
    async (rowId: number, field: FieldKey, value: string) => {
      try {
        return await client.call('rows.updateCell', { rowId, field, value });
      } catch (err) {
        fail(err);
        return undefined;
      }
    },
    [fail],
  );

  if (ledgerId == null) return <p className="empty">请先在上方新建或选择一个台账。</p>;

  return (
    <div className="page page-workbench">
      <div className="page-toolbar">
        <button type="button" onClick={addRow} data-testid="add-row">
          添加行
        </button>
        <button type="button" onClick={deleteRow} disabled={!selected} data-testid="delete-row">
          删除行
        </button>
      </div>
      <LedgerGrid rows={rows} onEdit={editCell} onSelect={setSelected} />
    </div>
  );
}
