// Writing a previewed import: a database backup first, then every ticked change in ONE transaction
// (all or nothing), each value recorded with its source; and undoing a whole batch. The preview is
// built before the write lock is taken and only checked under it (db/planned-write.ts).
import { tempTransaction, writeTransaction } from '../db/write-transaction.js';
import { planOutsideLock, replanIfStale, writePlanned, type Planned } from '../db/planned-write.js';
import type { BatchDto, SubmissionPreview } from '#shared/api/submission-api.js';
import { AppError, readOnlyWriteError, storageError } from '#shared/errors.js';
import { backupDir, backupPath, IMPORT_BACKUPS_KEPT, pruneBackups as pruneBackupsOfKind } from '../db/backups.js';
import { checkpointAfterOffThread, createBackupOffThread } from '../db/backup-off-thread.js';
import { FIELD_KEYS, isPeriodField, type FieldKey } from '#shared/fields.js';
import type { StagedChange, WriteContext } from '../db/change-log.js';
import type { StagedCells } from '../db/rows-repo.js';
import type { StagedRows } from '../db/staged-rows.js';
import type { BatchRecord, NewValueSource, StagedValueSource } from '../db/submissions-repo.js';
import type { Store } from '../store.js';
import { buildPreview, storePreviewReads, type BuiltPreview, type PlannedFile, type PreviewSession } from './import-preview.js';

/** Automatic backups kept beside the database; older ones are removed after each new backup. */
export const KEEP_BACKUPS = IMPORT_BACKUPS_KEPT;

/** Removes all but the newest `keep` automatic import backups in `dir` (names sort by time). */
export function pruneBackups(dir: string, keep = KEEP_BACKUPS): string[] {
  return pruneBackupsOfKind(dir, 'before-import', keep);
}

/**
 * Backup of the whole database into backups/ beside the database file (db/backups.ts: temp name,
 * verified, renamed): VACUUM INTO, checked by opening it (BackupCheck 'opens'), synced once — written by
 * a worker thread (db/backup-off-thread.ts), so the app goes on serving the clerk meanwhile. Resolves
 * only when the backup is complete: callers write nothing before.
 */
export async function backupDatabase(store: Store, at: string): Promise<string> {
  if (store.readOnly) throw readOnlyWriteError();
  const file = backupPath(store.path, 'before-import', at);
  try {
    await createBackupOffThread(store.db, file, 'opens');
  } catch (err) {
    const cause = err instanceof AppError ? err.message : (err as Error).message;
    throw new AppError(
      err instanceof AppError && err.code === 'disk_full' ? 'disk_full' : 'backup_failed',
      `导入前无法备份数据库，为安全起见没有导入任何内容。${cause}`,
    );
  }
  try {
    pruneBackups(backupDir(store.path));
  } catch {
    // A backup that cannot be removed is no reason to stop the import.
  }
  return file;
}

/** The ledger rows whose values a preview compared with (every matched row, ticked or not). */
function previewReads(built: BuiltPreview): Set<number> {
  const ids = new Set<number>();
  for (const f of built.dto.files) for (const r of f.rows) if (r.rowId !== null) ids.add(r.rowId);
  return ids;
}

/** Change-log source of one imported value: file, sheet!cell, content hash, batch. */
export function valueSource(file: PlannedFile, cell: string, batchId: number): string {
  const [beforeCell, afterCell] = sourceAroundCell(file);
  return `${beforeCell}${cell}${afterCell}${batchId}`;
}

/** A file's part of its values' sources: the text before the cell and after it, up to the batch number. */
function sourceAroundCell(file: PlannedFile): [string, string] {
  const name = file.parsed.name.length > 120 ? `${file.parsed.name.slice(0, 117)}…` : file.parsed.name;
  return [`报送文件 ${name} ${file.parsed.sheet}!`, ` sha256:${file.parsed.hash.slice(0, 16)} 批次#`];
}

export function batchDto(store: Store, batch: BatchRecord): BatchDto {
  return {
    ...batch,
    files: store.submissions
      .filesOfBatch(batch.id)
      .map((f) => ({ fileName: f.fileName, unitName: f.unitName, period: f.period, rowsApplied: f.rowsApplied, fileHash: f.fileHash })),
  };
}

function buildWithReads(store: Store, session: PreviewSession) {
  const value = buildPreview(storePreviewReads(store), session);
  return { value, reads: previewReads(value) };
}

/** What the clerk chose in a session; a preview built for other choices is not the one to apply. */
function sessionChoices(session: PreviewSession): string {
  return JSON.stringify([
    session.period,
    session.batchPeriod,
    session.files.map((f) => [f.key, f.unitId, f.period, f.included, [...f.rowChoices]]),
  ]);
}

/** The preview to show the clerk, remembered with the database state it read so apply can reuse it. */
export function showPreview(store: Store, session: PreviewSession): BuiltPreview {
  const planned = planOutsideLock(store.db, session.ledgerId, () => buildWithReads(store, session));
  session.shown = { choices: sessionChoices(session), planned };
  return planned.value;
}

/**
 * The preview the clerk last saw when it still holds (the same choices, nothing it read written since),
 * else built again (outside the write lock) and remembered: apply and the 佐证材料 plan share it.
 */
export function currentPreview(store: Store, session: PreviewSession): Planned<BuiltPreview> {
  const build = () => buildWithReads(store, session);
  const choices = sessionChoices(session);
  const shown = session.shown?.choices === choices ? session.shown.planned : undefined;
  const planned = shown ? replanIfStale(store.db, session.ledgerId, shown, build) : planOutsideLock(store.db, session.ledgerId, build);
  session.shown = { choices, planned };
  return planned;
}

type CellChange = PlannedFile['rows'][number]['dto']['changes'][number];

/** What one batch writes, bound before the write lock is taken (db/staged-rows.ts), for the plan it was staged from. */
interface StagedBatch {
  plan: BuiltPreview;
  /** Progress values of matched rows, their change-log entries and value sources. */
  cells: StagedCells;
  changes: StagedRows;
  sources: StagedRows;
  /** Plan fields of matched rows and the rows to add: few, and they need ids only the write gives. */
  planCells: { fileIndex: number; rowId: number; change: CellChange }[];
  newRows: { fileIndex: number; parentId: number; cell: string; changes: readonly CellChange[] }[];
  rowsApplied: number[];
  cellCount: number;
}

/** A value source of `file` without its batch and file ids. */
function valueSourceOf(
  file: PlannedFile,
  kind: 'cell' | 'row',
  rowId: number,
  field: FieldKey | null,
  cell: string,
  oldValue: string | null,
  newValue: string | null,
): Omit<StagedValueSource, 'fileIndex'> {
  return {
    kind,
    rowId,
    field,
    period: field === null || isPeriodField(field) ? file.period : null,
    sheet: file.parsed.sheet ?? '',
    cell,
    oldValue,
    newValue,
    reportDate: file.parsed.reportDate,
  };
}

function stageBatch(store: Store, plan: BuiltPreview, at: string): StagedBatch {
  const progress: { rowId: number; period: string; field: FieldKey; value: string }[] = [];
  const changes: StagedChange[] = [];
  const sources: StagedValueSource[] = [];
  const planCells: StagedBatch['planCells'] = [];
  const newRows: StagedBatch['newRows'] = [];
  const rowsApplied: number[] = [];
  let cellCount = 0;
  plan.plan.forEach((file, fileIndex) => {
    let applied = 0;
    for (const { row, dto, match } of file.rows) {
      if (match.kind === 'row' && dto.action === 'update') {
        const rowId = match.row.id;
        for (const c of dto.changes) {
          cellCount++;
          if (!isPeriodField(c.field)) {
            planCells.push({ fileIndex, rowId, change: c });
            continue;
          }
          progress.push({ rowId, period: file.period, field: c.field, value: c.newValue });
          changes.push({ rowId, action: 'update_cell', field: c.field, period: file.period, oldValue: c.oldValue, newValue: c.newValue, fileIndex, cell: c.cell });
          sources.push({ fileIndex, ...valueSourceOf(file, 'cell', rowId, c.field, c.cell, c.oldValue, c.newValue) });
        }
        applied++;
      } else if (match.kind === 'new') {
        newRows.push({ fileIndex, parentId: match.task.id, cell: row.cell, changes: dto.changes });
        applied++;
      }
    }
    rowsApplied.push(applied);
  });
  // One transaction on the TEMP tables: one commit, and still no lock on the database file.
  const bound = tempTransaction(store.db, () => ({
    cells: store.rows.stageCells(progress, at),
    changes: store.log.stage(changes),
    sources: store.submissions.stageSources(sources),
  }));
  return {
    plan,
    ...bound,
    planCells,
    newRows,
    rowsApplied,
    cellCount,
  };
}

export async function applyPreview(
  store: Store,
  session: PreviewSession,
  ctx: WriteContext,
  now: () => string,
): Promise<{ batch: BatchDto; preview: SubmissionPreview }> {
  const build = () => buildWithReads(store, session);
  // Built outside the write lock: others keep editing while it is compared with the ledger.
  const planned = currentPreview(store, session);
  if (!planned.value.plan.length) {
    throw new AppError('nothing_to_apply', '没有可导入的文件：请先处理“需选择单位”的文件，或勾选要导入的文件。');
  }
  const at = now();
  const backupPath = await backupDatabase(store, at);
  // Edits made while the backup was written may have changed what the preview read: built again, still outside the lock.
  const current = replanIfStale(store.db, session.ledgerId, planned, build);
  let built = current.value;
  // Bound now, before the write lock (db/staged-rows.ts): under it, only SQLite's own work is left.
  const staged = stageBatch(store, current.value, at);
  const write = writePlanned(store.db, session.ledgerId, current, build, (plan) => {
    built = plan;
    // Built again under the lock (something it read was written meanwhile): staged again, under it.
    const batch = plan === staged.plan ? staged : stageBatch(store, plan, at);
    const batchId = store.submissions.createBatch(session.ledgerId, ctx.actor, backupPath, at);
    const fileIds = plan.plan.map((file, i) =>
      store.submissions.addFile({
        batchId,
        ledgerId: session.ledgerId,
        fileName: file.parsed.name,
        fileHash: file.parsed.hash,
        sheet: file.parsed.sheet ?? '',
        unitId: file.unit.id,
        unitName: file.unit.name,
        period: file.period,
        reportDate: file.parsed.reportDate,
        rowsApplied: batch.rowsApplied[i]!,
        createdAt: at,
      }),
    );
    store.rows.writeStagedCells(batch.cells);
    const files = store.submissions.stageBatchFiles(
      plan.plan.map((file, i) => {
        const [beforeCell, afterCell] = sourceAroundCell(file);
        return { fileId: fileIds[i]!, beforeCell, afterCell };
      }),
    );
    store.log.writeStaged(batch.changes, { ledgerId: session.ledgerId, actor: ctx.actor, at, batchId }, files);
    store.submissions.writeStagedSources(batch.sources, batchId, files);
    files.clear();
    // Plan fields and new rows (few): written one by one, now that the batch and its files have ids.
    const sources: NewValueSource[] = [];
    for (const { fileIndex, rowId, change } of batch.planCells) {
      const file = plan.plan[fileIndex]!;
      const writeCtx: WriteContext = { actor: ctx.actor, source: valueSource(file, change.cell, batchId), batchId };
      // The plan holds under the lock (planned-write.ts), so its old values are the stored ones.
      store.rows.writeKnownCell(
        writeCtx,
        { ledgerId: session.ledgerId, rowId, field: change.field, oldValue: change.oldValue, value: change.newValue, period: file.period },
        at,
      );
      sources.push({ batchId, fileId: fileIds[fileIndex]!, ...valueSourceOf(file, 'cell', rowId, change.field, change.cell, change.oldValue, change.newValue) });
    }
    for (const { fileIndex, parentId, cell, changes } of batch.newRows) {
      const file = plan.plan[fileIndex]!;
      const values: Partial<Record<FieldKey, string>> = {};
      for (const c of changes) values[c.field] = c.newValue;
      const writeCtx: WriteContext = { actor: ctx.actor, source: valueSource(file, cell, batchId), batchId };
      const inserted = store.rows.insert(writeCtx, { ledgerId: session.ledgerId, parentId, level: 'item', values, period: file.period }, at);
      const source = (field: FieldKey | null, cellRef: string, oldValue: string | null, newValue: string | null) =>
        sources.push({ batchId, fileId: fileIds[fileIndex]!, ...valueSourceOf(file, field ? 'cell' : 'row', inserted.id, field, cellRef, oldValue, newValue) });
      source(null, cell, null, null);
      for (const c of changes) source(c.field, c.cell, '', c.newValue);
    }
    store.submissions.addSources(sources);
    store.submissions.finishBatch(batchId, batch.cellCount, batch.newRows.length);
    store.rows.touchLedger(session.ledgerId, at);
    return batchId;
  });
  let batchId: number;
  try {
    // The batch's ~1,400 pages would be checkpointed (copied, fsynced) on this thread before the clerk sees them.
    batchId = checkpointAfterOffThread(store.db, write).result;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const storage = storageError(err);
    if (storage) throw new AppError(storage.code, `${storage.message}导入前的备份在 ${backupPath}`);
    throw new AppError(
      'apply_failed',
      `导入时出错，已全部撤回，台账没有任何改动（${(err as Error).message}）。请重新预览后再导入；导入前的备份在 ${backupPath}`,
    );
  }
  return { batch: batchDto(store, store.submissions.batch(batchId)!), preview: built.dto };
}

/**
 * Undoes a batch in one transaction: each value it wrote goes back to what it was, unless someone
 * changed it since (then the newer value is kept and listed); rows it added are removed.
 */
export function undoBatch(store: Store, batchId: number, ctx: WriteContext, at: string) {
  const batch = store.submissions.batch(batchId);
  if (!batch) throw new AppError('not_found', `导入批次 #${batchId} 不存在，请刷新批次列表。`);
  if (batch.status === 'undone') throw new AppError('conflict', `导入批次 #${batchId} 已于 ${batch.undoneAt?.slice(0, 16).replace('T', ' ')} 撤销过。`);
  const later = store.submissions.laterBatchesOnAddedRows(batchId);
  if (later.length) {
    const list = later.map((id) => `#${id}`).join('、');
    throw new AppError('conflict', `批次 ${list} 更新了本批次新增的行，撤销本批次会连同这些数据一起删除。请先撤销批次 ${list}，再撤销批次 #${batchId}。`);
  }
  const undoCtx: WriteContext = { actor: ctx.actor, source: `撤销导入批次#${batchId}`, batchId };
  return writeTransaction(store.db, () => {
    const sources = store.submissions.sourcesOfBatch(batchId);
    const addedRows = new Set(sources.filter((s) => s.kind === 'row').map((s) => s.rowId));
    const kept: string[] = [];
    let restored = 0;
    for (const s of [...sources].reverse()) {
      if (s.kind !== 'cell' || addedRows.has(s.rowId) || !s.field || !s.period) continue;
      const row = store.rows.get(s.rowId, s.period, 'exact');
      if (!row) continue;
      const field = s.field as FieldKey;
      // A custom column's value (written by the ledger merge, source field = the column's key).
      const column = (FIELD_KEYS as readonly string[]).includes(s.field) ? undefined : store.workbench.columnByKey(row.ledgerId, s.field);
      const current = column ? (store.workbench.withCustom(row, s.period, 'exact').custom?.[s.field] ?? '') : row.values[field];
      if (current !== s.newValue) {
        kept.push(`${s.sheet}!${s.cell}：该值已被改为“${current}”，保留现值`);
        continue;
      }
      if (column) store.workbench.setValue(undoCtx, row, column, s.oldValue ?? '', s.period, at);
      else store.rows.updateCell(undoCtx, s.rowId, field, s.oldValue ?? '', s.period, at);
      restored++;
    }
    let removedRows = 0;
    for (const rowId of addedRows) if (store.rows.get(rowId)) removedRows += store.rows.delete(undoCtx, rowId, at);
    store.submissions.markUndone(batchId, at);
    return { batch: batchDto(store, store.submissions.batch(batchId)!), restored, removedRows, kept };
  })();
}
