// The column manager: add clerk-defined columns, rename, hide, reorder, change a custom column's type.
import { useEffect, useState } from 'react';
import { COLUMN_TYPE_LABELS, COLUMN_TYPES, type CustomColumn } from '#shared/api/workbench-api.js';
import type { FieldType } from '#shared/fields.js';
import { isComputedColumn } from './as-of-display.js';
import { PINNED_COLUMNS, type ColumnInfo } from './column-layout.js';

export interface ColumnEdit {
  id: string;
  label: string;
  hidden: boolean;
  type: FieldType;
  custom: CustomColumn | null;
}

export interface ColumnManagerProps {
  columns: ColumnInfo[];
  onAdd: (label: string, type: FieldType, perPeriod: boolean) => Promise<boolean>;
  onDelete: (column: CustomColumn) => Promise<void>;
  onSave: (columns: ColumnEdit[]) => Promise<void>;
  onClose: () => void;
}

const isPinned = (id: string) => (PINNED_COLUMNS as readonly string[]).includes(id);

export function ColumnManager({ columns, onAdd, onDelete, onSave, onClose }: ColumnManagerProps) {
  const [list, setList] = useState<ColumnEdit[]>(() => columns.map(({ id, label, hidden, type, custom }) => ({ id, label, hidden, type, custom })));
  const [label, setLabel] = useState('');
  const [type, setType] = useState<FieldType>('text');
  const [perPeriod, setPerPeriod] = useState(false);
  const [busy, setBusy] = useState(false);

  // Columns added or deleted while the dialog is open.
  useEffect(() => {
    setList((current) => {
      const ids = new Set(columns.map((c) => c.id));
      const kept = current.filter((c) => ids.has(c.id));
      const known = new Set(kept.map((c) => c.id));
      const added = columns.filter((c) => !known.has(c.id)).map(({ id, label: l, hidden, type: t, custom }) => ({ id, label: l, hidden, type: t, custom }));
      return [...kept, ...added];
    });
  }, [columns]);

  const update = (i: number, patch: Partial<ColumnEdit>) => setList((l) => l.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const move = (i: number, d: -1 | 1) =>
    setList((l) => {
      const j = i + d;
      if (j < 0 || j >= l.length || isPinned(l[j]!.id) || isPinned(l[i]!.id)) return l;
      const next = [...l];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });

  async function add() {
    if (!label.trim()) return;
    setBusy(true);
    if (await onAdd(label.trim(), type, perPeriod)) setLabel('');
    setBusy(false);
  }

  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog column-manager" role="dialog" aria-modal="true" aria-labelledby="column-manager-title" data-testid="column-manager">
        <h2 id="column-manager-title">列设置</h2>
        <form
          className="column-add"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <input
            aria-label="新列名称"
            placeholder="新列名称，例如：资金（万元）"
            value={label}
            maxLength={50}
            onChange={(e) => setLabel(e.target.value)}
            data-testid="column-add-label"
            autoFocus
          />
          <select aria-label="新列类型" value={type} onChange={(e) => setType(e.target.value as FieldType)} data-testid="column-add-type">
            {COLUMN_TYPES.map((t) => (
              <option key={t} value={t}>
                {COLUMN_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          <label className="inline-check" title="像进展情况一样每月填报，按月保存">
            <input type="checkbox" checked={perPeriod} onChange={(e) => setPerPeriod(e.target.checked)} />
            每月填报
          </label>
          <button type="submit" className="primary" disabled={busy || !label.trim()} data-testid="column-add-submit">
            添加列
          </button>
        </form>
        <div className="column-list" role="list">
          {list.map((c, i) => (
            <div className="column-item" role="listitem" key={c.id} data-testid={`column-item-${c.id}`}>
              <input
                type="checkbox"
                aria-label={`显示“${c.label}”`}
                title={isPinned(c.id) ? '固定列，始终显示' : '显示此列'}
                checked={!c.hidden}
                disabled={isPinned(c.id)}
                onChange={(e) => update(i, { hidden: !e.target.checked })}
              />
              <input aria-label="列名" className="column-label" value={c.label} maxLength={50} onChange={(e) => update(i, { label: e.target.value })} />
              {c.custom ? (
                <select aria-label="列类型" value={c.type} onChange={(e) => update(i, { type: e.target.value as FieldType })}>
                  {COLUMN_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {COLUMN_TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="column-type" title={isComputedColumn(c.id) ? '按进度自动计算，不能填写' : undefined}>
                  {isComputedColumn(c.id) ? '自动' : COLUMN_TYPE_LABELS[c.type]}
                </span>
              )}
              <button type="button" className="small" onClick={() => move(i, -1)} disabled={isPinned(c.id) || i === 0 || isPinned(list[i - 1]!.id)} aria-label="上移">
                ↑
              </button>
              <button type="button" className="small" onClick={() => move(i, 1)} disabled={isPinned(c.id) || i === list.length - 1} aria-label="下移">
                ↓
              </button>
              {c.custom ? (
                <button
                  type="button"
                  className="small danger"
                  onClick={() => {
                    if (window.confirm(`确定删除列“${c.custom!.label}”吗？该列已填写的内容会保留在修改历史中。`)) void onDelete(c.custom!);
                  }}
                >
                  删除
                </button>
              ) : (
                <span className="column-std">标准列</span>
              )}
            </div>
          ))}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            取消
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || list.some((c) => !c.label.trim())}
            onClick={async () => {
              setBusy(true);
              await onSave(list);
              setBusy(false);
            }}
            data-testid="column-manager-save"
          >
            保存
          </button>
        </div>
      </div>
    </div>
  );
}
