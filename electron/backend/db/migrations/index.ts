// Forward-only, numbered schema migrations. Migration N brings the database to user_version N.
// Never edit a migration that has shipped: add a new file and list it here, in order.
import { initialSchema } from './001-initial.js';
import { workbenchSchema } from './002-workbench.js';
import { templatesSchema } from './003-templates.js';
import { submissionsSchema } from './004-submissions.js';
import { ledgerImportSchema } from './005-ledger-import.js';
import { asOfSchema } from './006-as-of.js';
import { reportsSchema } from './007-reports.js';
import { evidenceSchema } from './008-evidence.js';
import { deflatedExportSnapshotsSchema } from './009-deflated-export-snapshots.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [initialSchema, workbenchSchema, templatesSchema, submissionsSchema, ledgerImportSchema, asOfSchema, reportsSchema, evidenceSchema, deflatedExportSnapshotsSchema];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
