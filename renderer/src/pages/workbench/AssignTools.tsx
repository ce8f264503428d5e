// The workbench's 指派… and 拆分到各责任单位 buttons: bulk assignment to the selected rows (rows.assign)
// and one child row per responsible unit of the current task (rows.split).
import { useState, type RefObject } from 'react';
import { ASSIGN_FIELD_LABELS, type AssignField, type AssignMode } from '#shared/assignment.js';
import { client } from '../../api/client.js';
import { AssignDialog } from '../../ui/AssignDialog.js';
import { errorText, type NoticeState } from '../../ui/Notice.js';
import type { GridRow } from './grid-model.js';
import type { LedgerGridHandle } from './LedgerGrid.js';

export interface AssignToolsProps {
  grid: RefObject<LedgerGridHandle | null>;
  /** The focused row (used when nothing is selected). */
  current: GridRow | undefined;
  period: string | null;
  unitOptions: readonly string[];
  leaderOptions: readonly string[];
  notify: (notice: NoticeState) => void;
  /** Reload the ledger's rows after a write, focusing a row. */
  reload: (focusRowId?: number) => Promise<void>;
}

export function AssignTools({ grid, current, period, unitOptions, leaderOptions, notify, reload }: AssignToolsProps) {
  const [targets, setTargets] = useState<GridRow[] | null>(null);

  function openAssign() {
    const selected = grid.current?.selectedRows() ?? [];
    const rows = selected.length ? selected : current ? [current] : [];
    if (!rows.length) {
      notify({ kind: 'error', text: '请先选择要指派的行（按住 Ctrl 或 Shift 点击可选择多行）。' });
      return;
    }
    setTargets(rows);
  }

  async function apply(field: AssignField, value: string, mode: AssignMode): Promise<string | null> {
    if (!targets) return null;
    try {
      const out = await client.call('rows.assign', { rowIds: targets.map((r) => r.id), field, value, mode, period: period ?? undefined });
      setTargets(null);
      // Undo steps recorded before could write old values over the assignment: start afresh.
      grid.current?.clearHistory();
      await reload(targets[0]!.id);
      const unchanged = targets.length - out.skipped - out.changed;
      const notes = [
        unchanged > 0 ? `${unchanged} 行无需改动` : '',
        out.skipped > 0 ? `跳过 ${out.skipped} 个章节行` : '',
      ].filter(Boolean);
      notify({
        kind: 'info',
        text: `已${mode === 'add' ? '追加' : '指派'}${ASSIGN_FIELD_LABELS[field]}：${out.changed} 行已修改${notes.length ? `，${notes.join('，')}` : ''}。修改已记入修改历史。`,
      });
      return null;
    } catch (err) {
      return errorText(err);
    }
  }

  async function split() {
    if (!current) {
      notify({ kind: 'error', text: '请先点击要拆分的任务行。' });
      return;
    }
    try {
      const out = await client.call('rows.split', { rowId: current.id, period: period ?? undefined });
      if (!out.created) {
        notify({ kind: 'info', text: `各责任单位（${out.existing.join('、')}）都已有下级行，未添加新行。` });
        return;
      }
      grid.current?.clearHistory();
      await reload(out.rows[0]!.id);
      const names = out.rows.map((r) => r.values.units).join('、');
      notify({
        kind: 'info',
        text: `已拆分：为 ${out.created} 个责任单位各添加一行（${names}）${out.existing.length ? `，${out.existing.join('、')} 已有下级行` : ''}。请在各单位的行中填写目标和进展。`,
      });
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
    }
  }

  return (
    <div className="tool-group" role="group" aria-label="指派">
      <button type="button" onClick={openAssign} data-testid="open-assign" title="给所选各行指派牵头科室、责任单位、责任领导或完成时限（Ctrl/Shift+点击多选）">
        指派…
      </button>
      <button
        type="button"
        onClick={() => void split()}
        disabled={!current || current.level !== 'task'}
        data-testid="split-row"
        title="为当前任务的每个责任单位添加一个下级行，各单位分别填写目标和进展"
      >
        拆分到各责任单位
      </button>
      {targets && (
        <AssignDialog
          count={targets.length}
          noun="行"
          unitOptions={unitOptions}
          leaderOptions={leaderOptions}
          onApply={apply}
          onClose={() => setTargets(null)}
        />
      )}
    </div>
  );
}
