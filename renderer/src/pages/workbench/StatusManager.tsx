// The ledger's status vocabulary (labels, colours, and what each counts as: 已完成/推进中/未启动/滞后)
// and its light thresholds (how far behind 序时进度 is still green or yellow).
import { useState } from 'react';
import { STATUS_COLORS, statusCategory, type LedgerSettings, type StatusDef } from '#shared/api/workbench-api.js';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '#shared/as-of.js';

const COLOR_LABELS: Record<StatusDef['color'], string> = {
  green: '绿色',
  blue: '蓝色',
  yellow: '黄色',
  orange: '橙色',
  red: '红色',
  grey: '灰色',
  purple: '紫色',
};

export interface StatusManagerProps {
  statuses: StatusDef[];
  settings: LedgerSettings;
  onSave: (statuses: StatusDef[], settings: LedgerSettings) => Promise<void>;
  onClose: () => void;
}

/** A threshold typed by the clerk: whole or decimal points 0–100; null when unreadable. */
function points(text: string): number | null {
  const t = text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n <= 100 ? n : null;
}

export function StatusManager({ statuses, settings, onSave, onClose }: StatusManagerProps) {
  // Each status with its category made explicit (the default follows its label and done flag).
  const [list, setList] = useState<StatusDef[]>(statuses.map((s) => ({ ...s, category: statusCategory(s) })));
  const [green, setGreen] = useState(String(settings.lights.green));
  const [yellow, setYellow] = useState(String(settings.lights.yellow));
  const update = (i: number, patch: Partial<StatusDef>) => setList((l) => l.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const g = points(green);
  const y = points(yellow);
  const thresholdError = g === null || y === null ? '请填写 0–100 之间的数字。' : g > y ? '绿灯的阈值不能大于黄灯的阈值。' : '';
  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog status-manager" role="dialog" aria-modal="true" aria-labelledby="status-manager-title">
        <h2 id="status-manager-title">状态设置</h2>
        <p className="dialog-hint">
          “类别”决定状态在亮灯、完成率和汇总中算作什么：已完成的不会逾期、亮绿灯。导入时“序时推进”“进展滞后”等说法会自动归入相近的状态。
        </p>
        {list.map((s, i) => (
          <div className="status-item" key={i} data-testid="status-item">
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
              类别
              <select
                aria-label="类别"
                data-testid="status-category"
                value={s.category}
                onChange={(e) => {
                  const category = e.target.value as Category;
                  update(i, { category, done: category === 'done' });
                }}
              >
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {CATEGORY_LABELS[c]}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="small danger" onClick={() => setList((l) => l.filter((_, j) => j !== i))} disabled={list.length <= 1}>
              删除
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setList((l) => [...l, { label: '', color: 'yellow', done: false, category: 'inProgress' }])}
          disabled={list.length >= 20}
        >
          添加状态
        </button>
        <fieldset className="light-thresholds">
          <legend>亮灯（与序时进度相比）</legend>
          <label className="inline-check">
            <span className="light light-green">
              <span className="light-dot" aria-hidden="true" />
              绿灯
            </span>
            ：落后序时不超过
            <input aria-label="绿灯阈值" data-testid="threshold-green" inputMode="decimal" value={green} onChange={(e) => setGreen(e.target.value)} />
            个百分点
          </label>
          <label className="inline-check">
            <span className="light light-yellow">
              <span className="light-dot" aria-hidden="true" />
              黄灯
            </span>
            ：不超过
            <input aria-label="黄灯阈值" data-testid="threshold-yellow" inputMode="decimal" value={yellow} onChange={(e) => setYellow(e.target.value)} />
            个百分点
          </label>
          <p className="dialog-hint">落后更多或已逾期的亮红灯；已完成的亮绿灯；只有下级填报的行取下级中最差的灯。</p>
          {thresholdError && <p className="unit-error">{thresholdError}</p>}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            取消
          </button>
          <button
            type="button"
            className="primary"
            data-testid="save-statuses"
            disabled={list.some((s) => !s.label.trim()) || !!thresholdError}
            onClick={() => void onSave(list, { ...settings, lights: { green: g!, yellow: y! } })}
          >
            保存
          </button>
        </div>
      </div>
    </div>
  );
}
