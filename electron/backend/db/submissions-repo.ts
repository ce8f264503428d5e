// Submission imports: batches, the files applied in them, and the source of every imported value.
import { MultiRowInsert } from './multi-row-insert.js';
import { StagedBatchFiles, StagedRows, type BatchFilePart } from './staged-rows.js';
import type { Db } from './open-database.js';

export interface BatchRecord {
  id: number;
  ledgerId: number;
  createdAt: string;
  actor: string;
  status: 'applied' | 'undone';
  undoneAt: string | null;
  backupPath: string;
  cells: number;
  newRows: number;
}

export interface ImportFileRecord {
  id: number;
  batchId: number;
  ledgerId: number;
  fileName: string;
  fileHash: string;
  sheet: string;
  unitId: number | null;
  unitName: string;
  period: string;
  reportDate: string | null;
  status: 'applied' | 'undone';
  rowsApplied: number;
  createdAt: string;
}

export interface ValueSourceRecord {
  id: number;
  batchId: number;
  fileId: number;
  kind: 'cell' | 'row';
  rowId: number;
  field: string | null;
  period: string | null;
  sheet: string;
  cell: string;
  oldValue: string | null;
  newValue: string | null;
  reportDate: string | null;
}

export type NewImportFile = Omit<ImportFileRecord, 'id' | 'status'>;
export type NewValueSource = Omit<ValueSourceRecord, 'id'>;
/** A value source staged before its batch and files have their ids: `fileIndex` is the file's place in the batch. */
export type StagedValueSource = Omit<NewValueSource, 'batchId' | 'fileId'> & { fileIndex: number };

const BATCH_COLUMNS = `id, ledger_id AS ledgerId, created_at AS createdAt, actor, status, undone_at AS undoneAt,
  backup_path AS backupPath, cells, new_rows AS newRows`;
const FILE_COLUMNS = `id, batch_id AS batchId, ledger_id AS ledgerId, file_name AS fileName, file_hash AS fileHash, sheet,
  unit_id AS unitId, unit_name AS unitName, period, report_date AS reportDate, status, rows_applied AS rowsApplied,
  created_at AS createdAt`;
const SOURCE_COLUMNS = `id, batch_id AS batchId, file_id AS fileId, kind, row_id AS rowId, field, period, sheet, cell,
  old_value AS oldValue, new_value AS newValue, report_date AS reportDate`;

// A source's own columns; its batch and file are known only under the write lock (stageSources).
const SOURCE_OWN_COLUMNS = ['kind', 'row_id', 'field', 'period', 'sheet', 'cell', 'old_value', 'new_value', 'report_date'];
const STAGED_SOURCE_COLUMNS = {
  file_index: 'INTEGER',
  ...Object.fromEntries(SOURCE_OWN_COLUMNS.map((c) => [c, c === 'row_id' ? 'INTEGER' : 'TEXT'])),
} as Record<string, 'INTEGER' | 'TEXT'>;
const SOURCE_INSERT_COLUMNS = ['batch_id', 'file_id', ...SOURCE_OWN_COLUMNS];

export class SubmissionsRepo {
  private readonly stmt;
  private sourcesInsert: MultiRowInsert | undefined;
  private staging: StagedRows | undefined;
  private batchFiles: StagedBatchFiles | undefined;

  constructor(private readonly db: Db) {
    this.stmt = {
      insertBatch: db.prepare(
        `INSERT INTO import_batches (ledger_id, created_at, actor, status, backup_path, cells, new_rows)
         VALUES (?, ?, ?, 'applied', ?, 0, 0)`,
      ),
      finishBatch: db.prepare('UPDATE import_batches SET cells = ?, new_rows = ? WHERE id = ?'),
      getBatch: db.prepare(`SELECT ${BATCH_COLUMNS} FROM import_batches WHERE id = ?`),
      batchesOfLedger: db.prepare(`SELECT ${BATCH_COLUMNS} FROM import_batches WHERE ledger_id = ? ORDER BY id DESC`),
      markBatchUndone: db.prepare("UPDATE import_batches SET status = 'undone', undone_at = ? WHERE id = ?"),
      insertFile: db.prepare(
        `INSERT INTO import_files (batch_id, ledger_id, file_name, file_hash, sheet, unit_id, unit_name, period, report_date,
           status, rows_applied, created_at)
         VALUES (@batchId, @ledgerId, @fileName, @fileHash, @sheet, @unitId, @unitName, @period, @reportDate, 'applied',
           @rowsApplied, @createdAt)`,
      ),
      setFileRows: db.prepare('UPDATE import_files SET rows_applied = ? WHERE id = ?'),
      filesOfBatch: db.prepare(`SELECT ${FILE_COLUMNS} FROM import_files WHERE batch_id = ? ORDER BY id`),
      filesOfPeriod: db.prepare(
        `SELECT ${FILE_COLUMNS} FROM import_files WHERE ledger_id = ? AND period = ? AND status = 'applied' ORDER BY id`,
      ),
      appliedByHash: db.prepare(
        `SELECT ${FILE_COLUMNS} FROM import_files WHERE ledger_id = ? AND file_hash = ? AND status = 'applied' ORDER BY id LIMIT 1`,
      ),
      markFilesUndone: db.prepare("UPDATE import_files SET status = 'undone' WHERE batch_id = ?"),
      insertSource: db.prepare(
        `INSERT INTO value_sources (batch_id, file_id, kind, row_id, field, period, sheet, cell, old_value, new_value, report_date)
         VALUES (@batchId, @fileId, @kind, @rowId, @field, @period, @sheet, @cell, @oldValue, @newValue, @reportDate)`,
      ),
      sourcesOfBatch: db.prepare(`SELECT ${SOURCE_COLUMNS} FROM value_sources WHERE batch_id = ? ORDER BY id`),
      laterBatchesOnRows: db.prepare(
        `SELECT DISTINCT v.batch_id AS batchId FROM value_sources v JOIN import_batches b ON b.id = v.batch_id
         WHERE b.status = 'applied' AND v.batch_id > @batchId
           AND v.row_id IN (SELECT row_id FROM value_sources WHERE batch_id = @batchId AND kind = 'row')
         ORDER BY v.batch_id`,
      ),
      // The newest applied source of one cell: which file (and report date) the ledger value came from.
      latestSource: db.prepare(
        `SELECT v.id, v.batch_id AS batchId, v.file_id AS fileId, v.kind, v.row_id AS rowId, v.field, v.period, v.sheet, v.cell,
                v.old_value AS oldValue, v.new_value AS newValue, v.report_date AS reportDate, f.file_name AS fileName
         FROM value_sources v JOIN import_batches b ON b.id = v.batch_id JOIN import_files f ON f.id = v.file_id
         WHERE v.row_id = ? AND v.field = ? AND v.period = ? AND b.status = 'applied'
         ORDER BY v.id DESC LIMIT 1`,
      ),
      // The same for every cell of a ledger in one month, newest last (a preview asks for thousands).
      sourcesOfLedgerPeriod: db.prepare(
        `SELECT v.row_id AS rowId, v.field, v.report_date AS reportDate, f.file_name AS fileName
         FROM value_sources v JOIN import_batches b ON b.id = v.batch_id JOIN import_files f ON f.id = v.file_id
         WHERE b.ledger_id = ? AND v.period = ? AND v.field IS NOT NULL AND b.status = 'applied'
         ORDER BY v.id`,
      ),
    };
  }

  createBatch(ledgerId: number, actor: string, backupPath: string, at: string): number {
    return Number(this.stmt.insertBatch.run(ledgerId, at, actor, backupPath).lastInsertRowid);
  }

  finishBatch(id: number, cells: number, newRows: number): void {
    this.stmt.finishBatch.run(cells, newRows, id);
  }

  batch(id: number): BatchRecord | undefined {
    return this.stmt.getBatch.get(id) as BatchRecord | undefined;
  }

  batches(ledgerId: number): BatchRecord[] {
    return this.stmt.batchesOfLedger.all(ledgerId) as BatchRecord[];
  }

  markUndone(batchId: number, at: string): void {
    this.stmt.markBatchUndone.run(at, batchId);
    this.stmt.markFilesUndone.run(batchId);
  }

  addFile(file: NewImportFile): number {
    return Number(this.stmt.insertFile.run(file).lastInsertRowid);
  }

  setFileRows(fileId: number, rows: number): void {
    this.stmt.setFileRows.run(rows, fileId);
  }

  filesOfBatch(batchId: number): ImportFileRecord[] {
    return this.stmt.filesOfBatch.all(batchId) as ImportFileRecord[];
  }

  filesOfPeriod(ledgerId: number, period: string): ImportFileRecord[] {
    return this.stmt.filesOfPeriod.all(ledgerId, period) as ImportFileRecord[];
  }

  /** The applied (not undone) file with this content hash in the ledger, if any. */
  appliedFile(ledgerId: number, hash: string): ImportFileRecord | undefined {
    return this.stmt.appliedByHash.get(ledgerId, hash) as ImportFileRecord | undefined;
  }

  addSource(source: NewValueSource): void {
    this.stmt.insertSource.run(source);
  }

  /** Many sources in order, a chunk per statement (an import batch's every cell). */
  addSources(sources: readonly NewValueSource[]): void {
    const insert = (this.sourcesInsert ??= new MultiRowInsert(this.db, 'value_sources', SOURCE_INSERT_COLUMNS));
    for (const s of sources) {
      insert.add([s.batchId, s.fileId, s.kind, s.rowId, s.field, s.period, s.sheet, s.cell, s.oldValue, s.newValue, s.reportDate]);
    }
    insert.flush();
  }

  /** Binds an import batch's value sources before the write lock is taken (db/staged-rows.ts); writeStagedSources writes them. */
  stageSources(sources: Iterable<StagedValueSource>): StagedRows {
    const rows = (this.staging ??= new StagedRows(this.db, 'staged_value_sources', STAGED_SOURCE_COLUMNS));
    rows.clear();
    for (const s of sources) rows.add([s.fileIndex, s.kind, s.rowId, s.field, s.period, s.sheet, s.cell, s.oldValue, s.newValue, s.reportDate]);
    rows.finish();
    return rows;
  }

  /** Under the write lock, once the batch's files have ids: the files, for the moves of the batch's staged rows to join. */
  stageBatchFiles(files: readonly BatchFilePart[]): StagedBatchFiles {
    return (this.batchFiles ??= new StagedBatchFiles(this.db)).fill(files);
  }

  /** Under the write lock: the staged sources written, in the order staged, for batch `batchId` of `files`. */
  writeStagedSources(staged: StagedRows, batchId: number, files: StagedBatchFiles): void {
    staged
      .statement(
        `INSERT INTO value_sources (${SOURCE_INSERT_COLUMNS.join(', ')})
         SELECT ?, f.file_id, ${SOURCE_OWN_COLUMNS.map((c) => `s.${c}`).join(', ')}
         FROM ${staged.table} s JOIN ${files.table} f ON f.file_index = s.file_index ORDER BY s.seq`,
      )
      .run(batchId);
    staged.clear();
  }

  sourcesOfBatch(batchId: number): ValueSourceRecord[] {
    return this.stmt.sourcesOfBatch.all(batchId) as ValueSourceRecord[];
  }

  /** Later applied batches that wrote to rows this batch added (undoing it would remove their values). */
  laterBatchesOnAddedRows(batchId: number): number[] {
    return (this.stmt.laterBatchesOnRows.all({ batchId }) as { batchId: number }[]).map((r) => r.batchId);
  }

  latestSource(rowId: number, field: string, period: string): (ValueSourceRecord & { fileName: string }) | undefined {
    return this.stmt.latestSource.get(rowId, field, period) as (ValueSourceRecord & { fileName: string }) | undefined;
  }

  /** latestSource of every cell of the ledger in `period` that has one, by `rowId:field`. */
  latestSourcesOf(ledgerId: number, period: string): Map<string, { reportDate: string | null; fileName: string }> {
    const out = new Map<string, { reportDate: string | null; fileName: string }>();
    for (const s of this.stmt.sourcesOfLedgerPeriod.all(ledgerId, period) as { rowId: number; field: string; reportDate: string | null; fileName: string }[]) {
      out.set(`${s.rowId}:${s.field}`, { reportDate: s.reportDate, fileName: s.fileName });
    }
    return out;
  }
}
