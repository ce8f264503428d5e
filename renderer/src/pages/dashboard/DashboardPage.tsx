// 统计: the figures of the 月通报 / 季点评 / 年考核 for a period (report.figures) as cards, charts, the
// ranked unit table and the attention list; every count opens the ledger on the rows it counted, as of
// the same month. Below them, the issuing of the report (IssuePanel).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DashboardFiguresDto } from '#shared/api/report-api.js';
import { LIGHT_LABELS, type Light } from '#shared/as-of.js';
import { DASHBOARD_FIRST_KIND, parseReportPeriod, REPORT_KINDS, type ReportKind } from '#shared/report-figures.js';
import { client } from '../../api/client.js';
import { errorText } from '../../ui/Notice.js';
import type { PageProps } from '../page-props.js';
import { lightsChart, statusChart, trendChart, unitsChart } from './dashboard-charts.js';
import { attentionRows, defaultReportPeriod, intentFor, monthList, periodOptions, rankChange, type DashboardTarget } from './dashboard-model.js';
import { EChart } from './EChart.js';
import { IssuePanel } from './IssuePanel.js';
import './dashboard.css';

const KIND_BUTTONS: Record<ReportKind, string> = { monthly: '月', quarterly: '季', annual: '年' };
const LIGHT_DOT: Record<Light, string> = { green: '●', yellow: '●', red: '●' };
/** Red tasks asked for and listed until 显示全部 is pressed: thousands of them would hold the page (and its charts) for seconds. */
const ATTENTION_SHOWN = 50;

interface Card {
  key: string;
  label: string;
  value: string;
  target: DashboardTarget | null;
  tone?: string;
}

export function DashboardPage({ ledger, notify, openWorkbench }: PageProps) {
  if (!ledger) return <p className="empty">请先在上方新建或选择一个台账。</p>;
  // Keyed by the ledger: another ledger starts from its own default period, with nothing of this one's left.
  return <LedgerDashboard key={ledger.id} ledger={ledger} notify={notify} openWorkbench={openWorkbench} />;
}

type LedgerDashboardProps = Pick<PageProps, 'notify' | 'openWorkbench'> & { ledger: NonNullable<PageProps['ledger']> };

function LedgerDashboard({ ledger, notify, openWorkbench }: LedgerDashboardProps) {
  const ledgerId = ledger.id;
  const [config, setConfig] = useState<{ periods: string[]; defaultPeriod: string } | null>(null);
  const [kind, setKind] = useState<ReportKind>(DASHBOARD_FIRST_KIND);
  // null until the first answer names the period holding the ledger's default month.
  const [period, setPeriod] = useState<string | null>(null);
  const [figures, setFigures] = useState<DashboardFiguresDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [allAttention, setAllAttention] = useState(false);
  // The query the figures shown answer: choosing what was just answered (the first period) asks nothing again.
  const answered = useRef<string | null>(null);

  // One call for the figures and the months offered; the first red tasks only until 显示全部 asks for every one.
  useEffect(() => {
    const key = JSON.stringify([kind, period, allAttention]);
    if (answered.current === key) return;
    let live = true;
    client.call('report.dashboard', { ledgerId, kind, ...(period ? { period } : {}), ...(allAttention ? {} : { attention: ATTENTION_SHOWN }) }).then(
      (r) => {
        if (!live) return;
        answered.current = JSON.stringify([kind, r.figures.period, allAttention]);
        setConfig({ periods: r.periods, defaultPeriod: r.defaultPeriod });
        setPeriod(r.figures.period);
        setFigures(r.figures);
        setError(null);
      },
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [ledgerId, kind, period, allAttention]);

  const options = useMemo(
    () => (config ? periodOptions(kind, ledger.year ?? null, config.periods, config.defaultPeriod) : []),
    [config, kind, ledger.year],
  );

  const pick = useCallback(
    (target: DashboardTarget | null) => {
      if (!target || !figures) return;
      const intent = intentFor(target, figures);
      if (!openWorkbench) return;
      openWorkbench({ view: intent.view, period: intent.period });
      notify({ kind: 'info', text: `已打开台账：${intent.label}。点“清除筛选”看全部。` });
    },
    [figures, openWorkbench, notify],
  );

  const charts = useMemo(
    () =>
      figures && {
        status: statusChart(figures),
        lights: lightsChart(figures),
        units: unitsChart(figures),
        trend: figures.kind === 'monthly' ? null : trendChart(figures),
      },
    [figures],
  );

  function chooseKind(k: ReportKind) {
    setKind(k);
    setAllAttention(false);
    if (config) setPeriod(defaultReportPeriod(k, config.defaultPeriod));
  }

  const t = figures?.totals;
  const cards: Card[] = t
    ? [
        { key: 'tasks', label: '任务总数', value: String(t.tasks), target: { kind: 'all' } },
        { key: 'done', label: '已完成', value: String(t.done), target: { kind: 'category', category: 'done' }, tone: 'done' },
        { key: 'inProgress', label: '推进中', value: String(t.inProgress), target: { kind: 'category', category: 'inProgress' }, tone: 'progress' },
        { key: 'notStarted', label: '未启动', value: String(t.notStarted), target: { kind: 'category', category: 'notStarted' } },
        { key: 'lagging', label: '滞后', value: String(t.lagging), target: { kind: 'category', category: 'lagging' }, tone: 'warn' },
        { key: 'overdue', label: '逾期', value: String(t.overdue), target: { kind: 'overdue' }, tone: 'bad' },
        { key: 'completionRate', label: '完成率', value: `${t.completionRate}%`, target: null, tone: 'rate' },
        { key: 'red', label: '红灯', value: String(t.red), target: { kind: 'light', light: 'red' }, tone: 'red' },
        { key: 'yellow', label: '黄灯', value: String(t.yellow), target: { kind: 'light', light: 'yellow' }, tone: 'yellow' },
        { key: 'green', label: '绿灯', value: String(t.green), target: { kind: 'light', light: 'green' }, tone: 'green' },
      ]
    : [];

  const units = figures ? [...figures.units].sort((a, b) => a.rank - b.rank) : [];
  const quarterly = figures?.kind === 'quarterly';
  const annual = figures?.kind === 'annual';

  return (
    <div className="page page-dashboard" data-testid="dashboard">
      <div className="page-toolbar dash-toolbar">
        <div className="segmented" role="group" aria-label="统计类别">
          {REPORT_KINDS.map((k) => (
            <button
              key={k}
              type="button"
              className={k === kind ? 'active' : ''}
              aria-pressed={k === kind}
              onClick={() => chooseKind(k)}
              data-testid={`dash-kind-${k}`}
            >
              {KIND_BUTTONS[k]}
            </button>
          ))}
        </div>
        <label>
          期间
          <select
            value={period ?? ''}
            onChange={(e) => {
              setPeriod(e.target.value);
              setAllAttention(false);
            }}
            data-testid="dash-period"
            disabled={!options.length}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {figures && (
          <span className="dash-asof" data-testid="dash-label">
            {figures.label}，截至{parseReportPeriod('monthly', figures.asOf)?.label ?? figures.asOf}底
          </span>
        )}
      </div>
      {error && (
        <p className="dash-error" role="alert">
          {error}
        </p>
      )}
      {!figures ? (
        !error && <p className="empty">正在统计…</p>
      ) : (
        <>
          <div className="dash-cards" data-testid="dash-cards">
            {cards.map((c) => (
              <button
                key={c.key}
                type="button"
                className={`dash-card${c.tone ? ` tone-${c.tone}` : ''}`}
                disabled={!c.target}
                onClick={() => pick(c.target)}
                title={c.target ? '在台账中查看这些行' : undefined}
                data-testid={`dash-card-${c.key}`}
              >
                <span className="dash-card-value" data-testid="dash-card-value">
                  {c.value}
                </span>
                <span className="dash-card-label">{c.label}</span>
              </button>
            ))}
          </div>
          {charts && (
            <div className={charts.trend ? 'dash-charts with-trend' : 'dash-charts'}>
              <section className="dash-panel">
                <h3>任务状态</h3>
                <EChart spec={charts.status} onPick={pick} testId="chart-status" label="任务状态分布" />
              </section>
              <section className="dash-panel">
                <h3>亮灯情况</h3>
                <EChart spec={charts.lights} onPick={pick} testId="chart-lights" label="红黄绿灯数量" />
              </section>
              {charts.trend && (
                <section className="dash-panel">
                  <h3>逐月趋势</h3>
                  <EChart spec={charts.trend} testId="chart-trend" label="逐月完成率趋势" />
                </section>
              )}
              <section className={charts.trend ? 'dash-panel dash-wide' : 'dash-panel'}>
                <h3>各单位完成率（按名次）</h3>
                {units.length ? (
                  <EChart spec={charts.units} onPick={pick} testId="chart-units" label="各单位完成率排名" />
                ) : (
                  <p className="muted">台账中还没有写明责任单位的任务。</p>
                )}
              </section>
            </div>
          )}
          <section className="dash-panel">
            <h3>各单位推进情况</h3>
            <table className="dash-table dash-units" data-testid="dash-units">
              <thead>
                <tr>
                  <th>名次</th>
                  {quarterly && <th>上季名次</th>}
                  <th className="left">单位</th>
                  <th>任务数</th>
                  <th>已完成</th>
                  <th>逾期</th>
                  <th>完成率</th>
                  <th>平均进度</th>
                  <th>灯</th>
                  <th>本月报送</th>
                  {annual && (
                    <>
                      <th>得分</th>
                      <th>等次</th>
                      <th>缺报月份</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {units.map((u) => {
                  const change = rankChange(u.rank, u.previousRank);
                  return (
                    <tr
                      key={u.unit}
                      className="clickable"
                      onClick={() => pick({ kind: 'unit', unit: u.unit })}
                      title={`在台账中查看${u.unit}的事项`}
                      data-testid="dash-unit-row"
                      data-unit={u.unit}
                    >
                      <td>{u.rank}</td>
                      {quarterly && (
                        <td>
                          {u.previousRank ?? '—'} <span className={`rank-${change.dir}`}>{change.dir === 'new' ? '' : change.text}</span>
                        </td>
                      )}
                      <td className="left">{u.unit}</td>
                      <td>{u.assignments}</td>
                      <td>{u.done}</td>
                      <td>{u.overdue || ''}</td>
                      <td>{u.completionRate}%</td>
                      <td>{u.meanProgress}%</td>
                      <td className="lights">
                        {(['red', 'yellow', 'green'] as const).map((l) =>
                          u[l] ? (
                            <span key={l} className={`light light-${l}`} title={LIGHT_LABELS[l]}>
                              {LIGHT_DOT[l]}
                              {u[l]}
                            </span>
                          ) : null,
                        )}
                      </td>
                      <td>{u.reported ? '已报' : <span className="warn-text">未报</span>}</td>
                      {annual && (
                        <>
                          <td>{u.score ?? '—'}</td>
                          <td>{u.grade ?? '—'}</td>
                          <td>{monthList(u.missingReports)}</td>
                        </>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          <section className="dash-panel" data-testid="dash-attention">
            <h3>
              需关注事项 <small>红灯任务及其红灯、逾期事项</small>
            </h3>
            {!figures.attention.length ? (
              <p className="muted">没有红灯任务。</p>
            ) : (
              <ul className="attention-list">
                {(allAttention ? figures.attention : figures.attention.slice(0, ATTENTION_SHOWN)).map((a) => (
                  <li key={a.rowId}>
                    <button type="button" className="attention-item" onClick={() => pick({ kind: 'rows', rowIds: attentionRows(a) })} data-testid="attention-item">
                      <span className="light light-red">●</span>
                      <b>{a.code ? `${a.code}. ` : ''}{a.task}</b>
                      <span className="muted">
                        进度 {a.progress}% / 序时 {a.expected}%{a.overdue ? '，已逾期' : ''}
                        {a.units.length ? `；${a.units.join('、')}` : ''}
                      </span>
                    </button>
                    {a.items.length > 0 && (
                      <ul>
                        {a.items.map((i) => (
                          <li key={i.rowId}>
                            <span className={`light light-${i.light}`}>●</span>
                            {i.text || '（未写内容）'}
                            <span className="muted">
                              {' '}
                              {i.progress}%{i.overdue ? '，逾期' : ''}
                              {i.units.length ? `；${i.units.join('、')}` : ''}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {!allAttention && figures.attentionTotal > ATTENTION_SHOWN && (
              <button type="button" className="attention-all" onClick={() => setAllAttention(true)} data-testid="attention-all">
                显示全部 {figures.attentionTotal} 项（以上为前 {ATTENTION_SHOWN} 项）
              </button>
            )}
          </section>
          {period && <IssuePanel ledger={ledger} kind={kind} period={period} periodLabel={figures.label} notify={notify} />}
        </>
      )}
    </div>
  );
}
