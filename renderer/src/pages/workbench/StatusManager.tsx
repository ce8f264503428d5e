// The ledger's status vocabulary: labels, colours, and which statuses count as done (never overdue).
import { useState } from 'react';
import { STATUS_COLORS, type StatusDef } from '../../../../shared/api/workbench-api.js';

const COLOR_LABELS: Record<StatusDef['color'], string> = {
  green: '绿色',
  blue: '蓝色',
  yellow: '黄色',
  orange: '橙色',
  red: '红色',
  grey: '灰色',
  purple: '紫色',
};

export function StatusManager({ statuses, onSave, onClose }: { statuses: StatusDef[]; onSave: (s: StatusDef[]) => Promise<void>; onClose: () => void }) {
  const [list, setList] = useState<StatusDef[]>(statuses.map((s) => ({ ...s })));
  const update = (i: number, patch: Partial<StatusDef>) => setList((l) => l.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog status-manager" role="dialog" aria-modal="true" aria-labelledby="status-manager-title">
        <h2 id="status-manager-title">状态设置</h2>
        <p className="dialog-hint">“算作完成”的状态不会被标记为逾期。导入时“序时推进”“进展滞后”等说法会自动归入相近的状态。</p>
        {list.map((s, i) => (
          <div className="status-item" key={i}>
            <span className={`status-pill status-${s.color}`}>{s.label || '　'}</span>
            <input aria-label="状态名称" value={s.label} maxLength={20} onChange={(e) => update(i, { label: e.target.value })} />
            <select aria-label="颜色" value={s.color} onChange={(e) => update(i, { color: e.target.value as StatusDef['color'] })}>
              {STATUS_COLORS.map((c) => (
                <option key={c} value={c}>
                  {COLOR_LABELS[c]}
                </option>
              ))}
            </select>
            <label className="inline-check">
              <input type="checkbox" checked={s.done} onChange={(e) => update(i, { done: e.target.checked })} />
              算作完成
            </label>
            <button type="button" className="small danger" onClick={() => setList((l) => l.filter((_, j) => j !== i))} disabled={list.length <= 1}>
              删除
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setList((l) => [...l, { label: '', color: 'yellow', done: false }])} disabled={list.length >= 20}>
          添加状态
        </button>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            取消
          </button>
          <button type="button" className="primary" disabled={list.some((s) => !s.label.trim())} onClick={() => void onSave(list)}>
            保存
          </button>
        </div>
      </div>
    </div>
  );
}
