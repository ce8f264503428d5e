// The plan-import page's 指派 bar: how many draft tasks are ticked, select all / none, and the 指派 dialog
// that sets 牵头科室 / 责任单位 / 责任领导 / 完成时限 on them before the ledger is created.
import { useMemo, useState } from 'react';
import { ASSIGN_FIELD_LABELS } from '#shared/assignment.js';
import type { Unit } from '#shared/domain.js';
import { UnitDirectory } from '#shared/responsibility.js';
import { AssignDialog } from '../../ui/AssignDialog.js';
import type { NoticeState } from '../../ui/Notice.js';
import { allTaskKeys, assignToTasks, sectionTasks, type DraftSection, type TaskKey } from './plan-draft.js';

export interface PlanAssignBarProps {
  sections: DraftSection[];
  selected: ReadonlySet<TaskKey>;
  units: readonly Unit[];
  onSelect: (keys: ReadonlySet<TaskKey>) => void;
  onAssigned: (sections: DraftSection[]) => void;
  notify: (notice: NoticeState) => void;
}

export function PlanAssignBar({ sections, selected, units, onSelect, onAssigned, notify }: PlanAssignBarProps) {
  const [open, setOpen] = useState(false);
  const dir = useMemo(() => new UnitDirectory(units), [units]);
  const keys = useMemo(() => allTaskKeys(sections), [sections]);
  const count = keys.filter((k) => selected.has(k)).length;
  const tasks = useMemo(() => sections.flatMap(sectionTasks), [sections]);
  const unitOptions = useMemo(() => {
    const names = new Set(units.map((u) => u.name));
    for (const t of tasks) for (const n of [...t.leadUnits, ...t.units]) names.add(dir.resolve(n));
    return [...names].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  }, [units, tasks, dir]);
  const leaderOptions = useMemo(() => [...new Set(tasks.flatMap((t) => t.leaders))].sort((a, b) => a.localeCompare(b, 'zh-CN')), [tasks]);

  return (
    <div className="plan-assign-bar" data-testid="plan-assign-bar">
      <span data-testid="plan-selected-count">{count ? `已选 ${count} 条任务` : '勾选任务后可批量指派责任单位、领导和时限'}</span>
      <button type="button" className="link" onClick={() => onSelect(new Set(keys))} disabled={!keys.length || count === keys.length} data-testid="plan-select-all">
        全选
      </button>
      <button type="button" className="link" onClick={() => onSelect(new Set())} disabled={!count} data-testid="plan-select-none">
        取消选择
      </button>
      <button type="button" onClick={() => setOpen(true)} disabled={!count} data-testid="plan-assign-open">
        指派…
      </button>
      {open && (
        <AssignDialog
          count={count}
          noun="条任务"
          unitOptions={unitOptions}
          leaderOptions={leaderOptions}
          onClose={() => setOpen(false)}
          onApply={async (field, value, mode) => {
            const out = assignToTasks(sections, selected, field, value, mode, dir);
            onAssigned(out.sections);
            setOpen(false);
            const unchanged = count - out.changed;
            notify({
              kind: 'info',
              text: `已${mode === 'add' ? '追加' : '指派'}${ASSIGN_FIELD_LABELS[field]}：${out.changed} 条任务已修改${unchanged ? `，${unchanged} 条无需改动` : ''}。生成台账时写入。`,
            });
            return null;
          }}
        />
      )}
    </div>
  );
}
