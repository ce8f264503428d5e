// Handlers for the reports (shared/api/report-api.ts).
import type { reportApi, reportDocumentApi } from '../../../shared/api/report-api.js';
import { AppError } from '../../../shared/errors.js';
import { reportFigures } from '../reports/report-data.js';
import type { Store } from '../store.js';
import { notFound, raise, type HandlersFor } from './handler-types.js';

// The documents and issuing are being built on a branch (report-docs); until it lands they say so.
const pending = (): never => {
  throw new AppError('not_implemented', '报告文档功能正在开发中，请升级软件后使用。');
};

export function reportHandlers(store: Store): HandlersFor<keyof typeof reportApi | keyof typeof reportDocumentApi> {
  return {
    'report.draft': pending,
    'report.render': pending,
    'report.issue': pending,
    'report.issued': pending,
    'report.open': pending,
    'report.figures': ({ ledgerId, kind, period }) => {
      store.ledgers.get(ledgerId) ?? raise(notFound('台账'));
      return reportFigures(store, ledgerId, kind, period);
    },
  };
}
