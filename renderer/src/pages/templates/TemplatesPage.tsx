// 模板与导出: register the bureau's Excel templates, check and correct how their columns map to the
// ledger, export the ledger into one (or the built-in A3 template), and produce per-unit forms.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ColumnTarget, TemplateDto, TemplateKind } from '#shared/api/template-api.js';
import type { WorkbenchConfig } from '#shared/api/workbench-api.js';
import { UnitDirectory } from '#shared/responsibility.js';
import { client } from '../../api/client.js';
import { SAVE_CANCELLED_TEXT, saveFile, saveFiles, savedWhere } from '../../api/host-files.js';
import { useFilePicker } from '../../shell/file-picker.js';
import { errorText } from '../../ui/Notice.js';
import { useBusy } from '../../ui/use-busy.js';
import { MonthPicker } from '../../ui/MonthPicker.js';
import type { PageProps } from '../page-props.js';
import { TreeIndex, visibleRows, withDepth } from '../workbench/grid-model.js';
import { MappingTable } from './MappingTable.js';
import { readPickedFile } from '../../api/picked-file.js';

const KIND_LABELS: Record<TemplateKind, string> = { ledger: '台账模板', submission: '报送模板' };

/** null = the built-in template of that kind. */
type Selection = { kind: 'registered'; id: number } | { kind: 'builtin' };

interface ExportSummary {
  text: string;
  warnings: string[];
}

export function TemplatesPage({ ledger, notify }: PageProps) {
  const [templates, setTemplates] = useState<TemplateDto[]>([]);
  const [selection, setSelection] = useState<Selection>({ kind: 'builtin' });
  const [draft, setDraft] = useState<Map<number, ColumnTarget>>(new Map());
  const { busy, run } = useBusy((text) => notify({ kind: 'error', text }));
  const [period, setPeriod] = useState('');
  const [unit, setUnit] = useState('');
  const [includeItems, setIncludeItems] = useState(true);
  const [units, setUnits] = useState<string[]>([]);
  const [config, setConfig] = useState<WorkbenchConfig | null>(null);
  const [viewId, setViewId] = useState('');
  const [summary, setSummary] = useState<ExportSummary | null>(null);

  const selected = selection.kind === 'registered' ? templates.find((t) => t.id === selection.id) : undefined;

  const refresh = useCallback(async () => {
    const list = await client.call('templates.list', {});
    setTemplates(list);
    return list;
  }, []);

  useEffect(() => {
    refresh().catch((err) => notify({ kind: 'error', text: errorText(err) }));
  }, [refresh, notify]);

  useEffect(() => {
    setUnits([]);
    setConfig(null);
    setViewId('');
    if (!ledger) return;
    Promise.all([client.call('rows.list', { ledgerId: ledger.id }), client.call('units.list', {})])
      .then(([rows, directory]) => setUnits(new UnitDirectory(directory).unitsNamedIn(rows)))
      .catch(() => setUnits([]));
    client
      .call('workbench.config', { ledgerId: ledger.id })
      .then(setConfig)
      .catch(() => setConfig(null));
  }, [ledger]);

  useEffect(() => setDraft(new Map()), [selection]);

  const picker = useFilePicker('template', ([file]) => file && addTemplate(file), {
    testId: 'template-file',
    onError: (err) => notify({ kind: 'error', text: errorText(err) }),
  });

  function addTemplate(file: File) {
    void run('add', async () => {
      const bytes = await readPickedFile(file, 'template');
      const t = await client.call('templates.add', { bytes, fileName: file.name });
      await refresh();
      setSelection({ kind: 'registered', id: t.id });
      const unmapped = t.columns.filter((c) => c.target.kind === 'none').length;
      notify({
        kind: 'info',
        text: `已添加模板“${t.name}”：识别到 ${t.columns.length} 列${unmapped ? `，其中 ${unmapped} 列未对应，请在右侧选择` : '，全部已对应'}。${(t.warnings ?? []).join('')}`,
      });
    });
  }

  function saveMapping() {
    if (!selected || draft.size === 0) return;
    void run('save', async () => {
      const columns = [...draft].map(([col, target]) => ({ col, target }));
      await client.call('templates.updateMapping', { templateId: selected.id, columns });
      await refresh();
      setDraft(new Map());
      notify({ kind: 'info', text: `已保存模板“${selected.name}”的列对应关系。` });
    });
  }

  function changeKind(kind: TemplateKind) {
    if (!selected) return;
    void run('kind', async () => {
      await client.call('templates.updateMapping', { templateId: selected.id, kind });
      await refresh();
    });
  }

  function downloadOriginal() {
    if (!selected) return;
    void run('file', async () => {
      const file = await client.call('templates.file', { templateId: selected.id });
      const saved = await saveFile(file);
      if (saved.saved && saved.where) notify({ kind: 'info', text: `已保存模板原件${savedWhere(saved)}。` });
    });
  }

  function remove() {
    if (!selected || !window.confirm(`删除模板“${selected.name}”？已导出的文件不受影响。`)) return;
    void run('delete', async () => {
      await client.call('templates.delete', { templateId: selected.id });
      await refresh();
      setSelection({ kind: 'builtin' });
      notify({ kind: 'info', text: `已删除模板“${selected.name}”。` });
    });
  }

  const templateId = selected ? selected.id : null;
  // Forms come from a submission template: the selected one, else the first registered, else the built-in.
  const formsTemplate = selected?.kind === 'submission' ? selected : templates.find((t) => t.kind === 'submission');
  const customLabels = useMemo(() => config?.columns.map((c) => c.label) ?? [], [config]);

  /** The rows a saved workbench view shows (same filter as the grid; 逾期 as of the exported month), for exporting just those. */
  async function rowsOfView(ledgerId: number): Promise<number[] | undefined> {
    const view = config?.views.find((v) => String(v.id) === viewId);
    if (!view || !config) return undefined;
    const [rows, unitList] = await Promise.all([
      client.call('rows.list', { ledgerId, period: period || undefined }),
      client.call('units.list', {}),
    ]);
    const visible = visibleRows(withDepth(rows), view.state, { units: new UnitDirectory(unitList) }, new TreeIndex(rows));
    return visible ? [...visible] : undefined;
  }

  function exportLedger() {
    if (!ledger) return;
    void run('export', async () => {
      const rowIds = await rowsOfView(ledger.id);
      if (rowIds && rowIds.length === 0) throw new Error('所选视图中没有任何行，请换一个视图或不按视图导出。');
      const result = await client.call('export.ledger', {
        ledgerId: ledger.id,
        templateId,
        period: period || undefined,
        unit: unit || undefined,
        rowIds,
        includeItems,
      });
      const saved = await saveFile(result);
      if (!saved.saved) return setSummary({ text: SAVE_CANCELLED_TEXT, warnings: [] });
      setSummary({
        text: `已导出“${result.fileName}”${savedWhere(saved)}：${result.sections} 个章节、${result.tasks} 项任务、${result.items} 条措施。`,
        warnings: result.warnings,
      });
    });
  }

  function exportForms() {
    if (!ledger) return;
    void run('forms', async () => {
      const result = await client.call('export.forms', {
        ledgerId: ledger.id,
        templateId: formsTemplate?.id ?? null,
        period: period || undefined,
        units: unit ? [unit] : undefined,
      });
      const single = result.forms.length === 1 ? result.forms[0] : undefined;
      // The desktop shell writes each form into a chosen folder; the browser downloads one .zip.
      const saved = await saveFiles(result.forms, result.zip);
      if (!saved.saved) return setSummary({ text: SAVE_CANCELLED_TEXT, warnings: [] });
      const packed = single ? `“${single.fileName}”` : saved.where ? '' : `（打包为“${result.zip.fileName}”）`;
      setSummary({
        text: `已生成 ${result.forms.length} 份报送表${packed}${savedWhere(saved)}：${result.forms.map((f) => `${f.unit} ${f.rows} 行`).join('，')}。`,
        warnings: result.warnings,
      });
    });
  }

  const dirty = draft.size > 0;
  const layoutLines = useMemo(() => {
    if (!selected) return [];
    const l = selected.layout;
    const lines = [
      `工作表“${l.sheet}”，表头在第 ${l.headerFirstRow}${l.headerLastRow > l.headerFirstRow ? `–${l.headerLastRow}` : ''} 行，数据从第 ${l.firstDataRow} 行开始`,
    ];
    if (l.title) lines.push(`标题：${l.title}`);
    if (l.dateCells.length) lines.push(`导出时填写日期：${l.dateCells.map((d) => `${d.address}“${d.text.trim()}”`).join('、')}`);
    if (l.unitCell) lines.push(`单位行：${l.unitCell.address}“${l.unitCell.label}”（生成报送表时填入单位名称）`);
    if (l.placeholders.length) {
      lines.push(`占位符：${l.placeholders.map((p) => `{{${p.name}}}${p.known ? '' : '（不认识，将留空）'}`).join('、')}`);
    }
    if (l.footerFirstRow) lines.push(`第 ${l.footerFirstRow} 行起的签字/说明行保留在数据下方`);
    return lines;
  }, [selected]);

  return (
    <div className="tpl-page" data-testid="templates-page">
      <aside className="tpl-list" aria-label="模板列表">
        <div className="tpl-list-head">
          <h2>模板</h2>
          <button type="button" className="primary" onClick={picker.open} disabled={busy !== null} data-testid="template-add">
            {busy === 'add' ? '正在识别…' : '添加模板…'}
          </button>
          {picker.input}
        </div>
        <ul>
          <li>
            <button
              type="button"
              className={selection.kind === 'builtin' ? 'tpl-item active' : 'tpl-item'}
              onClick={() => setSelection({ kind: 'builtin' })}
              data-testid="template-builtin"
            >
              <b>内置模板</b>
              <span>台账 A3 横向 · 报送表 A4 横向</span>
            </button>
          </li>
          {templates.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className={selected?.id === t.id ? 'tpl-item active' : 'tpl-item'}
                onClick={() => setSelection({ kind: 'registered', id: t.id })}
                data-testid={`template-item-${t.id}`}
              >
                <b>{t.name}</b>
                <span>
                  {KIND_LABELS[t.kind]} · {t.columns.length} 列
                  {t.columns.some((c) => c.target.kind === 'none') ? ' · 有未对应列' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {!templates.length && <p className="tpl-hint">还没有添加局里的模板。点击“添加模板…”选择 .xlsx（或旧版 .xls）模板文件，软件会自动识别表头。</p>}
      </aside>

      <section className="tpl-detail" aria-label="模板详情">
        {selected ? (
          <>
            <div className="tpl-detail-head">
              <h2 data-testid="template-name">{selected.name}</h2>
              <select value={selected.kind} onChange={(e) => changeKind(e.target.value as TemplateKind)} aria-label="模板用途" data-testid="template-kind">
                <option value="ledger">台账模板（会议用）</option>
                <option value="submission">报送模板（发给单位）</option>
              </select>
              <span className="spacer" />
              <button type="button" onClick={() => setDraft(new Map())} disabled={!dirty || busy !== null}>
                撤销修改
              </button>
              <button type="button" className="primary" onClick={saveMapping} disabled={!dirty || busy !== null} data-testid="mapping-save">
                保存对应关系
              </button>
              <button type="button" onClick={downloadOriginal} disabled={busy !== null} title="下载登记时的模板文件">
                下载原件
              </button>
              <button type="button" onClick={remove} disabled={busy !== null} data-testid="template-delete">
                删除
              </button>
            </div>
            <ul className="tpl-layout" data-testid="template-layout">
              {layoutLines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
            <div className="tpl-mapping-host">
              <MappingTable
                columns={selected.columns}
                draft={draft}
                customLabels={customLabels}
                onChange={(col, target) => setDraft((d) => new Map(d).set(col, target))}
              />
            </div>
          </>
        ) : (
          <div className="tpl-builtin">
            <h2>内置模板</h2>
            <p>没有登记局里的模板时使用：</p>
            <ul>
              <li>台账：A3 横向，标题合并居中（方正小标宋简体），“填报单位 / 截至时间”一行，两级表头（黑体）：序号、工作任务、具体措施、责任领导、牵头科室、责任单位、完成时限、目标任务（目标值/单位）、推进情况（累计完成/完成进度/进展情况）、存在问题及下步打算、状态、备注；每页重复表头，按页宽缩放。</li>
              <li>报送表：A4 横向，报送单位、填报人、报送日期一行；序号、任务编号、工作任务、本单位承担内容、完成时限、目标值、累计完成、完成进度、进展情况、存在问题及下步打算、状态。</li>
            </ul>
          </div>
        )}
      </section>

      <section className="tpl-export" aria-label="导出">
        <h2>导出</h2>
        {!ledger ? (
          <p className="tpl-hint">请先在上方选择或新建一个台账。</p>
        ) : (
          <>
            <p className="tpl-export-target">
              台账“{ledger.name}”导出到 <b>{selected ? selected.name : '内置模板'}</b>
            </p>
            <label>
              进展期间
              <MonthPicker value={period} onChange={setPeriod} allowEmpty placeholder="最新一期" withData={config?.periods} data-testid="export-period" />
              <span className="tpl-hint">留空：各列取最新一期</span>
            </label>
            <label>
              范围
              <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="export-unit">
                <option value="">全部行 / 全部单位</option>
                {units.map((u) => (
                  <option key={u} value={u}>
                    仅“{u}”
                  </option>
                ))}
              </select>
            </label>
            {config && config.views.length > 0 && (
              <label>
                按台账页保存的视图筛选
                <select value={viewId} onChange={(e) => setViewId(e.target.value)} data-testid="export-view">
                  <option value="">不筛选</option>
                  {config.views.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="tpl-check">
              <input type="checkbox" checked={includeItems} onChange={(e) => setIncludeItems(e.target.checked)} />
              每条措施单独一行（不勾选：措施合并到任务行）
            </label>
            <div className="tpl-export-actions">
              <button type="button" className="primary" onClick={exportLedger} disabled={busy !== null || dirty} data-testid="export-ledger">
                {busy === 'export' ? '正在导出…' : '导出台账'}
              </button>
              <button type="button" onClick={exportForms} disabled={busy !== null || dirty} data-testid="export-forms">
                {busy === 'forms' ? '正在生成…' : unit ? '生成该单位报送表' : '生成各单位报送表'}
              </button>
            </div>
            <p className="tpl-hint" data-testid="forms-template">报送表使用：{formsTemplate ? formsTemplate.name : '内置报送模板（A4 横向）'}</p>
            {dirty && <p className="tpl-hint">请先保存或撤销对应关系的修改。</p>}
            {summary && (
              <div className="tpl-summary" data-testid="export-summary">
                <p>{summary.text}</p>
                {summary.warnings.length > 0 && (
                  <ul className="tpl-warnings">
                    {summary.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}
