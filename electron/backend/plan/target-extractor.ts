// Quantitative targets in work-plan text: "增加学位5190个", "不低于45%", "1—2所", "职普比不低于4:6".
// Pure functions, no I/O. Only Arabic digits (half- or full-width) are read; Chinese numerals in a plan
// are almost always names or ordinals (四有, 第二届, 十三年免费教育), not targets.
import { PLAN_TEXT, toHalfWidth } from '#shared/text-normalise.js';

export interface PlanTarget {
  /** The target as written in the plan, including its comparator words (e.g. "不低于45%"). */
  text: string;
  /** The number, or the lower bound of a range ("1—2所" → 1), or the first term of a ratio ("4:6" → 4). */
  value: number;
  /** Upper bound of a range ("1—2所" → 2), otherwise null. */
  max: number | null;
  /** "个", "所", "名", "人次", "亿元", "个百分点", "%"; for a ratio the rest of it, e.g. ":6", so value + unit reads "4:6". */
  unit: string;
  /** The comparator word as written: 以上, 不低于, 下降, 达到, 不超过, 以内, 提高, 增加, 新增 … or null. */
  comparator: string | null;
}

// Counting units. Durations (分钟, 小时, 天, 月, 年), ages (岁) and cohorts (届) are deliberately absent.
const BASE_UNITS = [
  '平方米', '人次', '学时', '课时', '个', '所', '名', '间', '人', '次', '位', '家', '项', '支', '场', '台',
  '套', '件', '座', '处', '亩', '节', '门', '期', '批', '班', '户', '张', '本', '册', '篇', '部', '条',
  '块', '辆', '倍', '元', '分',
];
const UNIT_RE = new RegExp(`^(?:个百分点|百分点|%|‰|(?:万|亿|千)?(?:${BASE_UNITS.join('|')})|万|亿)`);

// "3个月", "2个小时" are durations; "5分钟" too; "3个100%" counts slogans, not a target.
const NOT_A_UNIT_AFTER: Record<string, RegExp> = {
  '个': /^(?:月|小时|工作日|星期|学期|学年|季度|钟头)/,
  '分': /^(?:钟|之)/,
};

const SUFFIX_COMPARATORS = ['及以上', '以上', '及以下', '以下', '以内', '之内', '左右'];

// Comparators written right before the number, optionally followed by 至/到/为/在 ("提高至45%").
const PREFIX_COMPARATORS = [
  '不低于', '不少于', '不超过', '不高于', '不多于', '不大于', '不小于', '控制在', '保持在',
  '低于', '高于', '超过', '少于', '多于', '大于', '小于', '达到', '提高', '提升', '增加', '增长',
  '新增', '增至', '下降', '降低', '减少', '降至', '达',
];
const PREFIX_CONNECTORS = ['至', '到', '为', '在', ''];

// Comparators that may stand a few characters before the number with the counted noun between:
// "增加学位5190个", "新增教室44间", "不低于公用经费的5%".
const LOOKBACK_COMPARATORS = [
  '不低于', '不少于', '不超过', '不高于', '增加', '新增', '增长', '提高', '提升', '下降', '降低', '减少',
];
/** At most this many characters between a lookback comparator and its number. */
const LOOKBACK_GAP = 8;
// A lookback stops at clause punctuation, quotes and digits: "创建市级“绿色学校”1—2所" has no comparator.
const CLAUSE_BREAK = /[，,、；;。：:！!？?“”"‘’《》()（）\d\s]/;

const RANGE_SEPARATOR_RE = /^\s*(?:——|—|–|‐|−|-|~|〜|至|到)\s*/;
const NUMBER_RE = /\d+(?:\.\d+)?/g;
const NUMBER_AT_START_RE = /^\d+(?:\.\d+)?/;

/** Find every quantitative target in a piece of plan text, in reading order. */
export function extractTargets(text: string): PlanTarget[] {
  const norm = toHalfWidth(text, PLAN_TEXT);
  const targets: PlanTarget[] = [];
  let consumedUpTo = 0;

  for (const match of norm.matchAll(NUMBER_RE)) {
    const start = match.index;
    if (start < consumedUpTo) continue;
    const read = readTargetAt(norm, start, match[0]);
    if (!read) continue;
    consumedUpTo = read.end;
    const found = read.target;
    if (!found) continue;
    targets.push({
      text: text.slice(found.textStart, found.textEnd),
      value: found.value,
      max: found.max,
      unit: found.unit,
      comparator: found.comparator,
    });
  }
  return targets;
}

interface FoundTarget {
  value: number;
  max: number | null;
  unit: string;
  comparator: string | null;
  textStart: number;
  textEnd: number;
}

interface ReadResult {
  target: FoundTarget | null;
  /** Where scanning resumes, so the second number of a range or ratio is not read again. */
  end: number;
}

/** null: not a target, nothing consumed; `target: null`: not a target, but skip `end` characters. */
function readTargetAt(norm: string, start: number, firstNumber: string): ReadResult | null {
  const before = norm.slice(0, start);
  // Identifiers and formulas: "G20", "1+5模式", "3+2"; the tail of "1.2.3" or "8:30". ("要求:100名" is fine.)
  if (/(?:[A-Za-z+]|\d[.:])$/.test(before)) return null;
  // Ordinals ("第1批") and baselines ("由80%提高到90%" — the target is 90%).
  if (/(?:第|从|由)\s*$/.test(before)) return null;

  let pos = start + firstNumber.length;

  const ratio = readRatio(norm, before, pos);
  if (ratio) {
    const target = finish(norm, start, ratio.end, Number(firstNumber), null, ratio.unit, null);
    return { target, end: target.textEnd };
  }

  // Optional range: "1—2所", "30%-50%", "1~2所". A failed range (e.g. "2019-2021年") consumes both numbers.
  let value = Number(firstNumber);
  let max: number | null = null;
  const percentBeforeRange = /^\s*%/.exec(norm.slice(pos));
  const afterFirst = pos + (percentBeforeRange ? percentBeforeRange[0].length : 0);
  const sep = RANGE_SEPARATOR_RE.exec(norm.slice(afterFirst));
  if (sep) {
    const second = NUMBER_AT_START_RE.exec(norm.slice(afterFirst + sep[0].length));
    if (second) {
      max = Number(second[0]);
      pos = afterFirst + sep[0].length + second[0].length;
    }
  }

  // Optional "多/余" ("100余名"), then the unit.
  const approx = /^(多|余)/.exec(norm.slice(pos));
  const unitStart = pos + (approx ? 1 : 0);
  const unit = readUnit(norm, unitStart);
  if (!unit) return { target: null, end: pos };
  if (max !== null && max < value) [value, max] = [max, value];

  const comparatorFallback = approx ? approx[0] : null;
  const target = finish(norm, start, unit.end, value, max, unit.unit, comparatorFallback);
  return { target, end: target.textEnd };
}

function readRatio(norm: string, before: string, pos: number): { unit: string; end: number } | null {
  const m = /^\s*:\s*(\d+(?:\.\d+)?)/.exec(norm.slice(pos));
  if (!m) return null;
  // Only a ratio when the clause says so ("职普比不低于4:6"), or when a comparator of quantity stands right
  // before it (the ledger's target cell keeps just "不低于4:6"); "8:30" and "不晚于8:30" are times.
  if (!lastClause(before, 8).includes('比') && !/(?:不低于|不少于|不超过|达到|保持|高于|低于)\s*$/.test(before)) return null;
  return { unit: `:${m[1]}`, end: pos + m[0].length };
}

/** The unit right after a number (spaces allowed between), with where it ends. */
function readUnit(norm: string, at: number): { unit: string; end: number } | null {
  const spaces = /^\s*/.exec(norm.slice(at))![0].length;
  const rest = norm.slice(at + spaces);
  const m = UNIT_RE.exec(rest);
  if (!m) return null;
  const unit = m[0];
  const after = rest.slice(unit.length);
  if (NOT_A_UNIT_AFTER[unit]?.test(after)) return null;
  if (/^\d/.test(after)) return null; // "3个100%"
  return { unit, end: at + spaces + unit.length };
}

function finish(
  norm: string,
  start: number,
  unitEnd: number,
  value: number,
  max: number | null,
  unit: string,
  fallbackComparator: string | null,
): FoundTarget {
  let textStart = start;
  let textEnd = unitEnd;
  let comparator: string | null = null;

  const suffix = SUFFIX_COMPARATORS.find((word) => norm.startsWith(word, unitEnd));
  if (suffix) {
    comparator = suffix;
    textEnd = unitEnd + suffix.length;
  }

  const prefix = findPrefixComparator(norm.slice(0, start));
  if (prefix) {
    comparator ??= prefix.word;
    textStart = prefix.start;
  }

  comparator ??= fallbackComparator;
  return { value, max, unit, comparator, textStart, textEnd };
}

function findPrefixComparator(before: string): { word: string; start: number } | null {
  const trimmed = before.replace(/\s+$/, '');
  for (const word of PREFIX_COMPARATORS) {
    for (const connector of PREFIX_CONNECTORS) {
      if (trimmed.endsWith(word + connector)) {
        return { word, start: trimmed.length - word.length - connector.length };
      }
    }
  }
  const clause = lastClause(before, LOOKBACK_GAP + 3);
  let best: { word: string; start: number } | null = null;
  for (const word of LOOKBACK_COMPARATORS) {
    const at = clause.lastIndexOf(word);
    const gap = clause.length - at - word.length;
    if (at >= 0 && gap <= LOOKBACK_GAP && (!best || at > best.start)) best = { word, start: at };
  }
  if (!best) return null;
  return { word: best.word, start: before.length - clause.length + best.start };
}

/** The last `limit` characters of `before`, cut at the nearest clause break. */
function lastClause(before: string, limit: number): string {
  const tail = before.slice(-limit);
  for (let i = tail.length - 1; i >= 0; i--) {
    if (CLAUSE_BREAK.test(tail[i]!)) return tail.slice(i + 1);
  }
  return tail;
}
