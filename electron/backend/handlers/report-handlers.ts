// Handlers for the reports (shared/api/report-api.ts).
import type { reportApi } from '../../../shared/api/report-api.js';
import { reportFigures } from '../reports/report-data.js';
import type { Store } from '../store.js';
import { notFound, raise, type HandlersFor } from './handler-types.js';

export function reportHandlers(store: Store): HandlersFor<keyof typeof reportApi> {
  return {
    'report.figures': ({ ledgerId, kind, period }) => {
      store.ledgers.get(ledgerId) ?? raise(notFound('台账'));
      return reportFigures(store, ledgerId, kind, period);
    },
  };
}
