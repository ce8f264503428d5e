// The workbench: the chosen ledger in the grid, with its toolbar (rows, undo, levels, columns, statuses,
// period), filters and saved views, and the history side panel.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CustomColumn, LedgerSettings, Layout, SavedView, ViewState, WorkbenchConfig } from '#shared/api/workbench-api.js';
import { DEFAULT_STATUS_DEFS, ledgerSettingsSchema } from '#shared/api/workbench-api.js';
import type { MethodOutput } from '#shared/api.js';
import type { Unit } from '#shared/domain.js';
import { currentPeriod, type FieldType } from '#shared/fields.js';
import { attachAsOf, type AsOfRules } from '#shared/as-of.js';
import { splitUnitText, UnitDirectory } from '#shared/responsibility.js';
import { unpackRows } from '#shared/row-columns.js';
import { client } from '../../api/client.js';
import { errorText } from '../../ui/Notice.js';
import { useWorkbenchIntent } from '../navigation.js';
import type { PageProps } from '../page-props.js';
import { asOfRules } from './as-of-display.js';
import { AssignTools } from './AssignTools.js';
import { ColumnManager, type ColumnEdit } from './ColumnManager.js';
import { FilterBar } from './FilterBar.js';
import { defaultLabel, orderedColumns } from './column-layout.js';
import { EMPTY_VIEW, TreeIndex, visibleRows, withDepth, type GridRow } from './grid-model.js';
import { HistoryPanel } from './HistoryPanel.js';
import { LedgerGrid, type LedgerGridHandle } from './LedgerGrid.js';
import { PeriodPicker } from './PeriodPicker.js';
import { StatusManager } from './StatusManager.js';
import { UnitDirectoryDialog } from './UnitDirectory.js';
import { onWorkbenchCommand } from './workbench-commands.js';
import { EvidenceExport } from './evidence/EvidenceExport.js';
import { EvidencePanel } from './evidence/EvidencePanel.js';
import { useEvidence } from './evidence/use-evidence.js';
import './workbench.css';

/** Rows shown before the rest of a ledger is read: more than a screenful, read in a fraction of the whole. */
const FIRST_ROWS = 200;
/** Rows read per part of the rest: a few parts for a big ledger, each landing in the grid as it comes. */
const REST_PART_ROWS = 10_000;

const EMPTY_CONFIG: WorkbenchConfig = {
  columns: [],
  layout: null,
  statuses: DEFAULT_STATUS_DEFS.map((s) => ({ ...s })),
  views: [],
  periods: [],
  defaultPeriod: currentPeriod(),
  settings: ledgerSettingsSchema.parse({}),
};

export function WorkbenchPage({ ledger, notify, workbenchIntent }: PageProps) {
  const ledgerId = ledger?.id;
  const [rows, setRows] = useState<GridRow[]>([]);
  const [config, setConfig] = useState<WorkbenchConfig>(EMPTY_CONFIG);
  const [units, setUnits] = useState<Unit[]>([]);
  // The month shown, per ledger: null until the ledger's config says its default (the latest month with data).
  // Opened from the 统计 page: start on its month.
  const [chosen, setChosen] = useState<{ ledgerId: number; period: string } | null>(() =>
    workbenchIntent && ledgerId != null ? { ledgerId, period: workbenchIntent.period } : null,
  );
  const period = chosen && chosen.ledgerId === ledgerId ? chosen.period : null;
  const setPeriod = useCallback((p: string) => ledgerId != null && setChosen({ ledgerId, period: p }), [ledgerId]);
  const [view, setView] = useState<ViewState>(EMPTY_VIEW);
  const [current, setCurrent] = useState<GridRow | undefined>();
  const [historyOpen, setHistoryOpen] = useState(false);
  const [wrapLongText, setWrapLongText] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);
  const [dialog, setDialog] = useState<'columns' | 'statuses' | 'units' | null>(null);
  const [undoState, setUndoState] = useState({ canUndo: false, canRedo: false });
  const grid = useRef<LedgerGridHandle>(null);
  const searchRef = useRef<HTMLDivElement>(null);

  const fail = useCallback((err: unknown) => notify({ kind: 'error', text: errorText(err) }), [notify]);

  // Loading a ledger: its first screenful is shown at once and the rest read behind it in parts (rows.page,
  // as columns), each part added to the grid as it comes. While it loads, edits and filters work on the rows
  // shown; each part is appended to the array the grid holds at that moment (the grid writes saved edits
  // into it), so nothing done meanwhile is lost or lands on another row. If a part fails, the rows in stay
  // and 重新载入 goes on from there.
  const [loading, setLoading] = useState<{ shown: number; total: number; failed?: string } | null>(null);
  const loadGeneration = useRef(0);
  const rowsOfLedger = useRef<number | null>(null);
  const savedWhileLoading = useRef(false);
  const rulesRef = useRef<AsOfRules | null>(null);
  const resume = useRef<(() => void) | null>(null);
  // A ledger's first rows, asked for with its config rather than after it: without a month, rows.page reads
  // the ledger's default month, the one config names, so loadRows takes this answer when it is that month.
  const firstAhead = useRef<{ ledgerId: number; head: Promise<MethodOutput<'rows.page'>> } | null>(null);
  const periodNow = useRef(period);
  periodNow.current = period;

  /**
   * Reads the rows from display index `from` on, part by part, appending each to the rows the grid holds.
   * The next part is asked for as soon as one arrives, so the server reads it while the page takes this one in.
   */
  const loadRest = useCallback(
    async (id: number, period: string, total: number, loaded: GridRow[], from: number, superseded: () => boolean) => {
      const ask = (offset: number) => {
        const part = client.call('rows.page', { ledgerId: id, period, offset, limit: REST_PART_ROWS });
        part.catch(() => {}); // awaited below, unless the load is superseded first
        return part;
      };
      let got = loaded;
      let offset = from;
      let next = ask(offset);
      try {
        while (offset < total) {
          const part = await next;
          if (superseded()) return;
          if (part.rows.count === 0) break;
          offset += part.rows.count;
          if (offset < total) next = ask(offset);
          const have = new Set(got.map((r) => r.id));
          const added = withDepth(unpackRows(part.rows).filter((r) => !have.has(r.id)), got);
          got = got.concat(added);
          const shown = got.length;
          // Built from the array the grid holds when React takes the update, not one an edit may have replaced since.
          setRows((held) => held.concat(added));
          setLoading({ shown, total: Math.max(total, shown) });
        }
        // An edit saved meanwhile recomputed the facts of the rows shown only (a section's roll-up lacked
        // the rows still loading): work them out again over the whole ledger.
        if (savedWhileLoading.current && rulesRef.current) {
          const rules = rulesRef.current;
          setRows((held) => attachAsOf(held.slice(), period, rules));
        }
        setLoading(null);
      } catch (err) {
        if (superseded()) return;
        const shown = got.length;
        const at = offset;
        resume.current = () => {
          resume.current = null;
          setLoading({ shown, total });
          void loadRest(id, period, total, got, at, superseded);
        };
        setLoading({ shown, total, failed: errorText(err) });
      }
    },
    [],
  );

  const loadRows = useCallback(
    async (id: number, p: string | null, focus?: number) => {
      const generation = ++loadGeneration.current;
      const superseded = () => generation !== loadGeneration.current;
      resume.current = null;
      const show = (list: GridRow[]) => {
        setRows(list);
        setLoading(null);
        rowsOfLedger.current = id;
        if (focus != null) grid.current?.focusRow(focus, 'task', list);
      };
      try {
        // Another month or a reload of the rows shown (after an insert, a move): one read, the grid keeps its place.
        if (rowsOfLedger.current === id) {
          const list = withDepth(await client.call('rows.list', { ledgerId: id, period: p ?? undefined }));
          if (!superseded()) show(list);
          return;
        }
        const ahead = firstAhead.current?.ledgerId === id ? firstAhead.current.head : null;
        firstAhead.current = null;
        let head = ahead && (await ahead);
        if (!head || head.period !== p) head = await client.call('rows.page', { ledgerId: id, period: p ?? undefined, offset: 0, limit: FIRST_ROWS });
        if (superseded()) return;
        const first = withDepth(unpackRows(head.rows));
        if (first.length >= head.total) return show(first);
        savedWhileLoading.current = false;
        setRows(first);
        setLoading({ shown: first.length, total: head.total });
        rowsOfLedger.current = id;
        await loadRest(id, head.period, head.total, first, first.length, superseded);
      } catch (err) {
        if (!superseded()) setLoading(null);
        fail(err);
      }
    },
    [fail, loadRest],
  );

  const loadConfig = useCallback(
    async (id: number) => {
      try {
        const cfg = await client.call('workbench.config', { ledgerId: id });
        setConfig(cfg);
        setChosen((c) => (c && c.ledgerId === id ? c : { ledgerId: id, period: cfg.defaultPeriod }));
      } catch (err) {
        fail(err);
      }
    },
    [fail],
  );

  useEffect(() => {
    client.call('units.list', {}).then(setUnits, fail);
  }, [fail]);

  useEffect(() => {
    setCurrent(undefined);
    setView(EMPTY_VIEW);
    grid.current?.clearHistory();
    firstAhead.current = null;
    if (ledgerId != null && periodNow.current == null) {
      const head = client.call('rows.page', { ledgerId, offset: 0, limit: FIRST_ROWS });
      head.catch(() => {}); // awaited by loadRows, unless another ledger or month comes first
      firstAhead.current = { ledgerId, head };
    }
    if (ledgerId != null) void loadConfig(ledgerId);
    else setConfig(EMPTY_CONFIG);
  }, [ledgerId, loadConfig]);

  useEffect(() => {
    grid.current?.clearHistory();
    if (ledgerId != null && period != null) void loadRows(ledgerId, period);
    else {
      loadGeneration.current++;
      rowsOfLedger.current = null;
      setRows([]);
      setLoading(null);
    }
  }, [ledgerId, period, loadRows]);

  // Opened from the 统计 page: its filter and month (after the reset above, which runs first on mount).
  useWorkbenchIntent(workbenchIntent, (intent) => {
    setView({ ...EMPTY_VIEW, ...intent.view });
    setPeriod(intent.period);
  });

  const columns = useMemo(() => orderedColumns(config.columns, config.layout), [config.columns, config.layout]);
  const tree = useMemo(() => new TreeIndex(rows), [rows]);

  // Every row's facts as of the month (light, roll-up, 逾期) by the ledger's rules. `rows.list` reads them
  // with the stored rules (the ones config has); a change of the rules recomputes them in place here (the
  // grid redraws). Saved edits recompute the rows they affect in the grid (LedgerGrid's replaceRows).
  const rules = useMemo(() => asOfRules(config.statuses, config.settings.lights), [config.statuses, config.settings.lights]);
  const factsRules = useRef(rules);
  rulesRef.current = rules;
  const factsOf = useMemo(() => {
    const month = rows[0]?.period;
    if (factsRules.current !== rules && month) attachAsOf(rows, month, rules);
    factsRules.current = rules;
    return rules;
  }, [rows, rules]);

  const directory = useMemo(() => new UnitDirectory(units), [units]);
  const unitOptions = useMemo(() => {
    const names = new Set(units.map((u) => u.name));
    for (const n of directory.unitsNamedIn(rows)) names.add(n);
    return [...names].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  }, [units, rows, directory]);
  const leaderOptions = useMemo(() => {
    const names = new Set<string>();
    for (const r of rows) for (const l of splitUnitText(r.values.leader)) names.add(l);
    return [...names].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  }, [rows]);

  const visible = useMemo(
    () => {
      // The light and 逾期 filters read the facts attached in place above, so a change of rules refilters.
      void factsOf;
      return visibleRows(rows, view, { units: directory }, tree);
    },
    [rows, view, directory, tree, factsOf],
  );

  // ---- rows ----

  async function insertRow(child: boolean) {
    if (ledgerId == null) return;
    const at = current;
    try {
      const row = child
        ? await client.call('rows.add', { ledgerId, parentId: at?.id ?? null, period: period ?? undefined })
        : await client.call('rows.add', {
            ledgerId,
            parentId: at?.parentId ?? null,
            afterId: at?.id ?? null,
            level: at?.level,
            period: period ?? undefined,
          });
      await loadRows(ledgerId, period, row.id);
    } catch (err) {
      fail(err);
    }
  }

  async function deleteRow() {
    if (!current || ledgerId == null) return;
    const label = current.values.code || current.values.task || current.values.measures.slice(0, 20) || '所选行';
    const kids = tree.hasChildren.has(current.id) ? '及其下级行' : '';
    if (!window.confirm(`确定删除“${label}”${kids}吗？删除记录会保留在修改历史中。`)) return;
    try {
      const { deleted } = await client.call('rows.delete', { rowId: current.id });
      setCurrent(undefined);
      grid.current?.clearHistory();
      await loadRows(ledgerId, period);
      notify({ kind: 'info', text: `已删除 ${deleted} 行。` });
    } catch (err) {
      fail(err);
    }
  }

  const moveRow = useCallback(
    async (row: GridRow, direction: -1 | 1) => {
      if (ledgerId == null) return;
      const siblings = rows.filter((r) => r.parentId === row.parentId);
      const i = siblings.findIndex((r) => r.id === row.id);
      const j = i + direction;
      if (i < 0 || j < 0 || j >= siblings.length) return;
      // Up: after the sibling two places above (or first); down: after the next sibling.
      const afterId = direction === -1 ? (j > 0 ? siblings[j - 1]!.id : null) : siblings[j]!.id;
      try {
        await client.call('rows.move', { rowId: row.id, parentId: row.parentId, afterId });
        await loadRows(ledgerId, period, row.id);
      } catch (err) {
        fail(err);
      }
    },
    [ledgerId, rows, period, loadRows, fail],
  );

  const dropRow = useCallback(
    async (row: GridRow, target: GridRow, place: 'before' | 'after') => {
      if (ledgerId == null) return;
      const siblings = rows.filter((r) => r.parentId === row.parentId && r.id !== row.id);
      const i = siblings.findIndex((r) => r.id === target.id);
      const afterId = place === 'after' ? target.id : i > 0 ? siblings[i - 1]!.id : null;
      try {
        await client.call('rows.move', { rowId: row.id, parentId: row.parentId, afterId });
        await loadRows(ledgerId, period, row.id);
      } catch (err) {
        fail(err);
      }
    },
    [ledgerId, rows, period, loadRows, fail],
  );

  // ---- layout, columns, statuses, views ----

  const layoutTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saveLayout = useCallback(
    (labels?: Map<string, string>) => {
      if (ledgerId == null) return;
      clearTimeout(layoutTimer.current);
      layoutTimer.current = setTimeout(async () => {
        const state = grid.current?.columnState() ?? [];
        const previous = new Map((config.layout?.columns ?? []).map((c) => [c.id, c.label]));
        const layout: Layout = {
          columns: state.map((s) => {
            const label = labels?.get(s.id) ?? previous.get(s.id);
            return { id: s.id, width: s.width, ...(s.hidden ? { hidden: true } : {}), ...(label ? { label } : {}) };
          }),
        };
        try {
          const saved = await client.call('layout.save', { ledgerId, layout });
          setConfig((c) => ({ ...c, layout: saved }));
        } catch (err) {
          fail(err);
        }
      }, 400);
    },
    [ledgerId, config.layout, fail],
  );

  async function addColumn(label: string, type: FieldType, perPeriod: boolean): Promise<boolean> {
    if (ledgerId == null) return false;
    try {
      const column = await client.call('columns.add', { ledgerId, label, type, perPeriod });
      setConfig((c) => ({ ...c, columns: [...c.columns, column] }));
      setTimeout(() => grid.current?.revealColumn(column.key), 50);
      notify({ kind: 'info', text: `已添加列“${column.label}”。` });
      return true;
    } catch (err) {
      fail(err);
      return false;
    }
  }

  async function deleteColumn(column: CustomColumn) {
    try {
      const { deleted } = await client.call('columns.delete', { columnId: column.id });
      setConfig((c) => ({ ...c, columns: c.columns.filter((x) => x.id !== column.id) }));
      notify({ kind: 'info', text: `已删除列“${column.label}”${deleted ? `（${deleted} 个已填内容已记入修改历史）` : ''}。` });
    } catch (err) {
      fail(err);
    }
  }

  async function saveColumns(list: ColumnEdit[]) {
    if (ledgerId == null) return;
    try {
      const updated: CustomColumn[] = [];
      for (const c of list) {
        if (c.custom && (c.custom.label !== c.label.trim() || c.custom.type !== c.type)) {
          updated.push(await client.call('columns.update', { columnId: c.custom.id, label: c.label.trim(), type: c.type as CustomColumn['type'] }));
        }
      }
      const widths = new Map((grid.current?.columnState() ?? []).map((s) => [s.id, s.width]));
      const layout: Layout = {
        columns: list.map((c) => {
          const std = !c.custom && c.label.trim() !== defaultLabel(c.id);
          return { id: c.id, width: widths.get(c.id), ...(c.hidden ? { hidden: true } : {}), ...(std ? { label: c.label.trim() } : {}) };
        }),
      };
      const saved = await client.call('layout.save', { ledgerId, layout });
      setConfig((cfg) => ({ ...cfg, layout: saved, columns: cfg.columns.map((x) => updated.find((u) => u.id === x.id) ?? x) }));
      setDialog(null);
      const added = list.find((c) => c.custom && !config.layout?.columns.some((l) => l.id === c.id));
      if (added) setTimeout(() => grid.current?.revealColumn(added.id), 50);
      notify({ kind: 'info', text: '列设置已保存。' });
    } catch (err) {
      fail(err);
    }
  }

  async function saveStatuses(statuses: WorkbenchConfig['statuses'], settings: LedgerSettings) {
    if (ledgerId == null) return;
    try {
      const saved = await client.call('statuses.set', { ledgerId, statuses });
      const savedSettings = await client.call('settings.set', { ledgerId, settings });
      // New rules: the facts of every row follow (the page recomputes them, the grid redraws).
      setConfig((c) => ({ ...c, statuses: saved, settings: savedSettings }));
      setDialog(null);
      notify({ kind: 'info', text: '状态设置已保存。' });
    } catch (err) {
      fail(err);
    }
  }

  async function saveView(name: string): Promise<boolean> {
    if (ledgerId == null) return false;
    try {
      const saved = await client.call('views.save', { ledgerId, name, state: view });
      setConfig((c) => ({ ...c, views: [...c.views.filter((v) => v.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) }));
      notify({ kind: 'info', text: `已保存视图“${saved.name}”。` });
      return true;
    } catch (err) {
      fail(err);
      return false;
    }
  }

  async function deleteView(v: SavedView) {
    if (!window.confirm(`确定删除视图“${v.name}”吗？`)) return;
    try {
      await client.call('views.delete', { viewId: v.id });
      setConfig((c) => ({ ...c, views: c.views.filter((x) => x.id !== v.id) }));
    } catch (err) {
      fail(err);
    }
  }

  // ---- shell commands (menu) and page shortcuts ----

  useEffect(
    () =>
      onWorkbenchCommand((command) => {
        if (command === 'undo') void grid.current?.undo();
        else if (command === 'redo') void grid.current?.redo();
        else if (command === 'find') searchRef.current?.querySelector('input')?.focus();
        else if (command === 'toggle-history') setHistoryOpen((o) => !o);
        else if (command === 'columns') setDialog('columns');
      }),
    [],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.querySelector('input')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const evidence = useEvidence(ledgerId, period, rows, current, notify);

  const shown = useMemo(() => (visible ? rows.reduce((n, r) => n + (visible.has(r.id) ? 1 : 0), 0) : null), [rows, visible]);

  // Only an open history panel needs to hear about saves: re-rendering the page per edit costs on big ledgers.
  const historyOpenRef = useRef(historyOpen);
  historyOpenRef.current = historyOpen;
  const loadingRef = useRef(loading);
  loadingRef.current = loading;
  const onSaved = useCallback(
    (_rowId: number, column: string, month: string | null) => {
      if (historyOpenRef.current) setHistoryVersion((v) => v + 1);
      if (loadingRef.current) savedWhileLoading.current = true;
      // A progress value written in a month without data yet: the picker marks that month ● now.
      const perPeriod = columns.find((c) => c.id === column)?.perPeriod;
      if (perPeriod && month) setConfig((c) => (c.periods.includes(month) ? c : { ...c, periods: [...c.periods, month].sort().reverse() }));
    },
    [columns],
  );

  if (ledgerId == null) return <p className="empty">请先在上方新建或选择一个台账。</p>;

  return (
    <div className="page page-workbench">
      <div className="page-toolbar workbench-toolbar">
        <div className="tool-group" role="group" aria-label="行">
          <button type="button" onClick={() => void insertRow(false)} data-testid="add-row" title="在当前行之后插入同级行">
            插入行
          </button>
          <button
            type="button"
            onClick={() => void insertRow(true)}
            disabled={!current || current.level === 'item'}
            data-testid="add-child-row"
            title="在当前行之下插入下级行"
          >
            插入下级
          </button>
          <button type="button" onClick={() => void deleteRow()} disabled={!current} data-testid="delete-row">
            删除行
          </button>
          <button type="button" onClick={() => current && void moveRow(current, -1)} disabled={!current} title="上移（Alt+↑）" aria-label="上移">
            ↑
          </button>
          <button type="button" onClick={() => current && void moveRow(current, 1)} disabled={!current} title="下移（Alt+↓）" aria-label="下移">
            ↓
          </button>
        </div>
        <AssignTools
          grid={grid}
          current={current}
          period={period}
          unitOptions={unitOptions}
          leaderOptions={leaderOptions}
          notify={notify}
          reload={(focus) => loadRows(ledgerId, period, focus)}
        />
        <div className="tool-group" role="group" aria-label="撤销">
          <button type="button" onClick={() => void grid.current?.undo()} disabled={!undoState.canUndo} title="撤销（Ctrl+Z）" data-testid="undo">
            撤销
          </button>
          <button type="button" onClick={() => void grid.current?.redo()} disabled={!undoState.canRedo} title="重做（Ctrl+Y）" data-testid="redo">
            重做
          </button>
        </div>
        <div className="tool-group" role="group" aria-label="层级">
          <button type="button" onClick={() => grid.current?.showLevels(0)} data-testid="show-sections" title="只显示章节">
            章节
          </button>
          <button type="button" onClick={() => grid.current?.showLevels(1)} data-testid="show-tasks" title="显示到任务">
            任务
          </button>
          <button type="button" onClick={() => grid.current?.showLevels(-1)} data-testid="expand-all" title="全部展开">
            全部
          </button>
          <button
            type="button"
            className={wrapLongText ? 'active' : ''}
            aria-pressed={wrapLongText}
            onClick={() => setWrapLongText((w) => !w)}
            title="具体措施、进展情况等长文本分行显示全文"
            data-testid="toggle-wrap"
          >
            换行
          </button>
        </div>
        <div className="tool-group" role="group" aria-label="设置">
          <button type="button" onClick={() => setDialog('columns')} data-testid="open-columns">
            列设置
          </button>
          <button type="button" onClick={() => setDialog('statuses')} data-testid="open-statuses">
            状态设置
          </button>
          <button type="button" onClick={() => setDialog('units')} data-testid="open-units">
            单位目录
          </button>
          <button
            type="button"
            className={historyOpen ? 'active' : ''}
            aria-pressed={historyOpen}
            onClick={() => setHistoryOpen((o) => !o)}
            data-testid="toggle-history"
          >
            修改历史
          </button>
        </div>
        <div className="tool-group" role="group" aria-label="佐证材料">
          <button
            type="button"
            className={evidence.open ? 'active' : ''}
            aria-pressed={evidence.open}
            onClick={() => evidence.setOpen((o) => !o)}
            data-testid="toggle-evidence"
            title="当前行的佐证材料（照片、PDF、Word、Excel）；也可把文件拖到行上"
          >
            佐证材料
          </button>
          <EvidenceExport ledgerId={ledgerId} period={period} visible={visible} notify={notify} />
        </div>
        <span className="spacer" />
        <PeriodPicker period={period} year={ledger?.year} withData={config.periods} onChange={setPeriod} />
      </div>
      <div ref={searchRef}>
        <FilterBar
          view={view}
          onChange={setView}
          units={unitOptions}
          leaders={leaderOptions}
          statuses={config.statuses}
          views={config.views}
          onSaveView={saveView}
          onDeleteView={(v) => void deleteView(v)}
          shown={shown}
          total={rows.length}
        />
        {loading && !loading.failed && (
          <p className="rows-loading" role="status" data-testid="rows-loading">
            正在载入 {loading.shown.toLocaleString('zh-CN')} / {loading.total.toLocaleString('zh-CN')} 行…（已载入的行可以查看和编辑）
          </p>
        )}
        {loading?.failed && (
          <p className="rows-loading rows-load-failed" role="alert" data-testid="rows-load-failed">
            只载入了 {loading.shown.toLocaleString('zh-CN')} / {loading.total.toLocaleString('zh-CN')} 行：{loading.failed}
            <button type="button" data-testid="rows-retry" onClick={() => resume.current?.()}>
              重新载入
            </button>
          </p>
        )}
      </div>
      <div className="workbench-body" ref={evidence.dropZone}>
        <LedgerGrid
          ref={grid}
          rows={rows}
          columns={columns}
          statuses={config.statuses}
          rules={factsOf}
          unitOptions={unitOptions}
          leaderOptions={leaderOptions}
          tree={tree}
          visible={visible}
          period={period}
          wrapLongText={wrapLongText}
          notify={notify}
          onCurrentRow={setCurrent}
          onSaved={onSaved}
          onLayoutChange={() => saveLayout()}
          onMoveRow={(row, d) => void moveRow(row, d)}
          onDropRow={(row, target, place) => void dropRow(row, target, place)}
          // The same state object while nothing changed: no page render after every edit.
          onHistoryChange={(canUndo, canRedo) => setUndoState((s) => (s.canUndo === canUndo && s.canRedo === canRedo ? s : { canUndo, canRedo }))}
        />
        {historyOpen && <HistoryPanel row={current} columns={columns} version={historyVersion} onClose={() => setHistoryOpen(false)} />}
        {evidence.open && <EvidencePanel row={evidence.row} period={period} notify={notify} version={evidence.version} onClose={() => evidence.setOpen(false)} />}
      </div>
      {dialog === 'columns' && (
        <ColumnManager columns={columns} onAdd={addColumn} onDelete={deleteColumn} onSave={saveColumns} onClose={() => setDialog(null)} />
      )}
      {dialog === 'statuses' && (
        <StatusManager statuses={config.statuses} settings={config.settings} onSave={saveStatuses} onClose={() => setDialog(null)} />
      )}
      {dialog === 'units' && <UnitDirectoryDialog units={units} onChanged={setUnits} onClose={() => setDialog(null)} />}
    </div>
  );
}
