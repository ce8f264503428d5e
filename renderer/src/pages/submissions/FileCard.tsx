// One submitted file: its status, unit (a chooser when the clerk must decide), period and what it changes.
import type { SubmissionFile } from '../../../../shared/api/submission-api.js';
import type { Unit } from '../../../../shared/domain.js';

export const STATUS_LABEL: Record<SubmissionFile['status'], string> = {
  ok: '可导入',
  empty: '空表',
  'needs-unit': '需选择单位',
  duplicate: '重复文件',
  error: '无法读取',
};

const UNIT_SOURCE: Record<NonNullable<SubmissionFile['unitSource']>, string> = {
  cell: '表内“报送单位”',
  'file-name': '文件名',
  clerk: '手动选择',
};

interface Props {
  file: SubmissionFile;
  units: Unit[];
  selected: boolean;
  onSelect: () => void;
  onInclude: (included: boolean) => void;
  onUnit: (unitId: number | null) => void;
  onPeriod: (period: string) => void;
}

export function FileCard({ file, units, selected, onSelect, onInclude, onUnit, onPeriod }: Props) {
  const canInclude = file.status === 'ok';
  const canChooseUnit = file.status === 'needs-unit' || file.unitSource === 'clerk';
  return (
    <li
      className={`sub-card sub-card-${file.status}${selected ? ' selected' : ''}${canInclude && !file.included ? ' excluded' : ''}`}
      data-testid="submission-file-card"
      data-status={file.status}
      data-file={file.file}
      onClick={onSelect}
    >
      <div className="sub-card-head">
        {canInclude && (
          <input
            type="checkbox"
            checked={file.included}
            onChange={(e) => onInclude(e.target.checked)}
            title="导入这个文件"
            data-testid="submission-file-include"
          />
        )}
        <span className="sub-card-name" title={file.file}>
          {file.file}
        </span>
        <span className={`sub-badge sub-badge-${file.status}`} data-testid="submission-file-status">
          {STATUS_LABEL[file.status]}
        </span>
      </div>
      <div className="sub-card-meta">
        {file.unit && (
          <span>
            单位：<b>{file.unit}</b>
            {file.unitSource && <small>（{UNIT_SOURCE[file.unitSource]}）</small>}
          </span>
        )}
        {(file.status === 'ok' || file.status === 'needs-unit') && (
          <label className="sub-period" title="这份报送表填报的是哪个月的进展（由文件名、标题或报送日期判断，可修改）">
            月份
            <input type="month" value={file.period} onChange={(e) => e.target.value && onPeriod(e.target.value)} data-testid="submission-file-period" />
          </label>
        )}
        {file.reportDate && <span>报送日期：{file.reportDate}</span>}
      </div>
      {canChooseUnit && (
        <label className="sub-unit-chooser">
          报送单位
          <select value={file.unitId ?? ''} onChange={(e) => onUnit(e.target.value ? Number(e.target.value) : null)} data-testid="unit-chooser">
            <option value="">（请选择）</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="sub-card-message" data-testid="submission-file-message">
        {file.message}
      </p>
      {file.warnings.length > 0 && (
        <ul className="sub-warnings">
          {file.warnings.slice(0, 5).map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
          {file.warnings.length > 5 && <li>…共 {file.warnings.length} 条提示</li>}
        </ul>
      )}
    </li>
  );
}
