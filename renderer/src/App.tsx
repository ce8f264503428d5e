// The main window: ledger picker, toolbar, grid.
import { useCallback, useEffect, useState } from 'react';
import type { Ledger } from '../../shared/domain.js';
import type { FieldKey } from '../../shared/fields.js';
import { client } from './api/client.js';
import { LedgerGrid, withDepth, type GridRow } from './ledger/LedgerGrid.js';
import { NewLedgerDialog } from './ledger/NewLedgerDialog.js';
import { errorText, Notice, type NoticeState } from './ui/Notice.js';

export function App() {
  const [ledgers, setLedgers] = useState<Ledger[]>([]);
  const [ledgerId, setLedgerId] = useState<number | null>(null);
  const [rows, setRows] = useState<GridRow[]>([]);
  const [selected, setSelected] = useState<GridRow | undefined>();
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [creating, setCreating] = useState(false);
  const [loading, setLoading] = useState(true);

  const fail = useCallback((err: unknown) => setNotice({ kind: 'error', text: errorText(err) }), []);

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
    client
      .call('ledger.list', {})
      .then((list) => {
        setLedgers(list);
        if (list.length) setLedgerId(list[0].id);
      })
      .catch(fail)
      .finally(() => setLoading(false));
  }, [fail]);

  useEffect(() => {
    if (ledgerId == null) return;
    setSelected(undefined);
    void loadRows(ledgerId);
    client.call('ledger.open', { ledgerId }).catch(fail);
  }, [ledgerId, loadRows, fail]);

  const current = ledgers.find((l) => l.id === ledgerId);
  useEffect(() => {
    document.title = current ? `${current.name} - 台账` : '台账';
  }, [current]);

  async function createLedger(name: string) {
    try {
      const ledger = await client.call('ledger.create', { name });
      setLedgers((list) => [ledger, ...list]);
      setLedgerId(ledger.id);
      setCreating(false);
      setNotice({ kind: 'info', text: `已新建台账“${ledger.name}”。` });
    } catch (err) {
      fail(err);
    }
  }

  async function addRow() {
    if (ledgerId == null) return;
    try {
      const parentId = selected?.parentId ?? null;
      await client.call('rows.add', { ledgerId, parentId, afterId: selected?.id ?? null, level: selected?.level });
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
      setNotice({ kind: 'info', text: `已删除 ${deleted} 行。` });
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

  return (
    <div className="app">
      <header className="toolbar">
        <h1>台账</h1>
        <label className="ledger-picker">
          当前台账
          <select
            value={ledgerId ?? ''}
            onChange={(e) => setLedgerId(Number(e.target.value))}
            disabled={!ledgers.length}
            data-testid="ledger-picker"
          >
            {!ledgers.length && <option value="">（暂无台账）</option>}
            {ledgers.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setCreating(true)} data-testid="new-ledger">
          新建台账
        </button>
        <span className="spacer" />
        <button type="button" onClick={addRow} disabled={ledgerId == null} data-testid="add-row">
          添加行
        </button>
        <button type="button" onClick={deleteRow} disabled={!selected} data-testid="delete-row">
          删除行
        </button>
      </header>
      <Notice notice={notice} onClose={() => setNotice(null)} />
      <main className="content">
        {loading ? (
          <p className="empty">正在加载…</p>
        ) : ledgerId == null ? (
          <div className="empty">
            <p>还没有台账。</p>
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              新建台账
            </button>
          </div>
        ) : (
          <LedgerGrid rows={rows} onEdit={editCell} onSelect={setSelected} />
        )}
      </main>
      {creating && <NewLedgerDialog onCreate={createLedger} onCancel={() => setCreating(false)} />}
    </div>
  );
}
