// Parse a bureau's annual work plan (工作要点) into sections, tasks, measures, units and targets.
// Pure functions, no I/O. Anomalies in the plan are reported as Chinese warnings, never silently fixed.

import { extractTargets, type PlanTarget } from './target-extractor.js';
import { PLAN_TEXT, toHalfWidth } from '#shared/text-normalise.js';
import { splitUnitText } from '#shared/responsibility.js';

export type { PlanTarget };

export interface PlanTask {
  /** The plan's own number, ASCII digits: "5" for "5.", "５、", "(5)" or "（五）". */
  number: string;
  /** The numbering exactly as written: "3.", "１、", "（1）". */
  label: string;
  /** Text up to the first "。", or the whole first line when the item is a heading only. */
  title: string;
  /** The following sentences, end punctuation kept; a sub-item ("（1）…" under "1.") is one measure. */
  measures: string[];
  /** Targets of each measure, parallel to `measures`. */
  measureTargets: PlanTarget[][];
  /** All targets of the task's text (title and measures). */
  targets: PlanTarget[];
  /** 责任/配合/协办 units; when the plan names no 牵头 unit, all listed units. */
  units: string[];
  /** 牵头/承办 units; when the plan names none, the first listed unit. */
  leadUnits: string[];
  /** 责任领导/分管领导 named in the text. */
  leaders: string[];
  /** 完成时限/时间节点 written as a labelled clause ("完成时限：6月底前"), several joined by "；"; else "". */
  deadline: string;
  /** 1-based line of the task's numbered line. */
  line: number;
  /** The task as written (all its lines), for traceability. */
  text: string;
}

export interface PlanSection {
  /** The numeral as written, without punctuation: "五" for "五、", "一" for "（一）". */
  numeral: string;
  /** The heading numbering as written: "五、", "（一）". Empty for the implicit section of a plan without headings. */
  label: string;
  title: string;
  /** Text under the heading that belongs to no task. */
  intro: string;
  tasks: PlanTask[];
  /** "（一）" sub-sections when the plan uses "一、" sections with "（一）" below. */
  subsections?: PlanSection[];
  line: number;
}

export interface ParsedPlan {
  /** Text before the first section (title, general requirements). */
  preamble: string;
  sections: PlanSection[];
  /** One Chinese sentence per anomaly, naming the line. */
  warnings: string[];
  /** Lines after the plan that are not part of it (web-page footer, signature, date), trimmed. */
  trailing: string[];
}

export const NO_SECTIONS_WARNING = '未找到任何章节（如“一、…”），请确认粘贴的是工作要点正文';

/** All tasks of a plan in reading order, sub-sections included. */
export function planTasks(plan: ParsedPlan): PlanTask[] {
  return plan.sections.flatMap((s) => [...s.tasks, ...(s.subsections ?? []).flatMap((sub) => sub.tasks)]);
}

// ---------------------------------------------------------------------------------------------
// Line classification

/** Numbering styles in their usual hierarchy: 一、 > （一） > 1. > （1）. */
type Style = 'cn' | 'paren-cn' | 'num' | 'paren-num';

interface Line {
  no: number;
  /** Trimmed original text. */
  text: string;
  style: Style | null;
  /** Numbering as written ("五、", "３．", "（1）") and the text after it. */
  label: string;
  content: string;
  /** Numeral without punctuation (digits already half-width), and its value. */
  numeral: string;
  value: number;
}

const CN_DIGITS = '零〇一二三四五六七八九十百';
const STYLE_PATTERNS: [Style, RegExp][] = [
  ['paren-cn', new RegExp(`^\\(\\s*([${CN_DIGITS}]+)\\s*\\)\\s*[、.]?\\s*`)],
  ['paren-num', /^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*/],
  ['cn', new RegExp(`^([${CN_DIGITS}]+)\\s*[、.]\\s*`)],
  // "2.0行动计划" at the start of a line is not item 2.
  ['num', /^(\d{1,3})\s*[.、](?!\d)\s*/],
];

function classify(raw: string, no: number): Line {
  const text = raw.replace(/^\s+|\s+$/g, '');
  const norm = toHalfWidth(text, PLAN_TEXT);
  for (const [style, re] of STYLE_PATTERNS) {
    const m = re.exec(norm);
    if (!m) continue;
    const numeral = m[1]!;
    const value = style === 'num' || style === 'paren-num' ? Number(numeral) : parseChineseNumeral(numeral);
    if (!(value > 0)) continue;
    return { no, text, style, label: text.slice(0, m[0].length).trim(), content: text.slice(m[0].length), numeral, value };
  }
  return { no, text, style: null, label: '', content: text, numeral: '', value: 0 };
}

// Page numbers left over from a printed or PDF copy: "- 3 -", "— 3 —", "第3页 共5页".
const PAGE_MARKER = /^(?:[-—–]+\s*\d{1,3}\s*[-—–]+|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?)$/;

// ---------------------------------------------------------------------------------------------
// Trailing text after the plan

const FOOTER = /公网安备|ICP\s*备|ICP\s*证|版权所有|Copyright|©|网站标识码|网站地图|联系我们|访问量|浏览次数|点击数|打印本页|关闭窗口|字体[:：]?\s*[【[]?\s*大|分享到|扫一扫|返回顶部|责任编辑|发布时间|来源[:：]/i;
const SIGNATURE = [
  /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发)?$/,
  /^[二〇零一三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$/,
  /^[\u4e00-\u9fa5()（）]{2,30}(?:局|委员会|教育工委|政府|办公室)$/,
  /^(?:附件|抄送|抄报|主送|联系人|联系电话)\s*[\d:：]/,
];
/** A gap of this many blank lines after the last task separates the plan from what follows. */
const TRAILING_GAP = 3;

function findTrailingStart(lines: Line[]): { index: number; reason: string } | null {
  let lastStructural = -1;
  lines.forEach((l, i) => {
    if (l.style) lastStructural = i;
  });
  if (lastStructural < 0) return null;
  let blanks = 0;
  for (let i = lastStructural + 1; i < lines.length; i++) {
    const t = lines[i]!.text;
    if (!t) {
      blanks++;
      continue;
    }
    if (FOOTER.test(t)) return { index: i, reason: '疑似网页页脚' };
    if (SIGNATURE.some((re) => re.test(t))) return { index: i, reason: '疑似落款、日期或附件说明' };
    if (blanks >= TRAILING_GAP) return { index: i, reason: '与正文之间隔有多个空行' };
    blanks = 0;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Warnings kept in line order, whichever pass found them. */
class Warnings {
  private readonly items: { line: number; message: string }[] = [];

  add(line: number, message: string): void {
    this.items.push({ line, message });
  }

  list(): string[] {
    return [...this.items].sort((a, b) => a.line - b.line).map((w) => w.message);
  }
}

interface SubItemDraft {
  label: string;
  text: string;
}

interface TaskDraft {
  line: Line;
  body: string[];
  subItems: SubItemDraft[];
  raw: string[];
}

/** A section or sub-section being read; its heading line gives numeral, label and title. */
interface ContainerDraft {
  heading: Line;
  intro: string[];
  drafts: TaskDraft[];
  subs: ContainerDraft[];
  taskStyle: Style | null;
}

export function parsePlan(text: string): ParsedPlan {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((raw, i) => classify(raw, i + 1));
  const warnings = new Warnings();

  const trailingAt = findTrailingStart(lines);
  const body = trailingAt ? lines.slice(0, trailingAt.index) : lines;
  const trailing = trailingAt ? lines.slice(trailingAt.index).map((l) => l.text).filter(Boolean) : [];

  // Which numbering is a section, a sub-section, a task, a sub-item: decided by the styles the plan uses.
  const used = new Set(body.map((l) => l.style).filter((s): s is Style => s !== null));
  const sectionStyle: Style | null = used.has('cn') ? 'cn' : used.has('paren-cn') ? 'paren-cn' : null;
  const hasNumbered = used.has('num') || used.has('paren-num');
  const subsectionStyle: Style | null = sectionStyle === 'cn' && used.has('paren-cn') && hasNumbered ? 'paren-cn' : null;
  const parenCnIsTask = sectionStyle === 'cn' && used.has('paren-cn') && !hasNumbered;

  const preamble: string[] = [];
  const sections: ContainerDraft[] = [];
  let section: ContainerDraft | null = null;
  let subsection: ContainerDraft | null = null;
  let task: TaskDraft | null = null;
  let sectionSeq: SeqState | null = null;
  let subsectionSeq: SeqState | null = null;
  let taskSeq: SeqState | null = null;
  let subItemSeq: SeqState | null = null;
  let warnedPreambleItem = false;

  const newContainer = (heading: Line): ContainerDraft => ({ heading, intro: [], drafts: [], subs: [], taskStyle: null });
  // The plan has sections, but a numbered item comes before the first one: keep it as preamble, say so.
  const keepInPreamble = (l: Line) => {
    if (!warnedPreambleItem) {
      warnings.add(l.no, `第${l.no}行：第一个章节之前出现了编号条目“${l.label}”，已保留在前言中，未计入任务`);
      warnedPreambleItem = true;
    }
    preamble.push(l.text);
  };

  for (const l of body) {
    if (!l.text) continue;
    if (PAGE_MARKER.test(l.text)) {
      warnings.add(l.no, `第${l.no}行：“${l.text}”疑似页码，已忽略`);
      continue;
    }

    if (l.style && l.style === sectionStyle) {
      sectionSeq = checkSequence(SECTION_SEQ, sectionSeq, l, sectionLabelFormat(l.label), warnings, false);
      section = newContainer(l);
      sections.push(section);
      subsection = null;
      subsectionSeq = null;
      task = null;
      continue;
    }

    if (l.style && l.style === subsectionStyle) {
      if (!section) {
        keepInPreamble(l);
        continue;
      }
      subsectionSeq = checkSequence(SUBSECTION_SEQ, subsectionSeq, l, sectionLabelFormat(l.label), warnings, false);
      subsection = newContainer(l);
      section.subs.push(subsection);
      task = null;
      continue;
    }

    const isTaskLine = l.style === 'num' || l.style === 'paren-num' || (l.style === 'paren-cn' && parenCnIsTask);
    if (isTaskLine) {
      if (!section) {
        if (sectionStyle) {
          keepInPreamble(l);
          continue;
        }
        section = newContainer({ ...l, numeral: '', label: '', content: '' });
        sections.push(section);
        warnings.add(l.no, `第${l.no}行：未找到章节标题（如“一、…”），全部任务已归入一个未命名章节`);
      }
      const container: ContainerDraft = subsection ?? section;

      // "（1）" right under a "1." task is a sub-item of it, not a task.
      if (l.style === 'paren-num' && container.taskStyle === 'num' && task) {
        const format = numberLabelFormat(l.label);
        subItemSeq = checkSequence(SUBITEM_SEQ, task.subItems.length ? subItemSeq : null, l, format, warnings, false);
        task.subItems.push({ label: l.label, text: l.content });
        task.raw.push(l.text);
        continue;
      }
      if (container.taskStyle && container.taskStyle !== l.style) {
        const first = container.drafts[0]!.line.label;
        warnings.add(l.no, `第${l.no}行：本章节任务编号格式不一致（前面用“${first}”，此处用“${l.label}”），已按任务处理`);
      }
      container.taskStyle ??= l.style;
      const restart = container.drafts.length === 0;
      const format = l.style === 'paren-cn' ? sectionLabelFormat(l.label) : l.style === 'paren-num' ? numberLabelFormat(l.label) : String;
      taskSeq = checkSequence(TASK_SEQ, taskSeq, l, format, warnings, restart);
      task = { line: l, body: l.content ? [l.content] : [], subItems: [], raw: [l.text] };
      container.drafts.push(task);
      continue;
    }

    // Plain text: continues the current sub-item, task, sub-section or section, or the preamble.
    if (task) {
      const lastSub = task.subItems[task.subItems.length - 1];
      if (lastSub) lastSub.text += l.text;
      else task.body.push(l.text);
      task.raw.push(l.text);
    } else if (subsection) subsection.intro.push(l.text);
    else if (section) section.intro.push(l.text);
    else preamble.push(l.text);
  }

  if (trailingAt) {
    const first = lines[trailingAt.index]!;
    warnings.add(
      first.no,
      `第${first.no}行起有${trailing.length}行文字不属于工作要点正文（${trailingAt.reason}：“${ellipsis(first.text, 30)}”），已单独列出，未计入任务`,
    );
  }
  if (sections.length === 0) warnings.add(0, NO_SECTIONS_WARNING);

  const built = sections.map((c) => finishContainer(c, warnings));
  warnEmptySections(built, warnings);

  return { preamble: preamble.join('\n'), sections: built, warnings: warnings.list(), trailing };
}

function finishContainer(c: ContainerDraft, warnings: Warnings): PlanSection {
  const [title, rest] = splitHeading(c.heading.content);
  const section: PlanSection = {
    numeral: c.heading.numeral,
    label: c.heading.label,
    title,
    intro: [rest, ...c.intro].filter(Boolean).join('\n'),
    tasks: c.drafts.map((d) => finishTask(d, warnings)),
    line: c.heading.no,
  };
  if (c.subs.length) section.subsections = c.subs.map((s) => finishContainer(s, warnings));
  return section;
}

/** A heading line is its title; text after a "。" on the same line is the section's intro. */
function splitHeading(content: string): [string, string] {
  const stop = findFullStop(content);
  const title = stop >= 0 ? content.slice(0, stop) : content;
  const rest = stop >= 0 ? content.slice(stop + 1).trim() : '';
  return [title.replace(/[：:；;，,\s]+$/, ''), rest];
}

function finishTask(d: TaskDraft, warnings: Warnings): PlanTask {
  const units: UnitClauses = { leadUnits: [], units: [], leaders: [], deadlines: [] };
  const body = d.body.map((t) => stripUnitClauses(t, units)).filter(Boolean);
  const subItems = d.subItems
    .map((s) => stripUnitClauses(s.label + s.text, units))
    .filter((t) => toHalfWidth(t, PLAN_TEXT).replace(/^\(\s*\d+\s*\)\s*[、.]?/, '').trim() !== '');

  const first = body[0] ?? '';
  const stop = findFullStop(first);
  const title = (stop >= 0 ? first.slice(0, stop) : first).replace(/[：:；;，,\s]+$/, '');
  const rest = stop >= 0 ? first.slice(stop + 1) : '';
  const measures = [...joinWrappedLines([rest, ...body.slice(1)]).flatMap(splitSentences), ...subItems];
  const measureTargets = measures.map((m) => extractTargets(m));

  const where = `第${d.line.no}行：任务“${d.line.label}”`;
  if (!title) warnings.add(d.line.no, `${where}没有内容`);
  else if (stop < 0 && title.length > 60) warnings.add(d.line.no, `${where}的第一行没有句号，整行都作为了标题，请核对是否为折行文字`);

  // No 牵头 named: by convention the first listed unit leads.
  const leadUnits = units.leadUnits.length ? units.leadUnits : units.units.slice(0, 1);
  return {
    number: d.line.style === 'paren-cn' ? String(d.line.value) : d.line.numeral,
    label: d.line.label,
    title,
    measures,
    measureTargets,
    targets: [...extractTargets(title), ...measureTargets.flat()],
    units: units.units,
    leadUnits,
    leaders: units.leaders,
    deadline: (units.deadlines ?? []).join('；'),
    line: d.line.no,
    text: d.raw.join('\n'),
  };
}

function warnEmptySections(sections: PlanSection[], warnings: Warnings): void {
  for (const s of sections) {
    const subs = s.subsections ?? [];
    const total = s.tasks.length + subs.reduce((n, sub) => n + sub.tasks.length, 0);
    if (total === 0) {
      if (s.label) warnings.add(s.line, `第${s.line}行：章节“${s.label}${s.title}”下没有识别到编号任务，其文字已保留为章节说明`);
      continue;
    }
    for (const sub of subs) {
      if (sub.tasks.length === 0) {
        warnings.add(sub.line, `第${sub.line}行：小节“${sub.label}${sub.title}”下没有识别到编号任务，其文字已保留为小节说明`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Numbering checks

interface SeqState {
  /** The number as written, and the number it presumably should have been (after a duplicate). */
  written: number;
  effective: number;
}

interface SeqWords {
  what: string;
  previous: string;
}
const SECTION_SEQ: SeqWords = { what: '章节序号', previous: '上一章节' };
const SUBSECTION_SEQ: SeqWords = { what: '小节序号', previous: '上一小节' };
const TASK_SEQ: SeqWords = { what: '任务序号', previous: '上一条任务' };
const SUBITEM_SEQ: SeqWords = { what: '子项序号', previous: '上一子项' };

/**
 * Compare a number with the one before it and report duplicates, gaps and reversals.
 * `restart`: a new section may start again at 1 or continue the previous numbering.
 */
function checkSequence(
  words: SeqWords,
  prev: SeqState | null,
  l: Line,
  format: (n: number) => string,
  warnings: Warnings,
  restart: boolean,
): SeqState {
  const actual = l.value;
  const label = format(actual);
  const prevLabel = (p: SeqState) => format(p.written);
  const at = `第${l.no}行：`;

  if (!prev) {
    if (actual !== 1) warnings.add(l.no, `${at}第一个${words.what}是“${label}”，不是“${format(1)}”`);
    return { written: actual, effective: actual };
  }
  const expected = prev.effective + 1;
  // After a duplicate, continuing from either the written or the presumed number is consistent.
  if (actual === expected || actual === prev.written + 1 || (restart && actual === 1)) {
    return { written: actual, effective: actual };
  }

  if (actual === prev.written) {
    warnings.add(l.no, `${at}${words.what}“${label}”重复（${words.previous}也是“${prevLabel(prev)}”），可能应为“${format(expected)}”`);
    return { written: actual, effective: expected };
  }
  if (actual > expected) {
    const missing = actual - 1 === expected ? `“${format(expected)}”` : `“${format(expected)}”至“${format(actual - 1)}”`;
    warnings.add(l.no, `${at}${words.what}从“${prevLabel(prev)}”跳到“${label}”，缺少${missing}`);
    return { written: actual, effective: actual };
  }
  warnings.add(l.no, `${at}${words.what}“${label}”排在“${prevLabel(prev)}”之后，顺序有误`);
  return { written: actual, effective: expected };
}

/** Format a number like a written heading label: "五、" → n => "六、", "（一）" → n => "（二）". */
function sectionLabelFormat(label: string): (n: number) => string {
  return (n) => label.replace(new RegExp(`[${CN_DIGITS}]+`), toChineseNumeral(n));
}

/** "（1）" → n => "（2）". */
function numberLabelFormat(label: string): (n: number) => string {
  return (n) => label.replace(/[0-9０-９]+/, String(n)).replace(/[、.．]$/, '');
}

export function parseChineseNumeral(s: string): number {
  const digit = (c: string) => '零一二三四五六七八九'.indexOf(c === '〇' ? '零' : c);
  let total = 0;
  let current = 0;
  for (const c of s) {
    if (c === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (c === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      const d = digit(c);
      if (d < 0) return NaN;
      current = current * 10 + d;
    }
  }
  return total + current;
}

export function toChineseNumeral(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : digits[tens]}十${ones ? digits[ones] : ''}`;
  }
  return String(n);
}

// ---------------------------------------------------------------------------------------------
// Sentences

const SENTENCE_ENDS = '。；;！!？?';
const OPENERS = '“《（(「『【‘';
const CLOSERS = '”》）)」』】’';

/** Split after each sentence end outside quotes and brackets; end punctuation is kept. */
export function splitSentences(text: string): string[] {
  const pieces = splitAtDepthZero(text, true) ?? splitAtDepthZero(text, false)!;
  return pieces.map((p) => p.trim()).filter((p) => p && !/^[\s。；;！!？?，,、]+$/.test(p));
}

function splitAtDepthZero(text: string, respectBrackets: boolean): string[] | null {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (respectBrackets && OPENERS.includes(c)) depth++;
    else if (respectBrackets && CLOSERS.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && SENTENCE_ENDS.includes(c)) {
      pieces.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  // Unbalanced quotes would swallow the rest of the text: fall back to plain splitting.
  if (depth !== 0) return null;
  pieces.push(text.slice(start));
  return pieces;
}

/** A line of at least this many characters without closing punctuation was wrapped (PDF or e-mail copy). */
const WRAPPED_LINE_MIN = 20;
const LINE_END = /[。；;！!？?:：]\s*$/;

/**
 * Join lines that a PDF or e-mail copy broke mid-sentence: a long line without closing punctuation
 * continues on the next line, and so does a line ending in "，" or "、". Short unpunctuated lines stay
 * separate (lists of measures written without 。).
 */
export function joinWrappedLines(lines: string[]): string[] {
  const out: string[] = [];
  let open = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (open) out[out.length - 1] += line;
    else out.push(line);
    const current = out[out.length - 1]!;
    open = !LINE_END.test(current) && (open || line.length >= WRAPPED_LINE_MIN || /[，,、（(“《]$/.test(line));
  }
  return out;
}

function findFullStop(text: string): number {
  let depth = 0;
  let firstAnyDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === '。') {
      if (depth === 0) return i;
      if (firstAnyDepth < 0) firstAnyDepth = i;
    }
  }
  return depth !== 0 ? firstAnyDepth : -1;
}

// ---------------------------------------------------------------------------------------------
// Responsible units: "（责任科室：基础教育科、人事科）", "牵头单位：…；责任单位：…", "（A牵头，B配合）"

export interface UnitClauses {
  leadUnits: string[];
  units: string[];
  leaders: string[];
  /** Deadlines of "完成时限：…" clauses, as written. */
  deadlines?: string[];
}

const UNIT_LABEL_SRC =
  '(?:(牵头|承办|主责|责任|配合|协办|参与|协同)(?:单位|科室|部门|处室)|(?:责任|分管|牵头|包抓)领导|(完成时限|办理时限|时限要求|完成时间|完成期限|时间节点))\\s*:';
const LEAD_WORDS = ['牵头', '承办', '主责'];

/** Remove unit clauses from a piece of task text, collecting the units into `into`. */
export function stripUnitClauses(text: string, into: UnitClauses): string {
  const norm = toHalfWidth(text, PLAN_TEXT);
  const cuts: [number, number][] = [];

  // Parenthesised clauses.
  for (let open = norm.indexOf('('); open >= 0; open = norm.indexOf('(', open + 1)) {
    const close = matchingParen(norm, open);
    if (close < 0) continue;
    const inner = norm.slice(open + 1, close);
    if (new RegExp(`^\\s*${UNIT_LABEL_SRC}`).test(inner)) {
      collectLabelled(text.slice(open + 1, close), inner, into);
    } else if (!collectVerbStyle(text.slice(open + 1, close), into)) {
      continue;
    }
    cuts.push([open, close + 1]);
    open = close;
  }

  // Bare clauses: "…活动，责任单位：人事科。" → "…活动。" (the separator before the clause goes, the sentence end stays).
  for (const m of norm.matchAll(new RegExp(UNIT_LABEL_SRC, 'g'))) {
    if (cuts.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const end = bareClauseEnd(norm, m.index, cuts);
    collectLabelled(text.slice(m.index, end), norm.slice(m.index, end), into);
    const separatorBefore = /[，,;]\s*$/.exec(norm.slice(0, m.index));
    const keepEnd = separatorBefore !== null && /[。;]$/.test(norm.slice(m.index, end));
    cuts.push([separatorBefore ? separatorBefore.index : m.index, keepEnd ? end - 1 : end]);
  }

  if (cuts.length === 0) return text.trim();
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [a, b] of cuts) {
    if (a < pos) continue;
    out += text.slice(pos, a);
    pos = b;
  }
  out += text.slice(pos);
  return out.replace(/^[\s，,；;、]+|[\s，,；;、]+$/g, '').replace(/[，,；;、]+(?=。)/g, '');
}

/** A bare clause ends at "。", at a "；" that no further label follows, or where a parenthesised clause begins. */
function bareClauseEnd(norm: string, from: number, cuts: [number, number][]): number {
  const labelAhead = new RegExp(`^\\s*${UNIT_LABEL_SRC}`);
  for (let i = from; i < norm.length; i++) {
    if (cuts.some(([a]) => a === i)) return i;
    if (norm[i] === '。') return i + 1;
    if (norm[i] === ';' && !labelAhead.test(norm.slice(i + 1))) return i + 1;
  }
  return norm.length;
}

function matchingParen(norm: string, open: number): number {
  let depth = 0;
  for (let i = open; i < norm.length; i++) {
    if (norm[i] === '(') depth++;
    else if (norm[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** "牵头单位：A；责任单位：B、C" — each label's value runs to the next label. */
function collectLabelled(original: string, norm: string, into: UnitClauses): void {
  const labels = [...norm.matchAll(new RegExp(UNIT_LABEL_SRC, 'g'))];
  labels.forEach((m, i) => {
    const from = m.index + m[0].length;
    const to = labels[i + 1]?.index ?? original.length;
    const value = original.slice(from, to);
    if (m[2]) {
      const deadline = value.replace(/^[\s:：]+|[\s，,；;。]+$/g, '');
      if (deadline) addUnique((into.deadlines ??= []), [deadline]);
      return;
    }
    const names = splitUnitNames(value);
    const kind = m[1];
    if (!kind) addUnique(into.leaders, names);
    else if (LEAD_WORDS.includes(kind)) addUnique(into.leadUnits, names);
    else addUnique(into.units, names);
  });
}

/** "（基础教育科牵头，各学校配合）": every part must end with such a verb, or it is not a unit clause. */
function collectVerbStyle(inner: string, into: UnitClauses): boolean {
  const parts = inner.split(/[，,；;]/).map((p) => p.trim()).filter(Boolean);
  const parsed = parts.map((p) => /^(.+?)(牵头|负责|主责|配合|参与|协办|协助)$/.exec(p));
  if (parsed.length === 0 || !parsed.every((m) => m !== null)) return false;
  const matches = parsed as RegExpExecArray[];
  if (!matches.some((m) => m[2] === '牵头')) return false;
  for (const [, names, verb] of matches) {
    addUnique(['牵头', '负责', '主责'].includes(verb!) ? into.leadUnits : into.units, splitUnitNames(names!));
  }
  return true;
}

/** Unit names as the responsibility model splits them, without the plan's trailing 等 (各学校等). */
function splitUnitNames(value: string): string[] {
  return splitUnitText(value)
    .map((n) => n.replace(/等$/, ''))
    .filter(Boolean);
}

function addUnique(list: string[], names: string[]): void {
  for (const n of names) if (!list.includes(n)) list.push(n);
}

function ellipsis(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
