// Quick search and filters (unit, leader, status, overdue) with saved views.
import { useState } from 'react';
import type { SavedView, StatusDef, ViewState } from '#shared/api/workbench-api.js';
import { CATEGORY_LABELS, LIGHT_LABELS } from '#shared/as-of.js';
import { EMPTY_VIEW, isFiltering } from './grid-model.js';

export interface FilterBarProps {
  view: ViewState;
  onChange: (view: ViewState) => void;
  units: string[];
  leaders: string[];
  statuses: StatusDef[];
  views: SavedView[];
  onSaveView: (name: string) => Promise<boolean>;
  onDeleteView: (view: SavedView) => void;
  shown: number | null;
  total: number;
}

export function FilterBar({ view, onChange, units, leaders, statuses, views, onSaveView, onDeleteView, shown, total }: FilterBarProps) {
  const set = (patch: Partial<ViewState>) => onChange({ ...view, ...patch });
  // Electron has no window.prompt: the view's name is asked for in place.
  const [naming, setNaming] = useState<string | null>(null);
  const active = views.find((v) => JSON.stringify(v.state) === JSON.stringify(view));
  return (
    <div className="filter-bar" role="search">
      <input
        type="search"
        className="filter-search"
        placeholder="搜索全表（Ctrl+F）"
        aria-label="搜索全表"
        value={view.search}
        onChange={(e) => set({ search: e.target.value })}
        data-testid="filter-search"
      />
      <select aria-label="按单位筛选" value={view.unit} onChange={(e) => set({ unit: e.target.value })} data-testid="filter-unit">
        <option value="">全部单位</option>
        {units.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
      <select aria-label="按责任领导筛选" value={view.leader} onChange={(e) => set({ leader: e.target.value })} data-testid="filter-leader">
        <option value="">全部领导</option>
        {leaders.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
      <select aria-label="按状态筛选" value={view.status} onChange={(e) => set({ status: e.target.value })} data-testid="filter-status">
        <option value="">全部状态</option>
        {statuses.map((s) => (
          <option key={s.label} value={s.label}>
            {s.label}
          </option>
        ))}
      </select>
      <label className="filter-check">
        <input type="checkbox" checked={view.overdue} onChange={(e) => set({ overdue: e.target.checked })} data-testid="filter-overdue" />
        只看逾期
      </label>
      {/* Filters set from the 统计 page (by the rows' facts as of the month): shown as removable chips. */}
      {view.light && (
        <button type="button" className="filter-chip" onClick={() => set({ light: undefined })} data-testid="filter-light" title="取消此筛选">
          {LIGHT_LABELS[view.light]} ×
        </button>
      )}
      {view.category && (
        <button type="button" className="filter-chip" onClick={() => set({ category: undefined })} data-testid="filter-category" title="取消此筛选">
          {CATEGORY_LABELS[view.category]} ×
        </button>
      )}
      {view.rowIds && (
        <button type="button" className="filter-chip" onClick={() => set({ rowIds: undefined })} data-testid="filter-rows" title="取消此筛选">
          需关注事项 {view.rowIds.length} 行 ×
        </button>
      )}
      {isFiltering(view) && (
        <button type="button" onClick={() => onChange(EMPTY_VIEW)} data-testid="filter-clear">
          清除筛选
        </button>
      )}
      <span className="filter-sep" />
      <select
        aria-label="已保存的视图"
        value={active ? String(active.id) : ''}
        onChange={(e) => {
          const v = views.find((x) => String(x.id) === e.target.value);
          onChange(v ? v.state : EMPTY_VIEW);
        }}
        data-testid="view-picker"
      >
        <option value="">{views.length ? '选择视图…' : '（无保存的视图）'}</option>
        {views.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
      {naming === null ? (
        <button type="button" onClick={() => setNaming('')} disabled={!isFiltering(view)} data-testid="view-save">
          保存视图
        </button>
      ) : (
        <form
          className="view-name"
          onSubmit={async (e) => {
            e.preventDefault();
            if (naming.trim() && (await onSaveView(naming.trim()))) setNaming(null);
          }}
        >
          <input
            autoFocus
            aria-label="视图名称"
            placeholder="视图名称，如：逾期事项"
            maxLength={40}
            value={naming}
            onChange={(e) => setNaming(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setNaming(null)}
            data-testid="view-name"
          />
          <button type="submit" className="primary" disabled={!naming.trim()} data-testid="view-name-submit">
            保存
          </button>
          <button type="button" onClick={() => setNaming(null)}>
            取消
          </button>
        </form>
      )}
      {active && (
        <button type="button" onClick={() => onDeleteView(active)} title={`删除视图“${active.name}”`}>
          删除视图
        </button>
      )}
      <span className="filter-count" data-testid="filter-count">
        {shown == null ? `共 ${total} 行` : `筛选出 ${shown} 行 / 共 ${total} 行`}
      </span>
    </div>
  );
}
