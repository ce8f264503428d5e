// The previewed tree of an Excel ledger, and the table of changes taken back from an exported file.
import type { LedgerImportPreview, MergePreview } from '#shared/api/ledger-import-api.js';
import { FIELD_BY_KEY, type FieldKey } from '#shared/fields.js';

const LEVEL: Record<string, string> = { section: '大项', task: '任务', item: '子项' };
const SHOWN: FieldKey[] = ['leadDept', 'units', 'deadline', 'target', 'achieved', 'progressPct', 'status'];

export function ImportTree({ preview }: { preview: LedgerImportPreview }) {
  const flagged = new Set(preview.issues.map((i) => i.cell));
  return (
    <table className="sub-table li-tree" data-testid="li-tree">
      <thead>
        <tr>
          <th>位置</th>
          <th>层级</th>
          <th>序号</th>
          <th>工作任务 / 具体措施</th>
          {SHOWN.map((f) => (
            <th key={f}>{FIELD_BY_KEY[f].label}</th>
          ))}
          <th>其他列</th>
        </tr>
      </thead>
      <tbody>
        {preview.nodes.map((n) => {
          const v = n.values;
          const text = n.level === 'item' ? v['measures'] : v['task'];
          return (
            <tr key={n.key} className={`li-node li-${n.level}`} data-testid="li-node" data-level={n.level}>
              <td>{n.cell}</td>
              <td>{LEVEL[n.level]}</td>
              <td>{v['code'] ?? ''}</td>
              <td style={{ paddingLeft: 8 + n.depth * 18 }}>{text}</td>
              {SHOWN.map((f) => {
                const col = preview.columns.find((c) => c.field === f);
                const bad = col && v[f] !== undefined && [...flagged].some((cell) => cell.startsWith(col.letter) && cell.slice(col.letter.length) === n.cell.replace(/^[A-Z]+/, ''));
                return (
                  <td key={f} className={bad ? 'li-bad' : undefined} title={bad ? '没能识别，按原文保存' : undefined}>
                    {v[f] ?? ''}
                  </td>
                );
              })}
              <td>
                {Object.entries(n.custom)
                  .map(([k, val]) => `${k}：${val}`)
                  .join('；')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface MergeProps {
  merge: MergePreview;
  chosen: Set<string>;
  onToggle: (key: string, on: boolean) => void;
}

export function MergeTable({ merge, chosen, onToggle }: MergeProps) {
  if (!merge.changes.length && !merge.added.length && !merge.deleted.length) {
    return <p className="plan-ok" data-testid="li-merge-none">文件与导出时相比没有改动。</p>;
  }
  return (
    <table className="sub-table li-merge" data-testid="li-merge">
      <thead>
        <tr>
          <th>导入</th>
          <th>位置</th>
          <th>台账行</th>
          <th>列</th>
          <th>导出时 → 文件中</th>
          <th>软件中现在</th>
        </tr>
      </thead>
      <tbody>
        {merge.changes.map((c) => (
          <tr key={c.key} className={c.conflict ? 'li-conflict' : undefined} data-testid="li-change" data-conflict={c.conflict ? '1' : '0'}>
            <td>
              <input type="checkbox" checked={chosen.has(c.key)} onChange={(e) => onToggle(c.key, e.target.checked)} data-testid="li-change-include" />
            </td>
            <td>{c.cell}</td>
            <td>{c.rowLabel}</td>
            <td>{c.fieldLabel}</td>
            <td>
              <del>{(c.exportedValue ?? c.appValue) || '（空）'}</del> → <ins>{c.fileValue || '（空）'}</ins>
            </td>
            <td>{c.conflict ? <b className="sub-conflict">冲突：软件中已改为“{c.appValue || '（空）'}”</b> : c.appValue}</td>
          </tr>
        ))}
        {merge.added.map((a) => (
          <tr key={a.key} data-testid="li-added">
            <td>
              <input type="checkbox" checked={chosen.has(a.key)} onChange={(e) => onToggle(a.key, e.target.checked)} />
            </td>
            <td>{a.cell}</td>
            <td colSpan={4}>
              <span className="sub-action sub-action-new">Excel 中新增的{LEVEL[a.level]}</span> {a.label}
            </td>
          </tr>
        ))}
        {merge.deleted.map((d) => (
          <tr key={d.key} data-testid="li-deleted">
            <td>
              <input type="checkbox" checked={chosen.has(d.key)} onChange={(e) => onToggle(d.key, e.target.checked)} />
            </td>
            <td />
            <td colSpan={4}>
              <span className="sub-action sub-action-unmatched">Excel 中删除的{LEVEL[d.level]}</span> {d.label}（勾选后才会从台账删除，撤销批次不会恢复，可从导入前的备份找回）
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
