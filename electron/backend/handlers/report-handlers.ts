// Handlers for the reports (shared/api/report-api.ts): figures, the generated text, the documents, issuing.
import type { reportApi, reportDocumentApi } from '#shared/api/report-api.js';
import { AppError } from '#shared/errors.js';
import type { IssuedReportRecord } from '../db/issued-reports-repo.js';
import { figuresCountedAhead } from '../reports/figures-ahead.js';
import { dashboardFigures, reportFigures } from '../reports/report-data.js';
import { draftReport, issueReport, renderReport } from '../reports/report-documents.js';
import type { Store } from '../store.js';
import { notFound, raise, type HandlersFor } from './handler-types.js';

const dto = (r: IssuedReportRecord) => ({ ...r });

export function reportHandlers(store: Store): HandlersFor<keyof typeof reportApi | keyof typeof reportDocumentApi> {
  const ledger = (ledgerId: number) => store.ledgers.get(ledgerId) ?? raise(notFound('台账'));
  return {
    'report.figures': ({ ledgerId, kind, period }) => {
      ledger(ledgerId);
      return reportFigures(store, ledgerId, kind, period);
    },
    'report.dashboard': async ({ ledgerId, kind, period, attention }) => {
      ledger(ledgerId);
      // Figures being counted ahead (opening the ledger started them) are waited for, not counted twice.
      await figuresCountedAhead(store, ledgerId, kind, period);
      return dashboardFigures(store, ledgerId, kind, period, attention);
    },
    'report.draft': (input) => draftReport(store, input),
    'report.render': async (input) => {
      const r = await renderReport(store, input);
      return { figures: r.figures, text: r.text, issue: r.issue, docx: r.docx, xlsx: r.xlsx };
    },
    'report.issue': async (input, ctx) => dto((await issueReport(store, ctx, input)).record),
    'report.issued': ({ ledgerId, kind }) => {
      ledger(ledgerId);
      return store.issuedReports.list(ledgerId, kind).map(dto);
    },
    'report.open': ({ issuedId }) => {
      const report = store.issuedReports.get(issuedId);
      const content = report && store.issuedReports.content(issuedId);
      if (!report || !content) throw new AppError('not_found', '这期报告不存在（可能台账已被删除），请刷新后重试。');
      return {
        report: dto(report),
        figures: content.figures,
        text: content.text,
        docx: { fileName: report.docxName, bytes: content.docx },
        xlsx: { fileName: report.xlsxName, bytes: content.xlsx },
      };
    },
  };
}
