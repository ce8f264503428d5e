// The generated text of a 月通报 / 季点评 / 年考核: sentences from the figures (shared/report-figures.ts),
// which the clerk edits before issuing. Pure; the documents, the dashboard and the CLI read it.
import type { ReportFigures, ReportKind, UnitFigure } from './report-figures.js';

export interface ReportTextParts {
  /** 一、总体情况 */
  overview: string;
  /** 二、各单位推进情况 */
  units: string;
  /** 三、存在问题 */
  problems: string;
  /** 四、下步工作要求 */
  requirements: string;
}

export const REPORT_SECTION_HEADINGS = ['一、总体情况', '二、各单位推进情况', '三、存在问题', '四、下步工作要求'] as const;

const REPORT_TITLES: Readonly<Record<ReportKind, string>> = {
  monthly: '重点工作推进情况通报',
  quarterly: '重点工作推进情况季度点评',
  annual: '重点工作年度考核情况通报',
};

/** The document title: 2020年6月重点工作推进情况通报. */
export function reportTitle(figures: Pick<ReportFigures, 'kind' | 'label'>): string {
  return `${figures.label}${REPORT_TITLES[figures.kind]}`;
}

/** 36.4% — one decimal, as the bulletins write it. */
export const pctText = (n: number): string => `${n.toFixed(1)}%`;

/** The district-wide counts: 全区共33项重点任务，已完成12项，…，逾期3项。 */
export function overviewSentence(figures: Pick<ReportFigures, 'totals'>): string {
  const t = figures.totals;
  return (
    `全区共${t.tasks}项重点任务，已完成${t.done}项，推进中${t.inProgress}项，未启动${t.notStarted}项，滞后${t.lagging}项，` +
    `完成率${pctText(t.completionRate)}；按序时进度，绿灯${t.green}项、黄灯${t.yellow}项、红灯${t.red}项，逾期${t.overdue}项。`
  );
}

function asOfPhrase(figures: ReportFigures): string {
  const [y, m] = figures.asOf.split('-');
  if (figures.kind === 'quarterly') return `截至${figures.label}末`;
  if (figures.kind === 'annual') return `截至${y}年底`;
  return `截至${y}年${Number(m)}月底`;
}

const listNames = (names: readonly string[]): string => names.join('、');
const refText = (r: { code: string; task: string }): string => (r.code ? `第${r.code}项“${r.task}”` : `“${r.task}”`);

function quarterChange(figures: ReportFigures): string {
  const parts: string[] = [];
  const [y, m] = figures.asOf.split('-');
  const previousMonth = Number(m) - 3;
  const previous = previousMonth > 0 ? figures.trend.find((p) => p.period === `${y}-${String(previousMonth).padStart(2, '0')}`) : undefined;
  if (previous) {
    const diff = Math.round((figures.totals.completionRate - previous.completionRate) * 10) / 10;
    const move = diff > 0 ? `提高${diff.toFixed(1)}个百分点` : diff < 0 ? `下降${(-diff).toFixed(1)}个百分点` : '持平';
    parts.push(
      `与上季度末相比，完成率${move}（${pctText(previous.completionRate)}→${pctText(figures.totals.completionRate)}），` +
        `红灯由${previous.red}项变为${figures.totals.red}项。`,
    );
  }
  const done = figures.completedInQuarter;
  parts.push(done.length ? `本季度新完成${done.length}项：${done.map(refText).join('、')}。` : '本季度没有新完成的任务。');
  const red = figures.turnedRed;
  parts.push(red.length ? `本季度新亮红灯${red.length}项：${red.map(refText).join('、')}。` : '本季度没有新亮红灯的任务。');
  return parts.join('');
}

function annualSummary(figures: ReportFigures): string {
  const scored = figures.units.filter((u) => u.score !== undefined);
  if (!scored.length) return '本年度没有参加考核的责任单位。';
  const mean = Math.round((scored.reduce((s, u) => s + (u.score ?? 0), 0) / scored.length) * 10) / 10;
  const count = (g: string) => scored.filter((u) => u.grade === g).length;
  const byScore = [...scored].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.unit.localeCompare(b.unit, 'zh-CN'));
  const best = byScore[0]!;
  const worst = byScore[byScore.length - 1]!;
  const deducted = scored.filter((u) => (u.deductions ?? 0) > 0);
  return (
    `按评分细则（起评分100分），${scored.length}个责任单位平均得分${mean.toFixed(1)}分，` +
    `优秀${count('优秀')}个、良好${count('良好')}个、合格${count('合格')}个、不合格${count('不合格')}个；` +
    `最高${best.unit}${(best.score ?? 0).toFixed(1)}分，最低${worst.unit}${(worst.score ?? 0).toFixed(1)}分。` +
    (deducted.length ? `因未按时报送进展被扣分的单位${deducted.length}个：${deducted.map((u) => `${u.unit}（扣${u.deductions}分）`).join('、')}。` : '各单位均按时报送了进展。')
  );
}

const unitRate = (u: UnitFigure): string => `${u.unit}（${pctText(u.completionRate)}）`;

function unitsText(figures: ReportFigures): string {
  const units = figures.units;
  if (!units.length) return '台账中还没有明确责任单位的任务。';
  const parts: string[] = [];
  const n = Math.min(3, Math.floor(units.length / 2) || 1);
  const top = units.slice(0, n);
  parts.push(`${units.length}个责任单位中，完成率居前的是${listNames(top.map(unitRate))}`);
  const bottom = units.length > n ? units.slice(-n).filter((u) => !top.includes(u)) : [];
  parts.push(bottom.length ? `；居后的是${listNames(bottom.map(unitRate))}。` : '。');
  if (figures.kind === 'quarterly') {
    const risers = units
      .filter((u) => u.previousRank != null && u.previousRank > u.rank)
      .sort((a, b) => b.previousRank! - b.rank - (a.previousRank! - a.rank))
      .slice(0, 3);
    if (risers.length) parts.push(`与上季度相比，名次上升较多的是${listNames(risers.map((u) => `${u.unit}（上升${u.previousRank! - u.rank}位）`))}。`);
  }
  if (figures.kind === 'annual') {
    const byScore = [...units].filter((u) => u.score !== undefined).sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    if (byScore.length) parts.push(`年度考核得分前列的是${listNames(byScore.slice(0, n).map((u) => `${u.unit}（${(u.score ?? 0).toFixed(1)}分，${u.grade}）`))}。`);
  } else {
    const missing = units.filter((u) => !u.reported);
    parts.push(
      missing.length
        ? `本期已报送进展的单位${units.length - missing.length}个，未报送的单位${missing.length}个：${listNames(missing.map((u) => u.unit))}。`
        : '各责任单位均已报送本期进展。',
    );
  }
  parts.push('各单位推进情况见下表及附件。');
  return parts.join('');
}

const MAX_ITEMS = 5;
/** The red tasks the text names one by one; the attachment lists all of them. */
export const MAX_PROBLEM_TASKS = 30;
const shorten = (text: string, max = 24): string => {
  const t = text.replace(/[。；;，,\s]+$/u, '');
  return t.length > max ? `${t.slice(0, max)}…` : t;
};

function problemsText(figures: ReportFigures): string {
  const attention = figures.attention;
  if (!attention.length) return '本期没有亮红灯或逾期的任务。';
  const overdue = attention.filter((a) => a.overdue).length;
  const lines = [`亮红灯任务${attention.length}项${overdue ? `（其中逾期${overdue}项）` : ''}，具体如下：`];
  attention.slice(0, MAX_PROBLEM_TASKS).forEach((a, i) => {
    const units = a.units.length ? `（${listNames(a.units)}）` : '';
    let line = `${i + 1}. ${refText(a)}${units}：完成进度${a.progress}%，序时进度${a.expected}%${a.overdue ? '，已逾期' : ''}。`;
    // The rows below it that name a unit (at most MAX_ITEMS), each cut to a short phrase.
    const named = a.items.filter((it) => it.units.length);
    if (named.length) {
      line += `其中：${named
        .slice(0, MAX_ITEMS)
        .map((it) => `${shorten(it.text)}（${listNames(it.units)}）进度${it.progress}%${it.overdue ? '、已逾期' : ''}`)
        .join('；')}${named.length > MAX_ITEMS ? `等${named.length}项` : ''}。`;
    }
    lines.push(line);
  });
  if (attention.length > MAX_PROBLEM_TASKS) lines.push(`另有${attention.length - MAX_PROBLEM_TASKS}项亮红灯任务，详见附件《滞后逾期事项清单》。`);
  return lines.join('\n');
}

const REQUIREMENTS: Readonly<Record<ReportKind, string>> = {
  monthly: [
    '（一）压实工作责任。各牵头科室和责任单位要对照台账逐项梳理，明确责任人和时间节点，确保按序时进度推进。',
    '（二）加快滞后事项整改。亮红灯和逾期事项的责任单位要分析原因、制定措施，于下月5日前将整改情况报局督查室，督查室将跟踪督办，直至办结销号。',
    '（三）按时报送进展。各单位要于每月25日前报送本月推进情况，数据真实准确，佐证材料齐全；未按时报送的，在年度考核中予以扣分。',
  ].join('\n'),
  quarterly: [
    '（一）对标对表抓推进。各单位要对照年度目标和本季度点评，查漏补缺，确保下季度完成序时任务。',
    '（二）聚焦问题抓整改。新亮红灯和排名下降的单位要深入分析原因，制定整改措施，于下月10日前报局督查室。',
    '（三）强化督查抓落实。局督查室将对滞后事项开展专项督查，督查结果纳入年度考核。',
  ].join('\n'),
  annual: [
    '（一）巩固成果。各单位要认真总结全年工作，固化好经验好做法，整理归档佐证材料。',
    '（二）整改提升。考核等次为合格及以下的单位要深入查找原因，形成整改报告报局督查室。',
    '（三）谋划来年。各单位要结合本年度考核情况，提前谋划下一年度重点工作，确保各项任务早部署、早落实。',
  ].join('\n'),
};

/** The generated text of a report, every part of which the clerk may edit. */
export function draftReportText(figures: ReportFigures): ReportTextParts {
  let overview = `${asOfPhrase(figures)}，${overviewSentence(figures)}`;
  if (figures.kind === 'quarterly') overview += quarterChange(figures);
  if (figures.kind === 'annual') overview += annualSummary(figures);
  return { overview, units: unitsText(figures), problems: problemsText(figures), requirements: REQUIREMENTS[figures.kind] };
}
