// 导出佐证材料: the package (.zip: 序号-任务/单位/月份/文件名 + 清单.xlsx) for the month, quarter or year shown,
// of the rows the workbench shows: all, or what the filter keeps (one unit, a report's attention list
// opened from the 统计 page, a saved view).
import { useState } from 'react';
import { client } from '../../../api/client.js';
import { SAVE_CANCELLED_TEXT, saveFile, savedWhere } from '../../../api/host-files.js';
import { errorText, type NoticeState } from '../../../ui/Notice.js';

type Scope = 'month' | 'quarter' | 'year' | 'all';

function periodFor(period: string, scope: Scope): string | undefined {
  if (scope === 'month') return period;
  if (scope === 'quarter') return `${period.slice(0, 4)}-Q${Math.ceil(Number(period.slice(5, 7)) / 3)}`;
  if (scope === 'year') return period.slice(0, 4);
  return undefined;
}

export interface EvidenceExportProps {
  ledgerId: number;
  period: string | null;
  /** The rows the filter shows; null: no filter (every row). */
  visible: ReadonlySet<number> | null;
  notify: (n: NoticeState) => void;
}

export function EvidenceExport({ ledgerId, period, visible, notify }: EvidenceExportProps) {
  const [scope, setScope] = useState<Scope>('month');
  const [busy, setBusy] = useState(false);

  async function run() {
    if (!period) return;
    setBusy(true);
    try {
      const p = periodFor(period, scope);
      const r = await client.call('evidence.export', { ledgerId, ...(p ? { period: p } : {}), ...(visible ? { rowIds: [...visible] } : {}) });
      const saved = await saveFile({ fileName: r.fileName, bytes: r.bytes });
      if (!saved.saved) {
        notify({ kind: 'info', text: SAVE_CANCELLED_TEXT });
        return;
      }
      notify({ kind: 'info', text: `已导出 ${r.files} 个佐证材料和清单（${r.fileName}）${visible ? '，只含筛选出的行' : ''}${savedWhere(saved)}。` });
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <select value={scope} onChange={(e) => setScope(e.target.value as Scope)} aria-label="导出佐证材料的期间" data-testid="evidence-export-scope">
        <option value="month">本月</option>
        <option value="quarter">本季度</option>
        <option value="year">全年</option>
        <option value="all">全部月份</option>
      </select>
      <button type="button" onClick={() => void run()} disabled={busy || !period} data-testid="evidence-export" title="导出佐证材料包（按 序号-任务/单位/月份 分文件夹，附清单）；有筛选时只导出筛选出的行">
        {busy ? '正在导出…' : '导出佐证材料'}
      </button>
    </>
  );
}
