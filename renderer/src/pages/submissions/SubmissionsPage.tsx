// 导入报送: drop or pick many filled forms, check each file's unit and what it changes (old → new),
// untick what should not go in, apply in one batch; see past batches (undo) and who has not submitted.
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { BatchDto, SubmissionFile, SubmissionPreview, SubmissionRow, TrackerDto } from '#shared/api/submission-api.js';
import type { Unit } from '#shared/domain.js';
import { currentPeriod } from '#shared/fields.js';
import { client } from '../../api/client.js';
import { useFilePicker } from '../../shell/file-picker.js';
import { errorText } from '../../ui/Notice.js';
import type { PageProps } from '../page-props.js';
import { FileCard } from './FileCard.js';
import { SubmissionEvidence } from './SubmissionEvidence.js';
import { BatchList, Tracker } from './HistoryViews.js';
import { PreviewTable } from './PreviewTable.js';
import { PeriodPicker } from '../workbench/PeriodPicker.js';
import './submissions-units.css';
import { readPickedFile } from '../../api/picked-file.js';
import { FILES_PER_UPLOAD } from '#shared/file-limits.js';

type View = 'preview' | 'batches' | 'tracker';

/** The backend reads two workbooks at a time; sending a few per call shows progress early. */
const FILES_PER_CALL = FILES_PER_UPLOAD;

/** The open preview of a ledger survives a tab switch or reload: its id is kept here, the preview in the backend. */
const previewStorageKey = (ledgerId: number) => `taizhang.submissions.preview.${ledgerId}`;

function storedPreview(ledgerId: number): { previewId: string; selectedKey: string | null } | null {
  try {
    const raw = sessionStorage.getItem(previewStorageKey(ledgerId));
    const v = raw ? (JSON.parse(raw) as { previewId?: unknown; selectedKey?: unknown }) : null;
    return v && typeof v.previewId === 'string' ? { previewId: v.previewId, selectedKey: typeof v.selectedKey === 'string' ? v.selectedKey : null } : null;
  } catch {
    return null;
  }
}

/** The last file drop this page has read (the page is unmounted on every tab switch). */
let handledDropSeq: number | null = null;

function forgetPreview(ledgerId: number): void {
  sessionStorage.removeItem(previewStorageKey(ledgerId));
}

async function readFiles(list: FileList | File[]): Promise<{ name: string; bytes: Uint8Array<ArrayBuffer> }[]> {
  return Promise.all(Array.from(list).map(async (f) => ({ name: f.name, bytes: await readPickedFile(f, 'submission') })));
}

export function SubmissionsPage({ ledger, notify, goTo, droppedFile }: PageProps) {
  const [preview, setPreview] = useState<SubmissionPreview | null>(null);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [view, setView] = useState<View>('preview');
  const [batches, setBatches] = useState<BatchDto[]>([]);
  const [trackerPeriod, setTrackerPeriod] = useState(currentPeriod());
  /** The month being collected, chosen once for the batch: files that name no month take it. */
  const [batchPeriod, setBatchPeriod] = useState<string | null>(null);
  const [periodsWithData, setPeriodsWithData] = useState<string[]>([]);
  const [tracker, setTracker] = useState<TrackerDto | null>(null);
  /** The kept preview could not be found in the backend (it was applied, closed, or the app restarted). */
  const [expired, setExpired] = useState(false);
  const ledgerId = ledger?.id;

  const fail = useCallback((err: unknown) => notify({ kind: 'error', text: errorText(err) }), [notify]);

  useEffect(() => {
    client.call('units.list', {}).then(setUnits, fail);
  }, [fail]);

  const loadBatches = useCallback(async () => {
    if (ledgerId == null) return;
    setBatches(await client.call('submissions.batches', { ledgerId }));
  }, [ledgerId]);

  const loadTracker = useCallback(async () => {
    if (ledgerId == null) return;
    setTracker(await client.call('submissions.tracker', { ledgerId, period: trackerPeriod }));
  }, [ledgerId, trackerPeriod]);

  useEffect(() => {
    if (view === 'batches') loadBatches().catch(fail);
    if (view === 'tracker') loadTracker().catch(fail);
  }, [view, loadBatches, loadTracker, fail]);

  // The batch's month opens at the ledger's default (latest month with data; this month for this year's ledger).
  useEffect(() => {
    setBatchPeriod(null);
    if (ledgerId == null) return;
    let live = true;
    client.call('workbench.config', { ledgerId }).then((c) => {
      if (!live) return;
      setPeriodsWithData(c.periods);
      setBatchPeriod(c.defaultPeriod);
      setTrackerPeriod(c.defaultPeriod);
    }, fail);
    return () => {
      live = false;
    };
  }, [ledgerId, fail]);

  async function changeBatchPeriod(period: string) {
    setBatchPeriod(period);
    const first = preview?.files[0];
    if (!preview || !first) return;
    try {
      setPreview(await client.call('submissions.resolve', { previewId: preview.previewId, fileKey: first.key, batchPeriod: period }));
    } catch (err) {
      fail(err);
    }
  }

  // A preview belongs to one ledger: switching ledgers shows that ledger's open preview, if any.
  useEffect(() => {
    setPreview(null);
    setSelectedKey(null);
    setExpired(false);
    if (ledgerId == null) return;
    const kept = storedPreview(ledgerId);
    if (!kept) return;
    let live = true;
    client.call('submissions.get', { previewId: kept.previewId }).then(
      (p) => {
        if (!live) return;
        setPreview(p);
        setSelectedKey(kept.selectedKey);
      },
      () => {
        if (!live) return;
        forgetPreview(ledgerId);
        setExpired(true);
      },
    );
    return () => {
      live = false;
    };
  }, [ledgerId]);

  useEffect(() => {
    if (preview && preview.ledgerId === ledgerId) {
      sessionStorage.setItem(previewStorageKey(preview.ledgerId), JSON.stringify({ previewId: preview.previewId, selectedKey }));
    }
  }, [preview, selectedKey, ledgerId]);

  async function addFiles(list: FileList | File[]) {
    if (ledgerId == null || !list.length) return;
    const all = Array.from(list);
    setView('preview');
    setExpired(false);
    try {
      // A few files per call, so cards appear while the rest are still being read.
      let previewId = preview?.previewId;
      for (let i = 0; i < all.length; i += FILES_PER_CALL) {
        setBusy(`正在读取文件 ${Math.min(i + FILES_PER_CALL, all.length)} / ${all.length}…`);
        const files = await readFiles(all.slice(i, i + FILES_PER_CALL));
        const next = await client.call('submissions.preview', { ledgerId, files, ...(previewId ? { previewId } : {}), ...(batchPeriod ? { batchPeriod } : {}) });
        previewId = next.previewId;
        setPreview(next);
        setSelectedKey((k) => k ?? next.files[0]?.key ?? null);
      }
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  }
  const picker = useFilePicker('submissions', (files) => void addFiles(files), { testId: 'submission-file-input', onError: fail });

  async function resolve(
    file: SubmissionFile,
    change: { unitId?: number | null; period?: string; included?: boolean; rows?: { key: string; included: boolean }[] },
  ) {
    if (!preview) return;
    // Tick boxes answer at once; the backend's recomputed preview (totals, conflicts) follows.
    setPreview((p) =>
      p && {
        ...p,
        files: p.files.map((f) =>
          f.key !== file.key
            ? f
            : {
                ...f,
                included: change.included ?? f.included,
                rows: f.rows.map((r) => ({ ...r, included: change.rows?.find((x) => x.key === r.key)?.included ?? r.included })),
              },
        ),
      },
    );
    try {
      setPreview(await client.call('submissions.resolve', { previewId: preview.previewId, fileKey: file.key, ...change }));
    } catch (err) {
      setPreview(preview);
      fail(err);
    }
  }

  /** A unit named by a form's 报送单位 cell goes into the directory (new, or as an alias); every file naming it follows. */
  async function addUnit(file: SubmissionFile, how: { kind: Unit['kind'] } | { unitId: number }) {
    if (!preview) return;
    try {
      const r =
        'kind' in how
          ? await client.call('submissions.addUnit', { previewId: preview.previewId, fileKey: file.key, kind: how.kind })
          : await client.call('submissions.aliasUnit', { previewId: preview.previewId, fileKey: file.key, unitId: how.unitId });
      setPreview(r.preview);
      setUnits(await client.call('units.list', {}));
      const resolved = r.preview.files.filter((f) => f.unitId === r.unit.id).length;
      notify({
        kind: 'info',
        text: `${'kind' in how ? `已在单位目录中添加“${r.unit.name}”` : `已把“${file.unitText ?? ''}”设为“${r.unit.name}”的别名`}，${resolved} 个文件已对应到该单位。`,
      });
    } catch (err) {
      fail(err);
    }
  }

  async function apply() {
    if (!preview) return;
    setBusy('正在导入（已先备份数据库）…');
    try {
      const { batch } = await client.call('submissions.apply', { previewId: preview.previewId });
      forgetPreview(preview.ledgerId);
      setPreview(null);
      setSelectedKey(null);
      notify({ kind: 'info', text: `已导入批次 #${batch.id}：${batch.files.length} 个文件，更新 ${batch.cells} 个单元格，新增 ${batch.newRows} 行。导入前已自动备份数据库，可在“导入批次”中撤销。` });
      setTrackerPeriod(batch.files[0]?.period ?? trackerPeriod);
      setView('batches');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  }

  async function discard() {
    if (!preview) return;
    await client.call('submissions.discard', { previewId: preview.previewId }).catch(() => undefined);
    forgetPreview(preview.ledgerId);
    setPreview(null);
    setSelectedKey(null);
  }

  async function undo(batch: BatchDto) {
    try {
      const r = await client.call('submissions.undo', { batchId: batch.id });
      notify({
        kind: 'info',
        text: `已撤销批次 #${batch.id}：恢复 ${r.restored} 个单元格，删除 ${r.removedRows} 行${r.kept.length ? `；${r.kept.length} 个单元格导入后被修改过，保留现值` : ''}。`,
      });
      await loadBatches();
    } catch (err) {
      fail(err);
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    // This page takes every dropped file itself; the window's drop handler would hand over the first again.
    e.stopPropagation();
    setDragging(false);
    void addFiles(e.dataTransfer.files);
  }

  // A form dropped on another page: the shell switched here and hands it over.
  const addFilesRef = useRef(addFiles);
  addFilesRef.current = addFiles;
  useEffect(() => {
    // The shell keeps the last drop; coming back to this tab must not read it again.
    if (droppedFile && droppedFile.seq !== handledDropSeq) {
      handledDropSeq = droppedFile.seq;
      void addFilesRef.current(droppedFile.files);
    }
  }, [droppedFile?.seq]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!ledger) return <p className="empty">请先在上方选择或新建一本台账，再导入报送文件。</p>;

  const selected = preview?.files.find((f) => f.key === selectedKey) ?? preview?.files[0] ?? null;
  const totals = preview?.totals;
  const canApply = !!preview && preview.files.some((f) => f.status === 'ok' && f.included) && !busy;

  return (
    <div
      className={`page submissions${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
      data-testid="submissions-page"
    >
      <div className="page-toolbar sub-toolbar">
        <div className="sub-views">
          {(
            [
              ['preview', '导入预览'],
              ['batches', '导入批次'],
              ['tracker', '报送情况'],
            ] as const
          ).map(([id, label]) => (
            <button key={id} type="button" className={`tab${view === id ? ' active' : ''}`} onClick={() => setView(id)} data-testid={`submissions-view-${id}`}>
              {label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <span className="sub-batch-period" title="报送表中没有写明月份（文件名、标题中没有“6月”，也没有报送日期）时，按这里选择的月份导入">
          <PeriodPicker period={batchPeriod} year={ledger.year} withData={periodsWithData} onChange={(p) => void changeBatchPeriod(p)} />
        </span>
        {busy && <span className="sub-busy" data-testid="submissions-busy">{busy}</span>}
        <button type="button" onClick={picker.open} disabled={!!busy} data-testid="submission-pick">
          选择文件…
        </button>
        {picker.input}
        {preview && (
          <button type="button" onClick={() => void discard()} disabled={!!busy} data-testid="submission-discard">
            放弃本次导入
          </button>
        )}
        <button type="button" className="primary" onClick={() => void apply()} disabled={!canApply} data-testid="submission-apply">
          导入勾选的内容
        </button>
      </div>

      {view === 'preview' && !preview && expired && (
        <p className="sub-expired" role="alert" data-testid="submission-expired">
          上次的导入预览已失效（可能已导入、已放弃，或程序重新启动过），没有写入任何内容。请
          <button type="button" className="link sub-link" onClick={picker.open} data-testid="submission-reread">
            重新选择报送文件
          </button>
          。
        </p>
      )}

      {view === 'preview' && !preview && (
        <div className="sub-dropzone" onClick={picker.open} data-testid="submission-dropzone">
          <p className="sub-drop-title">把学校、科室报回的报送表拖到这里（可一次拖入多个）</p>
          <p>或点击这里选择文件。支持 .xlsx、.xlsm、旧版 .xls、.csv（UTF-8 或 GBK）。</p>
          <p>导入前会先显示每个文件改动了什么，确认后才写入台账；每次导入前自动备份数据库，并可整批撤销。</p>
        </div>
      )}

      {view === 'preview' && preview && totals && (
        <>
          <div className="sub-totals" data-testid="submission-totals">
            合计：{totals.files} 个文件将导入，更新 <b>{totals.updatedCells}</b> 个单元格，新增 <b>{totals.newRows}</b> 行，{totals.unchanged} 行无变化，
            <span className={totals.unmatched ? 'sub-warn' : ''}>{totals.unmatched} 行无法匹配</span>，
            <span className={totals.warnings ? 'sub-warn' : ''}>{totals.warnings} 条提示</span>，
            <span className={totals.conflicts ? 'sub-warn' : ''}>{totals.conflicts} 处冲突</span>
            {preview.files.some((f) => f.status === 'needs-unit') && <span className="sub-warn">；有文件需要选择报送单位</span>}
          </div>
          <SubmissionEvidence previewId={preview.previewId} version={preview} />
          <div className="sub-body">
            <ul className="sub-cards" data-testid="submission-files">
              {preview.files.map((f) => (
                <FileCard
                  key={f.key}
                  file={f}
                  units={units}
                  selected={selected?.key === f.key}
                  onSelect={() => setSelectedKey(f.key)}
                  onInclude={(included) => void resolve(f, { included })}
                  onUnit={(unitId) => void resolve(f, { unitId })}
                  onPeriod={(period) => void resolve(f, { period })}
                  onAddUnit={(kind) => void addUnit(f, { kind })}
                  onAliasUnit={(unitId) => void addUnit(f, { unitId })}
                />
              ))}
              <li className="sub-card sub-card-add" onClick={picker.open}>
                ＋ 再添加文件（也可直接拖入）
              </li>
            </ul>
            <div className="sub-detail">
              {selected && (
                <>
                  <h2 className="sub-detail-title">
                    {selected.file}
                    {selected.sheet && <small>　工作表“{selected.sheet}”</small>}
                  </h2>
                  {selected.warnings.length > 0 && (
                    <div className="sub-problems" data-testid="submission-problems">
                      <b>以下 {selected.warnings.length} 处未导入或需核对（请在报送表中改正后重新导入）：</b>
                      <ul>
                        {selected.warnings.map((w, i) => (
                          <li key={`${w.cell}-${i}`} data-testid="submission-problem">
                            {w.message}
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                  <PreviewTable file={selected} onToggle={(row: SubmissionRow, included) => void resolve(selected, { rows: [{ key: row.key, included }] })} />
                </>
              )}
            </div>
          </div>
        </>
      )}

      {view === 'batches' && (
        <div className="sub-scroll">
          <BatchList batches={batches} onUndo={undo} />
          {batches.some((b) => b.status === 'applied') && (
            <p className="plan-hint">
              导入的数值已写入台账，可
              <button type="button" className="link sub-link" onClick={() => goTo('workbench')} data-testid="submissions-goto-workbench">
                到台账查看
              </button>
              （在“填报月份”中选择对应月份）。
            </p>
          )}
        </div>
      )}

      {view === 'tracker' && (
        <div className="sub-scroll">
          <Tracker tracker={tracker} period={trackerPeriod} onPeriod={setTrackerPeriod} />
        </div>
      )}
    </div>
  );
}
