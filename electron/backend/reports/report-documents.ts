// A report's documents: the figures, the text (generated, or as the clerk edited it), the charts once per
// document, the Word 公文 and the Excel attachment; and issuing: numbering in the series, storing the bytes.
import { AppError } from '#shared/errors.js';
import type { ReportFigures, ReportKind } from '#shared/report-figures.js';
import { draftReportText, reportTitle, type ReportTextParts } from '#shared/report-text.js';
import type { WriteContext } from '../db/change-log.js';
import type { IssuedReportRecord } from '../db/issued-reports-repo.js';
import type { Store } from '../store.js';
import { renderReportCharts } from './report-charts.js';
import { reportFigures } from './report-data.js';
import { buildReportDocx } from './report-docx.js';
import { buildReportXlsx } from './report-xlsx.js';

export interface ReportRef {
  ledgerId: number;
  kind: ReportKind;
  period: string;
}

export interface RenderedReport {
  figures: ReportFigures;
  text: ReportTextParts;
  issue: number;
  issuer: string;
  date: string;
  docx: { fileName: string; bytes: Uint8Array<ArrayBuffer> };
  xlsx: { fileName: string; bytes: Uint8Array<ArrayBuffer> };
}

/** The issuing unit when none is given: the district in the ledger's name (未央区…台账 → 未央区教育局). */
export function defaultIssuer(ledgerName: string): string {
  const district = /^(.{1,12}?[省市区县旗])/.exec(ledgerName.trim())?.[1];
  return district ? `${district}教育局` : '区教育局';
}

/** Today as YYYY-MM-DD in local time (the date printed on the document). */
export function localDate(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function ledgerName(store: Store, ledgerId: number): string {
  const ledger = store.ledgers.get(ledgerId);
  if (!ledger) throw new AppError('not_found', '台账不存在（可能已被删除），请刷新后重试。');
  return ledger.name;
}

export function draftReport(store: Store, ref: ReportRef): { figures: ReportFigures; text: ReportTextParts; issue: number } {
  ledgerName(store, ref.ledgerId);
  const figures = reportFigures(store, ref.ledgerId, ref.kind, ref.period);
  return { figures, text: draftReportText(figures), issue: store.issuedReports.nextIssue(ref.ledgerId, ref.kind) };
}

export async function renderReport(
  store: Store,
  ref: ReportRef & { text?: ReportTextParts; issue?: number; issuer?: string; date?: string },
): Promise<RenderedReport> {
  const name = ledgerName(store, ref.ledgerId);
  const figures = reportFigures(store, ref.ledgerId, ref.kind, ref.period);
  const text = ref.text ?? draftReportText(figures);
  const issue = ref.issue ?? store.issuedReports.nextIssue(ref.ledgerId, ref.kind);
  const issuer = ref.issuer?.trim() || defaultIssuer(name);
  const date = ref.date ?? localDate();
  // The charts rasterise off the main thread while the attachment is written; the Word document needs them.
  const [charts, xlsx] = await Promise.all([renderReportCharts(figures), buildReportXlsx({ figures, issue, issuer, date })]);
  const docx = await buildReportDocx({ figures, text, issue, issuer, date, charts });
  const base = `${reportTitle(figures)}（第${issue}期）`;
  return { figures, text, issue, issuer, date, docx: { fileName: `${base}.docx`, bytes: docx }, xlsx: { fileName: `${base}附件.xlsx`, bytes: xlsx } };
}

/** Issues a report: renders it with the next number and stores it; if another issue took the number meanwhile, renders again. */
export async function issueReport(
  store: Store,
  ctx: WriteContext,
  ref: ReportRef & { text?: ReportTextParts; issuer?: string },
): Promise<{ record: IssuedReportRecord; rendered: RenderedReport }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const rendered = await renderReport(store, { ...ref, issue: undefined });
    const record = store.issuedReports.issue(
      ctx,
      {
        ledgerId: ref.ledgerId,
        kind: ref.kind,
        period: rendered.figures.period,
        issue: rendered.issue,
        issuedAt: new Date().toISOString(),
        issuer: rendered.issuer,
        docxName: rendered.docx.fileName,
        xlsxName: rendered.xlsx.fileName,
        figures: rendered.figures,
        text: rendered.text,
        docx: rendered.docx.bytes,
        xlsx: rendered.xlsx.bytes,
      },
      reportTitle(rendered.figures),
    );
    if (record) return { record, rendered };
  }
  throw new AppError('conflict', '其他窗口正在同时印发同一类报告，请稍后重试。');
}
