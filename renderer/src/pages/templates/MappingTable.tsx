// The columns of a template and what fills each: found automatically, correctable by hand.
import type { ColumnTarget, TemplateColumn } from '#shared/api/template-api.js';
import { TARGET_OPTIONS, targetFromValue, targetValue } from './column-targets.js';

interface Props {
  columns: TemplateColumn[];
  /** Edited targets by column number (not saved yet). */
  draft: Map<number, ColumnTarget>;
  onChange: (col: number, target: ColumnTarget) => void;
  /** The ledger's own column labels, offered for custom columns. */
  customLabels: string[];
}

function confidenceText(c: TemplateColumn): { text: string; className: string } {
  if (c.origin === 'manual') return { text: '手动', className: 'tpl-conf tpl-conf-manual' };
  if (c.target.kind === 'none') return { text: '未识别', className: 'tpl-conf tpl-conf-none' };
  if (c.confidence >= 0.85) return { text: '自动', className: 'tpl-conf tpl-conf-high' };
  return { text: '请核对', className: 'tpl-conf tpl-conf-low' };
}

export function MappingTable({ columns, draft, onChange, customLabels }: Props) {
  return (
    <table className="tpl-mapping" data-testid="template-mapping">
      <thead>
        <tr>
          <th style={{ width: 44 }}>列</th>
          <th>模板表头</th>
          <th style={{ width: 230 }}>填入台账的</th>
          <th style={{ width: 64 }}>识别</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => {
          const target = draft.get(c.col) ?? c.target;
          const conf = draft.has(c.col) ? { text: '已修改', className: 'tpl-conf tpl-conf-edited' } : confidenceText(c);
          return (
            <tr key={c.col} data-testid={`mapping-row-${c.letter}`} className={target.kind === 'none' ? 'tpl-unmapped' : undefined}>
              <td className="tpl-letter">{c.letter}</td>
              <td>{c.header}</td>
              <td>
                <select
                  value={targetValue(target)}
                  onChange={(e) => onChange(c.col, targetFromValue(e.target.value, target, c.header))}
                  aria-label={`${c.header} 对应的台账内容`}
                  data-testid={`mapping-select-${c.letter}`}
                >
                  {TARGET_OPTIONS.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
                {target.kind === 'custom' && (
                  <div className="tpl-custom">
                    <input
                      value={target.label}
                      list="tpl-custom-labels"
                      placeholder="台账中的列名"
                      aria-label="自定义列名"
                      onChange={(e) => onChange(c.col, { ...target, label: e.target.value })}
                      data-testid={`mapping-custom-label-${c.letter}`}
                    />
                    <input
                      value={target.value}
                      placeholder="台账没有该列时填的固定内容"
                      aria-label="固定内容"
                      onChange={(e) => onChange(c.col, { ...target, value: e.target.value })}
                    />
                  </div>
                )}
              </td>
              <td>
                <span className={conf.className} title={c.origin === 'auto' ? `置信度 ${Math.round(c.confidence * 100)}%` : undefined}>
                  {conf.text}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
      <datalist id="tpl-custom-labels">
        {customLabels.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
    </table>
  );
}
