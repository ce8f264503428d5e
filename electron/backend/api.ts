// The handler map implementing the contract in shared/api.ts: one file of handlers per concern.
// Inputs arrive already validated by the dispatcher.
import type { MethodName } from '#shared/api.js';
import { coreHandlers } from './handlers/core-handlers.js';
import type { HandlersFor } from './handlers/handler-types.js';
import { planHandlers } from './handlers/plan-handlers.js';
import { templateHandlers } from './handlers/template-handlers.js';
import type { Store } from './store.js';
import { submissionHandlers } from './handlers/submission-handlers.js';
import { workbenchHandlers } from './handlers/workbench-handlers.js';
import { ledgerImportHandlers } from './handlers/ledger-import-handlers.js';
import { unitHandlers } from './handlers/unit-handlers.js';
import { reportHandlers } from './handlers/report-handlers.js';
import { assignHandlers } from './handlers/assign-handlers.js';
import { evidenceHandlers } from './handlers/evidence-handlers.js';
import { backupHandlers } from './handlers/backup-handlers.js';

export type { CallContext } from './handlers/handler-types.js';
export type Handlers = HandlersFor<MethodName>;

export function createHandlers(store: Store): Handlers {
  return {
    ...coreHandlers(store),
    ...planHandlers(store),
    ...templateHandlers(store),
    ...workbenchHandlers(store),
    ...submissionHandlers(store),
    ...ledgerImportHandlers(store),
    ...unitHandlers(store),
    ...reportHandlers(store),
    ...assignHandlers(store),
    ...evidenceHandlers(store),
    ...backupHandlers(store),
  };
}
