// The built-in templates for ledgers with no registered one: the meeting ledger (A3 landscape, the
// standard columns with a two-level header) and the submission form (A4 landscape). Built with
// exceljs, then read back through the same analysis as a registered template, so both paths match.

import type ExcelJS from 'exceljs';
import { DEFAULT_STATUSES } from '#shared/fields.js';
import { analyseTrustedTemplate, type TemplateAnalysis } from './template-analysis.js';
import { workbookBytes } from './template-workbook.js';

export interface BuiltInTemplate {
  name: string;
  fileName: string;
  bytes: Uint8Array;
  analysis: TemplateAnalysis;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const TITLE_FONT: Partial<ExcelJS.Font> = { name: '方正小标宋简体', size: 20 };
const LINE_FONT: Partial<ExcelJS.Font> = { name: '仿宋_GB2312', size: 14 };
const HEADER_FONT: Partial<ExcelJS.Font> = { name: '黑体', size: 12 };
const BODY_FONT: Partial<ExcelJS.Font> = { name: '仿宋_GB2312', size: 12 };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

interface HeaderSpec {
  text: string;
  width: number;
  /** Sub-headers under a merged parent. */
  children?: { text: string; width: number; align?: 'center' | 'left' }[];
  align?: 'center' | 'left';
}

async function newWorkbook(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

function buildSheet(
  ws: ExcelJS.Worksheet,
  title: string,
  lineLeft: string,
  lineRight: string,
  headers: HeaderSpec[],
  options: { twoLevel: boolean; paperSize: number; statusCol: number },
): void {
  const leaves = headers.flatMap((h) => (h.children ? h.children : [h]));
  const lastCol = leaves.length;
  leaves.forEach((h, i) => (ws.getColumn(i + 1).width = h.width));

  ws.mergeCells(1, 1, 1, lastCol);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = TITLE_FONT;
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 40;

  const half = Math.ceil(lastCol / 2);
  ws.mergeCells(2, 1, 2, half);
  ws.mergeCells(2, half + 1, 2, lastCol);
  Object.assign(ws.getCell(2, 1), { value: lineLeft, font: LINE_FONT });
  Object.assign(ws.getCell(2, half + 1), { value: lineRight, font: LINE_FONT, alignment: { horizontal: 'right' } });
  ws.getRow(2).height = 22;

  const headerLast = options.twoLevel ? 4 : 3;
  let col = 1;
  for (const h of headers) {
    const span = h.children?.length ?? 1;
    const styleCell = (c: ExcelJS.Cell, value: string | null) => {
      c.value = value;
      c.font = HEADER_FONT;
      c.fill = HEADER_FILL;
      c.border = BORDER;
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    };
    for (let r = 3; r <= headerLast; r++) for (let c = col; c < col + span; c++) styleCell(ws.getCell(r, c), null);
    styleCell(ws.getCell(3, col), h.text);
    if (h.children) {
      if (span > 1) ws.mergeCells(3, col, 3, col + span - 1);
      h.children.forEach((child, i) => styleCell(ws.getCell(4, col + i), child.text));
    } else if (headerLast > 3) {
      ws.mergeCells(3, col, headerLast, col);
    }
    col += span;
  }
  for (let r = 3; r <= headerLast; r++) ws.getRow(r).height = 24;

  const dataRow = headerLast + 1;
  leaves.forEach((h, i) => {
    const c = ws.getCell(dataRow, i + 1);
    c.font = BODY_FONT;
    c.border = BORDER;
    c.alignment = { horizontal: h.align ?? 'center', vertical: 'middle', wrapText: true };
  });
  (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
    ws.getCell(dataRow, options.statusCol).address,
    { type: 'list', allowBlank: true, formulae: [`"${DEFAULT_STATUSES.join(',')}"`] },
  );

  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerLast, topLeftCell: `A${dataRow}` }];
  ws.pageSetup = {
    paperSize: options.paperSize,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `3:${headerLast}`,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
}

const LEDGER_HEADERS: HeaderSpec[] = [
  { text: '序号', width: 6 },
  { text: '工作任务', width: 22, align: 'left' },
  { text: '具体措施', width: 46, align: 'left' },
  { text: '责任领导', width: 10 },
  { text: '牵头科室', width: 14 },
  { text: '责任单位', width: 18 },
  { text: '完成时限', width: 12 },
  { text: '目标任务', width: 0, children: [{ text: '目标值', width: 10 }, { text: '单位', width: 7 }] },
  {
    text: '推进情况',
    width: 0,
    children: [
      { text: '累计完成', width: 10 },
      { text: '完成进度', width: 9 },
      { text: '进展情况', width: 40, align: 'left' },
    ],
  },
  { text: '存在问题及下步打算', width: 26, align: 'left' },
  { text: '状态', width: 9 },
  { text: '备注', width: 12 },
];

const FORM_HEADERS: HeaderSpec[] = [
  { text: '序号', width: 6 },
  { text: '任务编号', width: 9 },
  { text: '工作任务', width: 24, align: 'left' },
  { text: '本单位承担内容', width: 36, align: 'left' },
  { text: '完成时限', width: 12 },
  { text: '目标值', width: 12 },
  { text: '累计完成', width: 10 },
  { text: '完成进度(%)', width: 11 },
  { text: '进展情况', width: 36, align: 'left' },
  { text: '存在问题及下步打算', width: 30, align: 'left' },
  { text: '状态', width: 10 },
];

let cached: Promise<{ ledger: BuiltInTemplate; submission: BuiltInTemplate }> | undefined;

async function build(): Promise<{ ledger: BuiltInTemplate; submission: BuiltInTemplate }> {
  const ExcelJSModule = await newWorkbook();

  const ledgerBook = new ExcelJSModule.Workbook();
  buildSheet(ledgerBook.addWorksheet('重点工作台账'), '{{台账名称}}', '填报单位：', '截至时间：    年  月  日', LEDGER_HEADERS, {
    twoLevel: true,
    paperSize: 8, // A3
    statusCol: 14,
  });
  const ledgerBytes = await workbookBytes(ledgerBook);

  const formBook = new ExcelJSModule.Workbook();
  const ws = formBook.addWorksheet('报送表');
  buildSheet(ws, '{{台账名称}}报送表', '报送单位：', '报送日期：', FORM_HEADERS, { twoLevel: false, paperSize: 9, statusCol: 11 });
  const formBytes = await workbookBytes(formBook);

  return {
    ledger: { name: '内置台账模板（A3 横向）', fileName: '台账模板.xlsx', bytes: ledgerBytes, analysis: await analyseTrustedTemplate(ledgerBytes) },
    submission: { name: '内置报送模板（A4 横向）', fileName: '报送模板.xlsx', bytes: formBytes, analysis: await analyseTrustedTemplate(formBytes) },
  };
}

/** The built-in templates, built once per process. */
export function builtInTemplates(): Promise<{ ledger: BuiltInTemplate; submission: BuiltInTemplate }> {
  cached ??= build().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
