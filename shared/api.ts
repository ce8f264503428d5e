// The contract: every method the backend serves, declared once with its input and output schemas.
// The dispatcher, the IPC host, the preload bridge, the CLI, the web host and the renderer's client
// are all derived from this table. Each concern declares its methods in shared/api/<concern>-api.ts.
import type { z } from 'zod';
import { coreApi } from './api/core-api.js';
import { planApi } from './api/plan-api.js';
import { workbenchApi } from './api/workbench-api.js';
import { templateApi } from './api/template-api.js';
import { submissionApi } from './api/submission-api.js';
import { ledgerImportApi } from './api/ledger-import-api.js';
import { unitsApi } from './api/units-api.js';
import { reportApi, reportDocumentApi } from './api/report-api.js';
import { assignApi } from './api/assign-api.js';
import { evidenceApi } from './api/evidence-api.js';
import { backupApi } from './api/backup-api.js';
import { joinMethodMaps } from './api/method.js';

export const api = joinMethodMaps(
  coreApi,
  planApi,
  workbenchApi,
  templateApi,
  submissionApi,
  ledgerImportApi,
  unitsApi,
  reportApi,
  reportDocumentApi,
  assignApi,
  evidenceApi,
  backupApi,
);

export type Api = typeof api;
export type MethodName = keyof Api;
export const METHOD_NAMES = Object.keys(api) as MethodName[];

export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}
