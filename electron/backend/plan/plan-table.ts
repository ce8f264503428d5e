// A plan published as a Word table (任务分解表: 序号, 重点任务, 具体措施, 牵头科室, 责任单位, 完成时限 …,
// section rows spanning the table) read as a table: each column by meaning with the Excel core's
// header vocabulary and column mapping, rows merged down (w:vMerge) belonging to the task above.
// A pure function of word/document.xml, so it runs wherever the document is opened (a worker too).

import type { FieldKey } from '#shared/fields.js';
import { splitUnitText } from '#shared/responsibility.js';
import { mapColumns } from '../excel/column-mapping.js';
import { columnLetters } from '../excel/cell-address.js';
import type { HeaderColumn } from '../excel/header-band.js';
import { decodeXmlText } from '../excel/xml-text.js';
import type { ParsedPlan, PlanSection, PlanTask } from './plan-parser.js';
import { extractTargets } from './target-extractor.js';
import { PLAN_TEXT, toHalfWidth } from '#shared/text-normalise.js';

interface TableCell {
  /** Paragraphs of the cell, in order (nested tables flattened into them). */
  paragraphs: string[];
  /** Grid columns the cell covers (w:gridSpan). */
  span: number;
  /** w:vMerge: 'restart' opens a vertical merge, 'continue' belongs to the cell above. */
  vMerge: 'restart' | 'continue' | null;
}

interface WordTable {
  rows: TableCell[][];
}

interface WordDocument {
  /** Paragraphs outside any table before the first table (the plan's title, its preamble). */
  before: string[];
  tables: WordTable[];
}

const TOKEN = /<(\/?)w:(tbl|tr|tc|p|t|tab|br|cr|gridSpan|vMerge)\b([^>]*?)(\/?)>|([^<]+)/g;

/** Reads the tables (top level) of document.xml; text of nested tables stays in their outer cell. */
export function readWordTables(documentXml: string): WordDocument {
  const doc: WordDocument = { before: [], tables: [] };
  let depth = 0;
  let table: WordTable | null = null;
  let row: TableCell[] | null = null;
  let cell: TableCell | null = null;
  let paragraph: string | null = null;
  let inText = false;
  const endParagraph = () => {
    if (paragraph === null) return;
    const text = paragraph.replace(/\s+$/, '');
    if (cell) cell.paragraphs.push(text);
    else if (depth === 0 && doc.tables.length === 0 && text.trim()) doc.before.push(text.trim());
    paragraph = null;
  };
  for (const m of documentXml.matchAll(TOKEN)) {
    const [, closing, name, attrs = '', selfClosing, text] = m;
    if (text !== undefined) {
      if (inText) paragraph = (paragraph ?? '') + decodeXmlText(text);
      continue;
    }
    const open = !closing;
    switch (name) {
      case 'tbl':
        if (open) {
          depth++;
          if (depth === 1) {
            endParagraph();
            table = { rows: [] };
          }
        } else {
          if (depth === 1 && table) {
            doc.tables.push(table);
            table = null;
          }
          depth = Math.max(0, depth - 1);
        }
        break;
      case 'tr':
        if (depth !== 1) break;
        if (open && !selfClosing) row = [];
        else if (!open && row && table) {
          table.rows.push(row);
          row = null;
        }
        break;
      case 'tc':
        if (depth !== 1) break;
        if (open && !selfClosing) cell = { paragraphs: [], span: 1, vMerge: null };
        else if (!open && cell && row) {
          endParagraph();
          row.push(cell);
          cell = null;
        }
        break;
      case 'gridSpan':
        if (depth === 1 && cell) cell.span = Math.max(1, Number(/w:val="(\d+)"/.exec(attrs)?.[1] ?? 1));
        break;
      case 'vMerge':
        if (depth === 1 && cell) cell.vMerge = /w:val="restart"/.test(attrs) ? 'restart' : 'continue';
        break;
      case 'p':
        if (open && !selfClosing) {
          // A paragraph of a nested table is a paragraph of the outer cell.
          endParagraph();
          paragraph = '';
        } else if (!open) endParagraph();
        break;
      case 't':
        inText = open && !selfClosing;
        break;
      case 'tab':
        if (paragraph !== null) paragraph += '\t';
        break;
      case 'br':
      case 'cr':
        if (paragraph !== null) {
          endParagraph();
          paragraph = '';
        }
        break;
    }
  }
  return doc;
}

/** One row laid on the table's grid: each grid column's text, and where a cell began. */
interface GridRow {
  texts: string[];
  /** Paragraphs of the cell at each grid column (the same array for every column a cell spans). */
  paragraphs: string[][];
  /** Grid columns whose cell continues a vertical merge from the row above. */
  continued: boolean[];
  /** Physical cells with text. */
  filledCells: number;
  /** Widest span of a cell with text. */
  widest: number;
}

function toGrid(table: WordTable): GridRow[] {
  const out: GridRow[] = [];
  let previous: GridRow | null = null;
  for (const cells of table.rows) {
    const row: GridRow = { texts: [], paragraphs: [], continued: [], filledCells: 0, widest: 0 };
    let col = 0;
    for (const c of cells) {
      const paragraphs = c.paragraphs.map((p) => p.trim()).filter(Boolean);
      const above = c.vMerge === 'continue' && previous ? previous.paragraphs[col] : undefined;
      const own = above ?? paragraphs;
      if (above === undefined && paragraphs.length > 0) {
        row.filledCells++;
        row.widest = Math.max(row.widest, c.span);
      }
      for (let i = 0; i < c.span; i++, col++) {
        row.paragraphs[col] = own;
        row.texts[col] = own.join('\n');
        row.continued[col] = above !== undefined;
      }
    }
    out.push(row);
    previous = row;
  }
  return out;
}

const PLAN_FIELDS: readonly FieldKey[] = ['code', 'task', 'measures', 'leader', 'leadDept', 'units', 'deadline'];

interface TableColumns {
  headerRow: number;
  width: number;
  byField: Partial<Record<FieldKey, number>>;
}

/** The header row (one of the first three) and the column of each plan field, or null when it is no plan table. */
function findColumns(grid: GridRow[]): TableColumns | null {
  for (let r = 0; r < Math.min(3, grid.length); r++) {
    const texts = grid[r]!.texts;
    const columns: HeaderColumn[] = texts.map((text, i) => ({ col: i + 1, letter: columnLetters(i + 1), path: [text], text, address: `${columnLetters(i + 1)}${r + 1}` }));
    const samples = new Map(columns.map((c) => [c.col, grid.slice(r + 1, r + 11).map((g) => g.texts[c.col - 1] ?? '').filter(Boolean)]));
    const mapping = mapColumns(columns, { samples });
    const byField: Partial<Record<FieldKey, number>> = {};
    for (const field of PLAN_FIELDS) {
      const col = mapping.fieldColumns[field]?.[0];
      if (col !== undefined) byField[field] = col - 1;
    }
    // 序号 read as a running count is still the plan's number in a plan table.
    if (byField.code === undefined && mapping.extraColumns.rowNumber !== undefined) byField.code = mapping.extraColumns.rowNumber - 1;
    const found = PLAN_FIELDS.filter((f) => byField[f] !== undefined).length;
    if (found >= 2 && (byField.task !== undefined || byField.measures !== undefined)) return { headerRow: r, width: texts.length, byField };
  }
  return null;
}

const SECTION = /^(?:第)?([一二三四五六七八九十百]+)(?:[、.．]|部分|\s)\s*(.*)$/s;
const SUB_SECTION = /^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$/s;
const NUMERALS = '一二三四五六七八九十';

function chineseNumeral(n: number): string {
  if (n <= 10) return NUMERALS[n - 1] ?? String(n);
  if (n < 20) return `十${NUMERALS[n - 11] ?? ''}`;
  return `${NUMERALS[Math.floor(n / 10) - 1] ?? ''}十${n % 10 ? NUMERALS[(n % 10) - 1] : ''}`;
}

function planNumber(text: string): string {
  const half = toHalfWidth(text, PLAN_TEXT).trim();
  return /^(\d+)/.exec(half)?.[1] ?? half.replace(/[.、。)）]+$/, '').replace(/^[（(]/, '');
}

interface TaskDraft {
  task: PlanTask;
  /** Distinct deadlines of the task's rows, in table order. */
  deadlines: string[];
}

function splitNames(texts: string[]): string[] {
  const out: string[] = [];
  for (const t of texts) for (const name of splitUnitText(t)) if (!out.includes(name)) out.push(name);
  return out;
}

/** Reads one plan table into sections and tasks. */
function readTable(grid: GridRow[], columns: TableColumns, tableIndex: number, warnings: string[]): PlanSection[] {
  const { byField, width } = columns;
  const at = (row: GridRow, field: FieldKey): string => (byField[field] === undefined ? '' : (row.texts[byField[field]!] ?? '').trim());
  const paragraphsAt = (row: GridRow, field: FieldKey): string[] => (byField[field] === undefined ? [] : (row.paragraphs[byField[field]!] ?? []));
  const continued = (row: GridRow, field: FieldKey): boolean => byField[field] !== undefined && row.continued[byField[field]!] === true;

  const sections: PlanSection[] = [];
  let section: PlanSection | null = null;
  let current: TaskDraft | null = null;
  const drafts = new Map<PlanTask, TaskDraft>();
  const where = (r: number) => `第 ${tableIndex + 1} 个表格第 ${r + 1} 行`;

  for (let r = columns.headerRow + 1; r < grid.length; r++) {
    const row = grid[r]!;
    const distinct = new Set(row.texts.map((t) => t.trim()).filter(Boolean));
    if (distinct.size === 0) continue;
    const only = [...distinct][0]!;
    // A section row: one text across the table (one spanning cell, or the same text in every cell).
    const spans = row.filledCells === 1 && row.widest >= Math.max(2, Math.ceil(width / 2));
    if (distinct.size === 1 && (spans || row.texts.every((t) => t.trim() === only)) && !row.continued.some(Boolean)) {
      const heading = only.replace(/\n/g, '');
      const m = SECTION.exec(heading) ?? SUB_SECTION.exec(heading);
      section = {
        numeral: m?.[1] ?? chineseNumeral(sections.length + 1),
        label: m ? heading.slice(0, heading.length - (m[2] ?? '').length).trim() : '',
        title: (m?.[2] ?? heading).trim(),
        intro: '',
        tasks: [],
        line: r + 1,
      };
      sections.push(section);
      current = null;
      continue;
    }
    if (r === columns.headerRow + 1 && row.texts.every((t, i) => t.trim() === String(i + 1) || t.trim() === '')) continue; // a 1 2 3 … column-number row

    const code = at(row, 'code');
    const title = at(row, 'task').replace(/\n/g, '');
    const sameTask =
      current !== null &&
      (continued(row, 'task') || (byField.task !== undefined && title === '' && code === '') || (title !== '' && title === current.task.title && (code === '' || planNumber(code) === current.task.number)));
    if (!sameTask) {
      if (!section) {
        section = { numeral: '一', label: '', title: '', intro: '', tasks: [], line: r + 1 };
        sections.push(section);
      }
      const measuresFirst = paragraphsAt(row, 'measures');
      const taskTitle = title || measuresFirst[0] || '';
      if (!taskTitle) {
        warnings.push(`${where(r)}没有任务名称，也没有具体措施，已跳过`);
        continue;
      }
      const task: PlanTask = {
        number: code ? planNumber(code) : String(section.tasks.length + 1),
        label: code,
        title: taskTitle,
        measures: [],
        measureTargets: [],
        targets: [],
        units: [],
        leadUnits: [],
        leaders: [],
        deadline: '',
        line: r + 1,
        text: '',
      };
      if (!code && byField.code !== undefined) warnings.push(`${where(r)}的任务“${taskTitle.slice(0, 20)}”没有序号，已按顺序编为 ${task.number}`);
      current = { task, deadlines: [] };
      drafts.set(task, current);
      section.tasks.push(task);
    }
    const draft = current!;
    const task = draft.task;
    // Measures of this row (a measures cell continued from above is not repeated).
    if (!continued(row, 'measures')) {
      for (const p of paragraphsAt(row, 'measures')) if (!(byField.task === undefined && p === task.title && task.measures.length === 0 && !sameTask)) task.measures.push(p);
    }
    if (!continued(row, 'units') || !sameTask) task.units = splitNames([...task.units, at(row, 'units')]);
    if (!continued(row, 'leadDept') || !sameTask) task.leadUnits = splitNames([...task.leadUnits, at(row, 'leadDept')]);
    if (!continued(row, 'leader') || !sameTask) task.leaders = splitNames([...task.leaders, at(row, 'leader')]);
    const deadline = at(row, 'deadline').replace(/\n/g, '');
    if (deadline && !draft.deadlines.includes(deadline)) draft.deadlines.push(deadline);
    task.text = [task.text, row.texts.filter((t, i) => t && row.texts.indexOf(t) === i).join(' | ')].filter(Boolean).join('\n');
  }

  for (const [task, draft] of drafts) {
    // As the text parser: no 牵头 unit named → the first listed unit leads.
    if (task.leadUnits.length === 0 && task.units.length > 0) task.leadUnits = [task.units[0]!];
    // The ledger keeps one deadline per task (a date it can count 逾期 by): the last one written.
    task.deadline = draft.deadlines.at(-1) ?? '';
    if (draft.deadlines.length > 1) {
      warnings.push(
        `任务 ${task.number}“${task.title.slice(0, 20)}”的各项措施完成时限不同（${draft.deadlines.join('、')}），任务的完成时限取“${task.deadline}”，请在台账中为各措施分别填写`,
      );
    }
    task.measureTargets = task.measures.map((m) => extractTargets(m));
    task.targets = [...extractTargets(task.title), ...task.measureTargets.flat()];
  }
  return sections;
}

/**
 * The plan read from the Word tables of document.xml, or null when no table has a plan header
 * (at least two of 序号/重点任务/具体措施/责任领导/牵头科室/责任单位/完成时限, one of them the task or measures).
 */
export function parsePlanTables(documentXml: string): ParsedPlan | null {
  const doc = readWordTables(documentXml);
  const warnings: string[] = [];
  const sections: PlanSection[] = [];
  let planTables = 0;
  doc.tables.forEach((table, i) => {
    const grid = toGrid(table);
    const columns = findColumns(grid);
    if (!columns) return;
    planTables++;
    sections.push(...readTable(grid, columns, i, warnings));
  });
  if (planTables === 0 || sections.every((s) => s.tasks.length === 0)) return null;
  return { preamble: doc.before.join('\n'), sections: sections.filter((s) => s.tasks.length > 0 || s.title), warnings, trailing: [] };
}
