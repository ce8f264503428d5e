// Import batches (with undo) and the submission tracker (who has submitted for a month, who has not).
import { useState } from 'react';
import type { BatchDto, TrackerDto } from '#shared/api/submission-api.js';
import { MonthPicker } from '../../ui/MonthPicker.js';

export function BatchList({ batches, onUndo }: { batches: BatchDto[]; onUndo: (batch: BatchDto) => Promise<void> }) {
  const [confirming, setConfirming] = useState<number | null>(null);
  if (!batches.length) return <p className="sub-empty">这本台账还没有导入过报送文件。</p>;
  return (
    <table className="sub-table" data-testid="batch-list">
      <thead>
        <tr>
          <th>批次</th>
          <th>导入时间</th>
          <th>操作人</th>
          <th>文件</th>
          <th>写入</th>
          <th>状态</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {batches.map((b) => (
          <tr key={b.id} data-testid="batch-row" data-status={b.status}>
            <td>#{b.id}</td>
            <td>{b.createdAt.slice(0, 16).replace('T', ' ')}</td>
            <td>{b.actor}</td>
            <td>
              {b.files.map((f) => (
                <div key={f.fileHash}>
                  {f.fileName}（{f.unitName}，{f.period}，{f.rowsApplied} 行）
                </div>
              ))}
            </td>
            <td>
              {b.cells} 个单元格，新增 {b.newRows} 行
            </td>
            <td>{b.status === 'applied' ? '已导入' : `已撤销 ${b.undoneAt?.slice(0, 16).replace('T', ' ') ?? ''}`}</td>
            <td>
              {b.status === 'applied' &&
                (confirming === b.id ? (
                  <span className="sub-confirm">
                    撤销整批？
                    <button type="button" className="danger" onClick={() => void onUndo(b).finally(() => setConfirming(null))} data-testid="batch-undo-confirm">
                      确认撤销
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      取消
                    </button>
                  </span>
                ) : (
                  <button type="button" onClick={() => setConfirming(b.id)} data-testid="batch-undo">
                    撤销
                  </button>
                ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Tracker({ tracker, period, onPeriod }: { tracker: TrackerDto | null; period: string; onPeriod: (p: string) => void }) {
  return (
    <div className="sub-tracker" data-testid="tracker">
      <div className="page-toolbar">
        <label>
          报送月份 <MonthPicker value={period} onChange={onPeriod} data-testid="tracker-period" />
        </label>
        {tracker && (
          <span data-testid="tracker-summary">
            已报送 <b>{tracker.submitted}</b> 个单位，未报送 <b className="sub-missing">{tracker.missing}</b> 个
          </span>
        )}
      </div>
      {tracker && !tracker.units.length && <p className="sub-empty">单位名录是空的：请先添加学校和科室，才能统计报送情况。</p>}
      {tracker && tracker.units.length > 0 && (
        <table className="sub-table">
          <thead>
            <tr>
              <th>单位</th>
              <th>状态</th>
              <th>报送文件</th>
            </tr>
          </thead>
          <tbody>
            {tracker.units.map((u) => (
              <tr key={u.unitId} data-testid="tracker-unit" data-submitted={u.submitted}>
                <td>{u.name}</td>
                <td className={u.submitted ? 'sub-done' : 'sub-missing'}>{u.submitted ? '已报送' : '未报送'}</td>
                <td>
                  {u.files.map((f) => (
                    <div key={`${f.batchId}-${f.fileName}`}>
                      {f.fileName}（批次 #{f.batchId}
                      {f.reportDate ? `，报送日期 ${f.reportDate}` : ''}）
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
