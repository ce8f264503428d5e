// 从 Excel 导入: open an existing Excel ledger as a new ledger (preview the tree, the columns and every
// cell that could not be understood, then create). 导入修改: take back edits made in a workbook this app
// exported (changed cells old → new, added and deleted rows, conflicts), ticked ones applied as one
// undoable batch.
import { useEffect, useState } from 'react';
import type { Ledger } from '#shared/domain.js';
import type { LedgerImportPreview, MergePreview } from '#shared/api/ledger-import-api.js';
import { client } from '../../api/client.js';
import { useFilePicker } from '../../shell/file-picker.js';
import { errorText } from '../../ui/Notice.js';
import { useBusy } from '../../ui/use-busy.js';
import { MonthPicker } from '../../ui/MonthPicker.js';
import type { PageProps } from '../page-props.js';
import { ImportTree, MergeTable } from './ImportViews.js';
import { readPickedFile } from '../../api/picked-file.js';

type Mode = 'import' | 'merge';

export function LedgerImportPage({ refreshLedgers, goTo, notify }: PageProps) {
  const [mode, setMode] = useState<Mode>('import');
  const { busy, error, setError, run } = useBusy();
  const [preview, setPreview] = useState<LedgerImportPreview | null>(null);
  const [name, setName] = useState('');
  const [period, setPeriod] = useState('');
  const [merge, setMerge] = useState<MergePreview | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  // 导入修改: the ledger the file came from; '' lets the app recognise it from the file.
  const [ledgers, setLedgers] = useState<Ledger[]>([]);
  const [target, setTarget] = useState('');

  useEffect(() => {
    if (mode !== 'merge') return;
    client.call('ledger.list', {}).then(setLedgers, () => setLedgers([]));
  }, [mode]);

  async function discardAll() {
    const ids = [preview?.previewId, merge?.previewId].filter((x): x is string => !!x);
    setPreview(null);
    setMerge(null);
    for (const previewId of ids) await client.call('ledgerimport.discard', { previewId }).catch(() => undefined);
  }

  function switchMode(next: Mode) {
    if (next === mode) return;
    void discardAll();
    setError(null);
    setMode(next);
  }

  const picker = useFilePicker('ledger', ([file]) => file && readFile(file), { testId: 'li-file', onError: (err) => setError(errorText(err)) });

  function readFile(file: File) {
    void run('正在读取文件，大文件需要一点时间…', async () => {
      await discardAll();
      const bytes = await readPickedFile(file, 'ledger');
      if (mode === 'import') {
        const p = await client.call('ledgerimport.preview', { fileName: file.name, bytes });
        setPreview(p);
        setName(p.suggestedName);
        setPeriod(p.period);
      } else {
        const m = await client.call('ledgerimport.mergePreview', { fileName: file.name, bytes, ...(target ? { ledgerId: Number(target) } : {}) });
        setMerge(m);
        setChosen(new Set([...m.changes.filter((c) => !c.conflict).map((c) => c.key), ...m.added.map((a) => a.key)]));
      }
    });
  }

  function create() {
    if (!preview || !name.trim()) return;
    void run('正在建立台账…', async () => {
      const created = await client.call('ledgerimport.create', {
        previewId: preview.previewId,
        name: name.trim(),
        ...(/^\d{4}-\d{2}$/.test(period) ? { period } : {}),
      });
      setPreview(null);
      const c = created.counts;
      notify({
        kind: 'info',
        text: `已从 Excel 新建台账“${created.ledger.name}”：${c.sections} 个大项、${c.tasks} 项任务、${c.items} 个子项，共 ${c.rows} 行${created.templateId ? '；文件版式已登记为模板' : ''}。`,
      });
      await refreshLedgers(created.ledger.id);
      goTo('workbench');
    });
  }

  function applyMerge() {
    if (!merge) return;
    void run('正在备份数据库并写入修改…', async () => {
      const result = await client.call('ledgerimport.mergeApply', { previewId: merge.previewId, keys: [...chosen] });
      setMerge(null);
      notify({
        kind: 'info',
        text: `已导入修改（批次 #${result.batch.id}）：更新 ${result.cells} 个单元格，新增 ${result.addedRows} 行${result.deletedRows ? `，删除 ${result.deletedRows} 行` : ''}。可在“导入报送”的批次记录中撤销。`,
      });
      await refreshLedgers(merge.ledgerId);
      goTo('workbench');
    });
  }

  const toggle = (key: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <div className="ledger-import" data-testid="ledger-import">
      <div className="plan-pane-head">
        <div className="li-modes" role="tablist" aria-label="导入方式">
          <button type="button" role="tab" aria-selected={mode === 'import'} className={mode === 'import' ? 'primary' : ''} onClick={() => switchMode('import')} data-testid="li-mode-import">
            从 Excel 导入（新建台账）
          </button>
          <button type="button" role="tab" aria-selected={mode === 'merge'} className={mode === 'merge' ? 'primary' : ''} onClick={() => switchMode('merge')} data-testid="li-mode-merge">
            导入修改
          </button>
        </div>
        <span className="spacer" />
        {mode === 'merge' && (
          <label className="plan-name" title="文件是从哪本台账导出的；自动识别按任务编号和名称比对">
            导入到
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="li-target">
              <option value="">自动识别台账</option>
              {ledgers.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={picker.open} disabled={busy !== null} data-testid="li-pick">
          选择 Excel 文件…
        </button>
        {picker.input}
      </div>
      <p className="plan-hint">
        {mode === 'import'
          ? '选择单位现有的 Excel 台账：按表头识别各列，还原“大项 → 任务 → 子项”，不认识的列保存为自定义列；文件的版式登记为模板，导出时保持原样。'
          : '选择从本软件导出、在 Excel/WPS 中改过的台账：列出导出后改动的单元格、新增和删除的行，以及与软件中修改冲突的地方，勾选后一次导入，可撤销。'}
      </p>
      {busy && (
        <div className="li-progress" role="status" data-testid="li-progress">
          <progress /> {busy}
        </div>
      )}
      {error && (
        <p className="plan-error" role="alert" data-testid="li-error">
          {error}
        </p>
      )}

      {mode === 'import' && preview && (
        <>
          <div className="plan-pane-head plan-create-bar">
            <span data-testid="li-summary">
              {preview.fileName}（工作表“{preview.sheet}”）：<b>{preview.counts.sections}</b> 个大项 · <b>{preview.counts.tasks}</b> 项任务 ·{' '}
              <b>{preview.counts.items}</b> 个子项
            </span>
            <label className="plan-name" title="文件中的累计完成、进展情况、状态等记在哪个月">
              进展所属月份
              <MonthPicker className="li-month" value={period} onChange={setPeriod} data-testid="li-period" />
            </label>
            <span className="spacer" />
            <label className="plan-name">
              台账名称
              <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="li-name" />
            </label>
            <button type="button" onClick={() => void discardAll()} disabled={busy !== null} data-testid="li-cancel">
              取消
            </button>
            <button type="button" className="primary" onClick={create} disabled={busy !== null || !name.trim()} data-testid="li-create">
              生成台账
            </button>
          </div>
          {preview.issues.length > 0 ? (
            <div className="plan-warnings" data-testid="li-issues">
              <b>有 {preview.issues.length} 处没能识别，已按原文保存，请核对：</b>
              <ul>
                {preview.issues.map((w, i) => (
                  <li key={i} data-testid="li-issue">
                    {w.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="plan-ok">所有单元格都已识别。</p>
          )}
          <details className="li-columns" open>
            <summary>各列的识别结果（{preview.columns.length} 列）</summary>
            <ul data-testid="li-columns">
              {preview.columns.map((c) => (
                <li key={c.col} className={`li-col li-col-${c.use}`}>
                  <b>{c.letter}</b> {c.header} → {c.label}
                  <span className="li-note">（{c.note}）</span>
                </li>
              ))}
            </ul>
          </details>
          {preview.skipped.length > 0 && (
            <p className="plan-hint" data-testid="li-skipped">
              未导入的行：{preview.skipped.map((s) => `第 ${s.row} 行（${s.reason}）`).join('、')}
            </p>
          )}
          <ImportTree preview={preview} />
        </>
      )}

      {mode === 'merge' && merge && (
        <>
          <div className="plan-pane-head plan-create-bar">
            <span data-testid="li-merge-summary">
              {merge.fileName}：{merge.recognisedBy}
              {merge.exportedAt ? `（导出于 ${new Date(merge.exportedAt).toLocaleString('zh-CN', { hour12: false })}）` : '（没有导出记录，与台账现值比较）'}。{merge.totals.changes} 处修改（{merge.totals.conflicts} 处冲突）、新增{' '}
              {merge.totals.added} 行、删除 {merge.totals.deleted} 行
            </span>
            <span className="spacer" />
            <button type="button" onClick={() => void discardAll()} disabled={busy !== null}>
              取消
            </button>
            <button type="button" className="primary" onClick={applyMerge} disabled={busy !== null || chosen.size === 0} data-testid="li-merge-apply">
              导入选中的 {chosen.size} 项
            </button>
          </div>
          <MergeTable merge={merge} chosen={chosen} onToggle={toggle} />
        </>
      )}

      {!busy && !preview && !merge && !error && (
        <div className="plan-empty">
          <p>{mode === 'import' ? '点击“选择 Excel 文件…”打开现有的台账。生成前可以在这里核对结构和未识别的单元格。' : '点击“选择 Excel 文件…”打开改过的导出文件。'}</p>
        </div>
      )}
    </div>
  );
}
