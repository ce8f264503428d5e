// 随报送的佐证材料: the photos and documents a submission carries (in its .zip, or dropped with the forms),
// shown in the preview before anything is written: which unit, month and rows each goes to, or why not.
import { useEffect, useState } from 'react';
import { EVIDENCE_TYPE_LABELS, type SubmissionEvidenceItem } from '#shared/api/evidence-api.js';
import { client } from '../../api/client.js';
import { periodLabel } from '../workbench/as-of-display.js';
import './submission-evidence.css';

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export function SubmissionEvidence({ previewId, version }: { previewId: string; version: unknown }) {
  const [items, setItems] = useState<SubmissionEvidenceItem[]>([]);
  useEffect(() => {
    let live = true;
    client.call('submissions.evidence', { previewId }).then(
      (list) => live && setItems(list),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, [previewId, version]);
  if (!items.length) return null;
  const attached = items.filter((i) => i.attach);
  return (
    <details className="sub-evidence" open data-testid="submission-evidence">
      <summary>
        随报送的佐证材料：{items.length} 个文件，导入时将添加 {attached.length} 个到对应单位、月份的台账行
        {items.length > attached.length ? `，${items.length - attached.length} 个不能添加` : ''}
      </summary>
      <table>
        <thead>
          <tr>
            <th>文件</th>
            <th>类型</th>
            <th>单位</th>
            <th>月份</th>
            <th>添加到</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={`${i.container ?? ''}/${i.path}`} className={i.attach ? '' : 'sub-warn'} data-testid="submission-evidence-item">
              <td title={i.container ? `${i.container} › ${i.path}` : i.path}>
                {i.name}
                {i.size ? `（${size(i.size)}）` : ''}
              </td>
              <td>{i.type ? EVIDENCE_TYPE_LABELS[i.type] : '—'}</td>
              <td>{i.unit ?? '—'}</td>
              <td>{i.period ? periodLabel(i.period) : '—'}</td>
              <td title={i.rows.map((r) => r.label).join('\n')}>
                {i.rows.length ? `${i.rows.length === 1 ? i.rows[0]!.label : `${i.rows.length} 行`}（${i.reason}）` : i.reason}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
