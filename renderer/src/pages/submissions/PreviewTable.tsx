// The diff of one file: each submitted row, where it goes, and its cells old → new, with a tick box.
import type { SubmissionFile, SubmissionRow } from '#shared/api/submission-api.js';
import { FIELD_BY_KEY } from '#shared/fields.js';

const ACTION_LABEL: Record<SubmissionRow['action'], string> = {
  update: '更新',
  new: '新增行',
  unchanged: '无变化',
  unmatched: '无法匹配',
};

interface Props {
  file: SubmissionFile;
  onToggle: (row: SubmissionRow, included: boolean) => void;
}

export function PreviewTable({ file, onToggle }: Props) {
  if (file.status !== 'ok' && file.status !== 'needs-unit') {
    return <p className="sub-empty">{file.message}</p>;
  }
  if (!file.rows.length) return <p className="sub-empty">这个文件没有数据行。</p>;
  const editable = file.status === 'ok' && file.included;
  return (
    <table className="sub-diff" data-testid="submission-preview">
      <thead>
        <tr>
          <th className="sub-col-tick">导入</th>
          <th className="sub-col-cell">位置</th>
          <th className="sub-col-task">报送内容</th>
          <th className="sub-col-target">台账中的去向</th>
          <th>变化（原值 → 新值）</th>
        </tr>
      </thead>
      <tbody>
        {file.rows.map((r) => {
          const tickable = editable && (r.action === 'update' || r.action === 'new');
          return (
            <tr key={r.key} className={`sub-row sub-row-${r.action}${r.conflict ? ' sub-row-conflict' : ''}`} data-testid="submission-row" data-action={r.action}>
              <td className="sub-col-tick">
                <input type="checkbox" checked={r.included} disabled={!tickable} onChange={(e) => onToggle(r, e.target.checked)} data-testid="submission-row-include" />
              </td>
              <td className="sub-col-cell">{r.cell}</td>
              <td className="sub-col-task">
                <b>{r.taskCode}</b> {r.taskText}
                {r.measures && <div className="sub-measure">{r.measures}</div>}
              </td>
              <td className="sub-col-target">
                <span className={`sub-action sub-action-${r.action}`}>{ACTION_LABEL[r.action]}</span> {r.targetLabel}
                {r.note && <div className="sub-note">{r.note}</div>}
                {r.conflict && (
                  <div className="sub-conflict" data-testid="submission-conflict">
                    冲突：{r.conflict.message}
                  </div>
                )}
              </td>
              <td>
                <ul className="sub-changes">
                  {r.changes.map((c) => (
                    <li key={c.field} data-testid="submission-change" data-field={c.field}>
                      <span className="sub-field">{FIELD_BY_KEY[c.field].label}</span>
                      {r.action === 'update' && <del>{c.oldValue || '（空）'}</del>}
                      {r.action === 'update' && ' → '}
                      <ins>{c.newValue}</ins>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
