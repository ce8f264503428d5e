// Understands a template: which sheet holds the table, where its header band is, what each header
// column means (the excel core's header detection and synonym mapping), and which other cells are
// filled on export (date lines, {{占位符}}, the 报送单位 line).

import type { TemplateColumn, TemplateKind, TemplateLayout } from '#shared/api/template-api.js';
import { AppError } from '#shared/errors.js';
import {
  isWorkbookError,
  loadWorkbookSafely,
  pickDataSheet,
  readWorkbookModel,
  SheetGrid,
  xlsxFromModel,
  type ColumnMapping,
  type HeaderBand,
  type WorkbookModel,
} from '../excel/index.js';
import { isFooterText, isNoteText, isTotalText, labelOf } from '../excel/notice-lines.js';
import { compactText } from '#shared/text-normalise.js';

export interface TemplateAnalysis {
  layout: TemplateLayout;
  columns: TemplateColumn[];
  suggestedKind: TemplateKind;
}

/** Placeholder names filled on export ({{台账名称}} …); others are reported and left empty. */
export const KNOWN_PLACEHOLDERS: Readonly<Record<string, string>> = {
  台账名称: 'ledgerName',
  台账: 'ledgerName',
  年度: 'year',
  年份: 'year',
  期间: 'period',
  月份: 'month',
  统计期间: 'period',
  截至日期: 'asOf',
  截止日期: 'asOf',
  截至时间: 'asOf',
  统计截止: 'asOf',
  日期: 'asOf',
  填报日期: 'today',
  导出日期: 'today',
  单位: 'unit',
  填报单位: 'unit',
  报送单位: 'unit',
  单位名称: 'unit',
};

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;
const DATE_LINE = /^(?:截[至止](?:时间|日期)?|统计截[至止](?:时间|日期)?|统计(?:日期|时间)|(?:填报|报送|填表)(?:日期|时间))$/;
const UNIT_LABEL = /^(?:填报|报送|填表)?(?:单位|部门|学校)(?:名称)?(?:\(?盖章\)?)?$/;
const BLANK_VALUE = /^[\s_＿\-—.。·()（）盖章年月日]*$/;

/** Messages for a template the clerk picked (the core's wording is about forms units sent). */
const TEMPLATE_MESSAGES: Partial<Record<string, string>> = {
  corrupt: '模板文件已损坏或不完整，无法读取。请在 Excel/WPS 中打开检查，另存为 .xlsx 后重新添加模板',
  encrypted: '模板文件设有密码保护（已加密），无法读取。请在 Excel/WPS 中取消密码保护（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存，再重新添加模板',
  legacy_xls: '无法读取这个旧版 .xls 模板，请在 Excel/WPS 中打开后“另存为” .xlsx 格式再重新添加模板',
};

export function templateError(err: unknown): AppError {
  if (isWorkbookError(err)) {
    if (err.code === 'no_data_sheet') {
      return new AppError(
        'template_no_header',
        '没有在模板中找到表头（至少要有“序号”“工作任务”“完成时限”等两列以上）。请确认选择的是台账或报送模板，或在模板中补上表头后重新添加',
      );
    }
    const own = TEMPLATE_MESSAGES[err.code];
    return new AppError(`template_${err.code}`, own ?? err.message.replace(/重新导入|再导入/g, '重新添加模板'));
  }
  if (err instanceof AppError) return err;
  return new AppError('internal', `读取模板失败：${err instanceof Error ? err.message : String(err)}`);
}

function toColumns(mapping: ColumnMapping): TemplateColumn[] {
  return mapping.columns.map((m) => {
    const target: TemplateColumn['target'] = m.field
      ? { kind: 'field', field: m.field }
      : m.extra === 'targetUnit'
        ? { kind: 'targetUnit' }
        : m.extra === 'rowNumber'
          ? { kind: 'rowNumber' }
          : { kind: 'none' };
    return { col: m.col, letter: m.letter, header: m.header, target, confidence: target.kind === 'none' ? 0 : m.confidence, origin: 'auto' };
  });
}

function layoutOf(grid: SheetGrid, band: HeaderBand): TemplateLayout {
  const cols = band.columns.map((c) => c.col);
  const firstCol = Math.min(...cols);
  const lastCol = Math.max(...cols);
  const dateCells: TemplateLayout['dateCells'] = [];
  const placeholders: TemplateLayout['placeholders'] = [];
  let unitCell: TemplateLayout['unitCell'] = null;
  let footerFirstRow: number | null = null;

  for (const row of grid.usedRows(1)) {
    const entries = grid.rowEntries(row);
    const inData = row >= band.firstDataRow;
    if (inData && footerFirstRow === null) {
      const first = entries[0]?.cell.text ?? '';
      if (first && (isFooterText(first) || isNoteText(first) || isTotalText(first) || labelOf(first) !== null)) footerFirstRow = row;
    }
    const outsideTable = row < band.headerRows.first || (footerFirstRow !== null && row >= footerFirstRow);
    for (const e of entries) {
      const text = e.cell.text;
      for (const m of text.matchAll(PLACEHOLDER)) {
        const name = (m[1] ?? '').trim();
        placeholders.push({ address: e.cell.address, name, known: name in KNOWN_PLACEHOLDERS });
      }
      if (!outsideTable) continue;
      const label = labelOf(text);
      if (label && DATE_LINE.test(label)) dateCells.push({ address: e.cell.address, text });
      else if (!label && /截[至止]/.test(compactText(text)) && /年.*月.*日/.test(text)) dateCells.push({ address: e.cell.address, text });
      if (label && UNIT_LABEL.test(label) && !unitCell) {
        const value = text.slice(text.search(/[:：]/) + 1).trim();
        unitCell = { address: e.cell.address, label, value: BLANK_VALUE.test(value) ? '' : value };
      }
    }
  }
  return {
    sheet: grid.name,
    title: band.title ?? null,
    headerFirstRow: band.headerRows.first,
    headerLastRow: band.headerRows.last,
    firstDataRow: band.firstDataRow,
    footerFirstRow,
    firstCol,
    lastCol,
    dateCells,
    placeholders,
    unitCell,
  };
}

export function analyseModel(model: WorkbookModel): TemplateAnalysis {
  const choice = pickDataSheet(model);
  const layout = layoutOf(choice.grid, choice.band);
  const columns = toColumns(choice.mapping);
  const blankUnit = layout.unitCell !== null && layout.unitCell.value === '';
  const suggestedKind: TemplateKind = blankUnit || /报送|填报表/.test(layout.title ?? '') ? 'submission' : 'ledger';
  return { layout, columns, suggestedKind };
}

/** Analyses a file from outside: guard and parsing run in a worker with memory and time limits. */
export async function analyseTemplate(bytes: Uint8Array): Promise<TemplateAnalysis> {
  try {
    return analyseModel(await loadWorkbookSafely(bytes));
  } catch (err) {
    throw templateError(err);
  }
}

/** Said when a legacy .xls template was stored as .xlsx. */
export const XLS_TEMPLATE_WARNING =
  '这是旧版 .xls 文件，已转换为 .xlsx 保存为模板：内容、合并单元格、列宽、行高、数字格式和底色已保留，字体、边框和打印设置未能保留。请导出一次检查效果；如需保留原样式，请在 Excel/WPS 中“另存为” .xlsx 后重新添加模板';

export interface TemplateFile {
  analysis: TemplateAnalysis;
  /** What is stored: the file itself, or for a legacy .xls the .xlsx made from it. */
  bytes: Uint8Array;
  fileName: string;
  /** Set when an .xls was converted (fonts, borders and page setup are not kept). */
  convertedFromXls: boolean;
}

/** Reads a template the clerk picked; a legacy .xls is converted to .xlsx, since exports are written into a copy. */
export async function readTemplateFile(bytes: Uint8Array, fileName: string): Promise<TemplateFile> {
  try {
    const model = await loadWorkbookSafely(bytes);
    const analysis = analyseModel(model);
    if (model.format !== 'xls') return { analysis, bytes, fileName, convertedFromXls: false };
    return { analysis, bytes: await xlsxFromModel(model), fileName: fileName.replace(/\.xls$/i, '') + '.xlsx', convertedFromXls: true };
  } catch (err) {
    throw templateError(err);
  }
}

/** Analyses a workbook we built ourselves (the built-in default template), in this thread. */
export async function analyseTrustedTemplate(bytes: Uint8Array): Promise<TemplateAnalysis> {
  return analyseModel(await readWorkbookModel(bytes));
}
