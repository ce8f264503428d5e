// The opened ledger database with its repositories: what handlers work against.
import { ChangeLog } from './db/change-log.js';
import { IssuedReportsRepo } from './db/issued-reports-repo.js';
import { LedgerExportsRepo } from './db/ledger-exports-repo.js';
import { LedgersRepo } from './db/ledgers-repo.js';
import { openDatabase, type Db, type OpenOptions } from './db/open-database.js';
import { ReportsRepo } from './db/reports-repo.js';
import { RowsRepo } from './db/rows-repo.js';
import { SubmissionsRepo } from './db/submissions-repo.js';
import { TemplatesRepo } from './db/templates-repo.js';
import { UnitsRepo } from './db/units-repo.js';
import { WorkbenchRepo } from './db/workbench-repo.js';
import { EvidenceRepo } from './db/evidence-repo.js';
import { EvidenceBlobs, evidenceFolder } from './evidence/evidence-folder.js';
import { evidenceLimits, type EvidenceLimits } from './evidence/evidence-service.js';

export interface Store {
  db: Db;
  path: string;
  /** Opened read-only (no write permission, read-only media, or asked for): writes are refused. */
  readOnly: boolean;
  log: ChangeLog;
  ledgers: LedgersRepo;
  rows: RowsRepo;
  reports: ReportsRepo;
  issuedReports: IssuedReportsRepo;
  /** What each ledger export wrote, for taking the edited workbook back (ledgerimport.merge*). */
  ledgerExports: LedgerExportsRepo;
  units: UnitsRepo;
  submissions: SubmissionsRepo;
  templates: TemplatesRepo;
  workbench: WorkbenchRepo;
  evidence: EvidenceRepo;
  /** 佐证材料 bytes, content-addressed beside the database (listEvidenceFiles lists them for backups). */
  evidenceBlobs: EvidenceBlobs;
  evidenceLimits: EvidenceLimits;
  /** Closes the connection and opens the file again (after a restore): migrations run, repositories are rebuilt. */
  reopen(): void;
  close(): void;
}

type StoreOptions = OpenOptions & { evidenceLimits?: Partial<EvidenceLimits> };

export function openStore(dbPath: string, options: StoreOptions = {}): Store {
  const store = { path: dbPath } as Store;
  Object.assign(store, connect(dbPath, options), {
    // Handlers hold the store object and read its repositories on every call, so swapping them is enough.
    reopen: () => {
      const next = connect(dbPath, options);
      store.db.close();
      Object.assign(store, next);
    },
    close: () => store.db.close(),
  });
  return store;
}

function connect(dbPath: string, options: StoreOptions): Omit<Store, 'path' | 'reopen' | 'close'> {
  const db = openDatabase(dbPath, options);
  const log = new ChangeLog(db);
  return {
    db,
    readOnly: db.readonly,
    log,
    ledgers: new LedgersRepo(db, log),
    rows: new RowsRepo(db, log),
    reports: new ReportsRepo(db),
    issuedReports: new IssuedReportsRepo(db, log),
    ledgerExports: new LedgerExportsRepo(db),
    units: new UnitsRepo(db),
    submissions: new SubmissionsRepo(db),
    templates: new TemplatesRepo(db),
    workbench: new WorkbenchRepo(db, log),
    evidence: new EvidenceRepo(db, log),
    evidenceBlobs: new EvidenceBlobs(evidenceFolder(dbPath)),
    evidenceLimits: evidenceLimits(options.evidenceLimits),
  };
}
