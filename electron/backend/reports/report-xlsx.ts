// The report's Excel attachment: 各单位推进情况表, 滞后逾期事项清单 and (年考核) 评分表 with every credit and
// deduction. Print-ready like the ledger exports: merged title row, bold 黑体 header, borders, 仿宋 body,
// A4 landscape fitted to the page width, the header rows repeated on every printed page.
// Written with exceljs's streaming writer, rows committed as they are added and strings inline: a 16,000-row
// attention list is serialised in about half the time of the whole-workbook writer (no shared-string table,
// no model of every cell kept until the end).
// exceljs is loaded on first use: importing it costs a second at every start of serve or the app.
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { ReportFigures } from '#shared/report-figures.js';
import { reportTitle } from '#shared/report-text.js';
import { attentionTable, unitTable } from './report-docx.js';

const border: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  bottom: { style: 'thin' },
  left: { style: 'thin' },
  right: { style: 'thin' },
};

const CREDIT_KINDS = { onTime: '按时完成', late: '逾期后完成', open: '未完成（未逾期）', overdue: '逾期未完成' } as const;
const ROLES = { lead: '牵头', responsible: '责任' } as const;

/**
 * exceljs's streaming writer leaves out <printOptions> (the whole-workbook writer keeps it): written where the
 * schema puts it, just before <pageMargins>, so the printed tables stay centred on the page.
 */
function keepHorizontalCentring(ws: ExcelJS.Worksheet): void {
  const writer = ws as unknown as { stream: { write(xml: string): void }; _writePageMargins(): void };
  const writeMargins = writer._writePageMargins.bind(writer);
  writer._writePageMargins = () => {
    writer.stream.write('<printOptions horizontalCentered="1"/>');
    writeMargins();
  };
}

function addSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  subtitle: string,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  widths: readonly number[],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:3',
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  keepHorizontalCentring(ws);
  ws.columns = widths.map((w) => ({ width: w }));
  const last = header.length;
  ws.mergeCells(1, 1, 1, last);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: '方正小标宋简体', size: 18 };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 36;
  ws.mergeCells(2, 1, 2, last);
  const s = ws.getCell(2, 1);
  s.value = subtitle;
  s.font = { name: '仿宋_GB2312', size: 11 };
  s.alignment = { horizontal: 'right', vertical: 'middle' };
  const h = ws.getRow(3);
  header.forEach((text, i) => {
    const c = h.getCell(i + 1);
    c.value = text;
    c.font = { name: '黑体', size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = border;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
  });
  h.height = 24;
  // One style object per look, shared by the body cells: exceljs dedupes styles by object identity before
  // serialising them, so a sheet of thousands of rows costs two style lookups, not one per cell.
  const bodyStyle = (horizontal: 'center' | 'left'): Partial<ExcelJS.Style> => ({
    font: { name: '仿宋_GB2312', size: 11 },
    alignment: { horizontal, vertical: 'middle', wrapText: true },
    border,
  });
  const centred = bodyStyle('center');
  const leftAligned = bodyStyle('left');
  rows.forEach((values, r) => {
    const row = ws.getRow(4 + r);
    values.forEach((v, i) => {
      const c = row.getCell(i + 1);
      c.value = v;
      c.style = typeof v === 'number' || String(v).length <= 6 ? centred : leftAligned;
    });
    row.commit();
  });
  ws.pageSetup.printArea = `A1:${ws.getColumn(last).letter}${Math.max(3, 3 + rows.length)}`;
  ws.commit();
  return ws;
}

export interface XlsxInput {
  figures: ReportFigures;
  issue: number;
  issuer: string;
  date: string;
}

export async function buildReportXlsx(input: XlsxInput): Promise<Uint8Array<ArrayBuffer>> {
  const { figures } = input;
  const { stream } = (await import('exceljs')).default;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = input.issuer;
  wb.title = reportTitle(figures);
  const subtitle = `${reportTitle(figures)}（第${input.issue}期）附件　　统计截止：${figures.asOf.replace('-', '年')}月　　填报单位：${input.issuer}`;

  const units = unitTable(figures);
  addSheet(wb, '各单位推进情况表', `${figures.label}各单位推进情况表`, subtitle, units.header, units.rows, units.widths.map((w) => Math.max(8, w * 1.6)));

  const attention = attentionTable(figures);
  addSheet(
    wb,
    '滞后逾期事项清单',
    `${figures.label}滞后逾期事项清单`,
    subtitle,
    attention.header,
    attention.rows.length ? attention.rows : [['', '本期没有亮红灯或逾期的事项', '', '', '', '', '']],
    [7, 60, 30, 11, 11, 8, 8],
  );

  if (figures.kind === 'annual') {
    const rows: (string | number)[][] = [];
    for (const u of figures.units) {
      for (const c of u.credits ?? []) {
        rows.push([u.unit, c.code, c.text, ROLES[c.role], CREDIT_KINDS[c.kind], c.doneIn ?? '', c.credit, '']);
      }
      const missing = u.missingReports ?? [];
      if (missing.length) rows.push([u.unit, '', `未按时报送：${missing.join('、')}`, '', '扣分', '', -(u.deductions ?? 0), '']);
      rows.push([u.unit, '', `合计：平均得分系数 ${u.meanCredit ?? 0}，扣 ${u.deductions ?? 0} 分`, '', '', '', u.score ?? 0, u.grade ?? '']);
    }
    const scheme = figures.scheme;
    const schemeText = scheme
      ? `评分细则：起评分100分；按时完成×${scheme.credits.onTime}、逾期后完成×${scheme.credits.late}、未完成×${scheme.credits.open}、逾期未完成×${scheme.credits.overdue}；每缺报一个月扣${scheme.missingReportDeduction}分；优秀≥${scheme.grades.excellent}、良好≥${scheme.grades.good}、合格≥${scheme.grades.pass}`
      : subtitle;
    addSheet(wb, '评分表', `${figures.label}考核评分表`, schemeText, ['单位', '编号', '事项', '角色', '完成情况', '完成月份', '得分系数/扣分', '等次'], rows, [22, 8, 56, 8, 16, 11, 14, 9]);
  }
  await wb.commit();
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}
