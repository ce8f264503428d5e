import { useState, type FormEvent } from 'react';

export function NewLedgerDialog({
  onCreate,
  onCancel,
  onImportExcel,
}: {
  onCreate: (name: string) => Promise<void>;
  onCancel: () => void;
  /** 从 Excel 导入: open an existing Excel ledger instead of starting an empty one. */
  onImportExcel?: () => void;
}) {
  const [name, setName] = useState(`${new Date().getFullYear()}年重点工作台账`);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      await onCreate(name.trim());
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="new-ledger-title" onSubmit={submit}>
        <h2 id="new-ledger-title">新建台账</h2>
        <label>
          台账名称
          <input autoFocus value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="new-ledger-name" />
        </label>
        <div className="dialog-actions">
          {onImportExcel && (
            <button type="button" onClick={onImportExcel} data-testid="new-ledger-from-excel" title="打开单位现有的 Excel 台账，生成新台账">
              从 Excel 导入…
            </button>
          )}
          <button type="button" onClick={onCancel}>
            取消
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim()} data-testid="new-ledger-submit">
            创建
          </button>
        </div>
      </form>
    </div>
  );
}
