// The side panel with one row's history from the change log: who, when, old → new, and from where;
// above it, the row's progress month by month.
import { useEffect, useRef, useState } from 'react';
import type { ChangeEntry } from '#shared/domain.js';
import { client } from '../../api/client.js';
import { errorText } from '../../ui/Notice.js';
import type { ColumnInfo } from './column-layout.js';
import type { GridRow } from './grid-model.js';
import { periodLabel } from './PeriodPicker.js';
import { EvidenceList } from './evidence/EvidencePanel.js';

export function sourceLabel(source: string): string {
  if (source === 'manual') return '手工修改';
  if (source === 'plan-import') return '工作要点导入';
  // Imports describe themselves ("报送文件 汉都三幼-6月报送.xlsx Sheet1!H5 sha256:… 批次#2"); the hash is for audits.
  return source.replace(/\s*sha256:[0-9a-f]+/i, '');
}

function timeLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const shown = (v: string | null) => (v ? (v.length > 80 ? `${v.slice(0, 80)}…` : v) : '（空）');

function describe(e: ChangeEntry, label: (field: string) => string): string {
  switch (e.action) {
    case 'insert_row':
      return '新建此行';
    case 'delete_row':
      return '删除此行';
    case 'move_row':
      return '移动了位置';
    case 'add_evidence':
      return `添加佐证材料${e.period ? `（${periodLabel(e.period)}）` : ''}：${shown(e.newValue)}`;
    case 'rename_evidence':
      return `佐证材料改名：${shown(e.oldValue)} → ${shown(e.newValue)}`;
    case 'remove_evidence':
      return `删除佐证材料${e.period ? `（${periodLabel(e.period)}）` : ''}：${shown(e.oldValue)}`;
    case 'restore_evidence':
      return `恢复佐证材料：${shown(e.newValue)}`;
    case 'update_cell':
      return `${label(e.field ?? '')}${e.period ? `（${periodLabel(e.period)}）` : ''}：${shown(e.oldValue)} → ${shown(e.newValue)}`;
    default:
      return e.action;
  }
}

export interface HistoryPanelProps {
  row: GridRow | undefined;
  columns: ColumnInfo[];
  /** Changes when a cell of the row was saved, to reload. */
  version: number;
  onClose: () => void;
}

export function HistoryPanel({ row, columns, version, onClose }: HistoryPanelProps) {
  const [entries, setEntries] = useState<ChangeEntry[] | null>(null);
  const [months, setMonths] = useState<{ period: string; values: Record<string, string> }[]>([]);
  const [error, setError] = useState('');
  const rowId = row?.id;
  const shownFor = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (rowId == null) {
      setEntries(null);
      setMonths([]);
      return;
    }
    // Another row: never show the previous row's entries under this row's title while loading.
    if (shownFor.current !== rowId) {
      setEntries(null);
      setMonths([]);
    }
    let live = true;
    const timer = setTimeout(() => {
      Promise.all([client.call('rows.history', { rowId }), client.call('rows.progress', { rowId })])
        .then(([list, progress]) => {
          if (!live) return;
          shownFor.current = rowId;
          setEntries(list);
          setMonths(progress);
          setError('');
        })
        .catch((err) => live && setError(errorText(err)));
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [rowId, version]);

  const label = (field: string) => columns.find((c) => c.id === field)?.label ?? (field || '（已删除的列）');

  // Month by month: the row's per-period values, in column order.
  const present = new Set(months.flatMap((m) => Object.keys(m.values)));
  const monthFields = columns.map((c) => c.id).filter((id) => present.has(id));

  return (
    <aside className="history-panel" aria-label="修改历史" data-testid="history-panel">
      <div className="history-head">
        <h2>修改历史</h2>
        <button type="button" className="link" onClick={onClose} aria-label="关闭修改历史">
          ×
        </button>
      </div>
      {!row ? (
        <p className="history-empty">点选表格中的一行，查看它的修改记录。</p>
      ) : (
        <>
          <p className="history-row" title={row.values.task || row.values.measures}>
            {row.values.code ? `${row.values.code} ` : ''}
            {(row.values.task || row.values.measures).slice(0, 60) || '（空行）'}
          </p>
          {error && <p className="history-error">{error}</p>}
          {months.length > 0 && (
            <div className="history-months">
              <h3>按月进展</h3>
              <table>
                <thead>
                  <tr>
                    <th className="history-month">月份</th>
                    {monthFields.map((f) => (
                      <th key={f}>{label(f)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {months.map((m) => (
                    <tr key={m.period}>
                      <td className="history-month">{periodLabel(m.period)}</td>
                      {monthFields.map((f) => (
                        <td key={f} title={m.values[f]}>
                          {m.values[f] ?? ''}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <section className="history-evidence" aria-label="佐证材料">
            <h3>佐证材料</h3>
            <EvidenceList row={row} period={row.period} version={version} />
          </section>
          <ol className="history-list" data-testid="history-list">
            {(entries ?? []).map((e) => (
              <li key={e.id} className={`history-${e.action}`}>
                <div className="history-what">{describe(e, label)}</div>
                <div className="history-meta" title={e.source}>
                  {timeLabel(e.at)} · {e.actor} · {sourceLabel(e.source)}
                </div>
              </li>
            ))}
            {entries && !entries.length && <li className="history-empty">这一行还没有修改记录。</li>}
          </ol>
        </>
      )}
    </aside>
  );
}
