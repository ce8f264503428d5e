// What a header cell means, from its text alone. Context (sibling and parent columns) is
// applied in column-mapping.ts. Synonyms come from shared/fields.ts plus EXTRA_SYNONYMS below.

import { FIELDS, type FieldKey } from '#shared/fields.js';
import { compactText } from '#shared/text-normalise.js';

/** Columns that carry meaning without being a ledger field of their own. */
export type HeaderExtra = 'targetUnit' | 'rowNumber' | 'reportingUnit';

/**
 * Header words seen in bureaus' workbooks that shared/fields.ts does not list (yet).
 * Matched like the shared synonyms, at slightly lower confidence.
 */
export const EXTRA_SYNONYMS: Readonly<Partial<Record<FieldKey, readonly string[]>>> = {
  code: ['任务序号', '事项编号', '要点编号', '编码'],
  task: ['任务', '工作要点', '重点工作任务', '任务事项', '事项名称', '工作项目', '项目名称'],
  measures: ['具体工作措施', '工作举措', '推进措施', '具体内容', '具体任务', '承担任务', '本单位承担任务', '主要内容', '任务分解'],
  leader: ['分管局领导', '责任局领导', '包抓局领导', '联系领导'],
  leadDept: ['牵头股室', '责任股室', '主责科室', '牵头处室', '主责单位'],
  units: ['配合部门', '参与单位', '责任部门', '实施单位', '承办单位', '协同单位', '具体责任单位'],
  deadline: ['完成时限要求', '时限', '完成期限', '截止时间', '截止日期', '计划完成时间', '完成日期', '办结时限'],
  target: ['目标任务数', '年度目标值', '计划数', '目标数', '任务数', '指标'],
  achieved: ['实际完成', '完成数量', '已完成数', '累计完成数', '累计完成值', '实际完成数'],
  progressPct: ['完成百分比', '进度百分比', '序时进度', '进展百分比'],
  progress: ['进展', '工作进展情况', '推进落实情况', '落实情况', '目前进展', '当前进展', '进展情况说明', '工作完成情况', '工作推进情况', '具体进展'],
  problems: ['存在的问题', '下一步打算', '下一步工作打算', '下一步计划', '下步工作计划', '存在问题和困难', '问题及建议', '困难和问题', '存在问题及下一步打算'],
  status: ['办理状态', '推进状态', '进展状态', '是否完成', '办结状态'],
  remarks: ['备注说明'],
};

const EXTRA_HEADERS: Readonly<Record<HeaderExtra, readonly string[]>> = {
  // Only a target unit when it sits under or beside a target column (decided in column-mapping).
  targetUnit: ['单位', '计量单位', '目标单位'],
  rowNumber: [],
  reportingUnit: ['填报单位', '报送单位', '填报学校', '报送学校'],
};

export interface HeaderMatch {
  field: FieldKey | null;
  extra?: HeaderExtra;
  /** 1 for a listed synonym, lower for weaker evidence. */
  confidence: number;
  how: 'synonym' | 'extra-synonym' | 'period' | 'contains' | 'status-hint';
  /** The normalised key that matched. */
  key: string;
  /** The header named a reporting period (1-6月完成情况, 截至6月底进展) before the field words. */
  period?: boolean;
  /** Bracketed part of the header, e.g. `%` in 完成进度(%). */
  bracket?: string;
}

const BRACKETS = /[(（【[〔]([^)）】\]〕]*)[)）】\]〕]/g;
const PUNCTUATION = /[*:;,.!?'"`~^&@#%|\\/_\-—–·•、，。；：！？“”‘’《》<>=+№]/g;
const PERIOD_PREFIX =
  /^(?:\d{4}年度?)?(?:\d{1,2}[-~～至到]\d{1,2}月份?|上半年|下半年|前三季度|第?[一二三四1-4]季度|本月|本季度|本年度?|年度|截[至止](?:目前|\d{1,2}月(?:底|末)?)|\d{1,2}月份?)/;
const YEAR_PREFIX = /^\d{4}年度?/;
const STATUS_WORDS = ['已完成', '推进中', '未启动', '滞后', '未完成', '进行中'];

/** Header text reduced to its words: half-width, no spaces, brackets and punctuation removed. */
export function headerKey(text: string): string {
  return compactText(text).replace(BRACKETS, '').replace(PUNCTUATION, '');
}

function bracketOf(text: string): string | undefined {
  const parts = [...compactText(text).matchAll(BRACKETS)].map((m) => m[1] ?? '').filter((s) => s !== '');
  return parts.length > 0 ? parts.join('、') : undefined;
}

interface Synonym {
  key: string;
  field: FieldKey | null;
  extra?: HeaderExtra;
  shared: boolean;
}

const SYNONYMS: readonly Synonym[] = [
  ...FIELDS.flatMap((f) => f.synonyms.map((s) => ({ key: headerKey(s), field: f.key, shared: true }))),
  ...FIELDS.flatMap((f) => (EXTRA_SYNONYMS[f.key] ?? []).map((s) => ({ key: headerKey(s), field: f.key, shared: false }))),
  ...(Object.keys(EXTRA_HEADERS) as HeaderExtra[]).flatMap((extra) =>
    EXTRA_HEADERS[extra].map((s) => ({ key: headerKey(s), field: null, extra, shared: false })),
  ),
];

const EXACT = new Map<string, Synonym>();
for (const s of SYNONYMS) if (!EXACT.has(s.key)) EXACT.set(s.key, s);

function fromSynonym(s: Synonym, confidence: number, how: HeaderMatch['how'], key: string): HeaderMatch {
  const m: HeaderMatch = { field: s.field, confidence, how, key };
  if (s.extra) m.extra = s.extra;
  return m;
}

/** The longest synonym contained in the key (earliest on ties); short ones count for less. */
function containedSynonym(key: string): HeaderMatch | null {
  let best: Synonym | null = null;
  let bestAt = Infinity;
  for (const s of SYNONYMS) {
    if (s.field === null || s.key.length < 2) continue;
    const at = key.indexOf(s.key);
    if (at < 0) continue;
    if (!best || s.key.length > best.key.length || (s.key.length === best.key.length && at < bestAt)) {
      best = s;
      bestAt = at;
    }
  }
  if (!best) return null;
  return fromSynonym(best, best.key.length >= 3 ? 0.7 : 0.5, 'contains', key);
}

/** Every form of a batch repeats the same header texts, and header detection asks about each cell more than once. */
const matchCache = new Map<string, HeaderMatch | null>();
const MATCH_CACHE_MAX = 10_000;

function cachedMatch(text: string): HeaderMatch | null {
  let m = matchCache.get(text);
  if (m === undefined) {
    m = matchUncached(text);
    if (matchCache.size >= MATCH_CACHE_MAX) matchCache.clear();
    matchCache.set(text, m);
  }
  return m;
}

/** The field a header text names; each caller gets its own copy (callers may annotate it). */
export function matchHeaderText(text: string): HeaderMatch | null {
  const m = cachedMatch(text);
  return m && { ...m };
}

/** Whether a text reads as a known header (matchHeaderText without the copy: asked of every cell near the top of a sheet). */
export function isHeaderText(text: string): boolean {
  return cachedMatch(text) !== null;
}

function matchUncached(text: string): HeaderMatch | null {
  const key = headerKey(text);
  if (key === '') return null;
  const bracket = bracketOf(text);
  const withBracket = (m: HeaderMatch | null): HeaderMatch | null => {
    if (m && bracket !== undefined) m.bracket = bracket;
    return m;
  };

  // 完成情况（已完成/推进中/未启动）: the bracket lists statuses, so the column is a status.
  if (bracket && STATUS_WORDS.filter((w) => bracket.includes(w)).length >= 2) {
    return { field: 'status', confidence: 0.95, how: 'status-hint', key, bracket };
  }
  const exact = EXACT.get(key);
  if (exact) return withBracket(fromSynonym(exact, exact.shared ? 1 : 0.9, exact.shared ? 'synonym' : 'extra-synonym', key));

  // Match the period on the text before punctuation is dropped: "1-6月" must keep its dash.
  const loose = compactText(text).replace(BRACKETS, '');
  const rest = headerKey(loose.replace(PERIOD_PREFIX, ''));
  if (rest !== key && rest !== '') {
    const inner = EXACT.get(rest) ?? EXACT.get(rest.replace(YEAR_PREFIX, ''));
    if (inner?.field) {
      // "1-6月完成情况" is the narrative for a period, never a status.
      const m =
        rest === '完成情况'
          ? { field: 'progress' as const, confidence: 0.9, how: 'period' as const, key }
          : fromSynonym(inner, 0.9, 'period', key);
      m.period = true;
      return withBracket(m);
    }
  }
  const withoutYear = key.replace(YEAR_PREFIX, '');
  if (withoutYear !== key) {
    const inner = EXACT.get(withoutYear);
    if (inner) return withBracket(fromSynonym(inner, 0.9, 'extra-synonym', key));
  }
  return withBracket(containedSynonym(key));
}
