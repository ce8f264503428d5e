// 佐证材料 of one row: files per month (the month shown first), thumbnails of photos (made by the backend's
// worker, loaded one by one so the list shows at once), open, rename, remove with undo, add by picking or
// dropping files. Used as a side panel of the workbench and inside the history panel.
import { useCallback, useEffect, useRef, useState } from 'react';
import { EVIDENCE_TYPE_LABELS, type Evidence } from '#shared/api/evidence-api.js';
import { client } from '../../../api/client.js';
import { openEvidenceFile } from '../../../api/open-file.js';
import { errorText, type NoticeState } from '../../../ui/Notice.js';
import { periodLabel } from '../as-of-display.js';
import type { GridRow } from '../grid-model.js';
import { refreshShownEvidenceCounts } from './evidence-store.js';
import { filesToInput } from './row-drop.js';
import './evidence.css';

function sizeLabel(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

const TYPE_ICON: Record<string, string> = { pdf: 'PDF', docx: 'W', doc: 'W', xlsx: 'X', xls: 'X', pptx: 'P', ppt: 'P', zip: 'ZIP', heic: 'HEIC', ofd: 'OFD' };

function toDataUrl(png: Uint8Array): string {
  let s = '';
  for (let i = 0; i < png.length; i += 0x8000) s += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(s)}`;
}

function Thumbnail({ e }: { e: Evidence }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (e.type !== 'jpeg' && e.type !== 'png') return;
    let live = true;
    client.call('evidence.thumbnail', { id: e.id }).then(
      (r) => live && r.png && setSrc(toDataUrl(r.png)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [e.id, e.type]);
  if (src) return <img className="evidence-thumb" src={src} alt={e.name} data-testid="evidence-thumbnail" />;
  return (
    <span className={`evidence-thumb evidence-icon evidence-icon-${e.type}`} title={e.type === 'heic' ? 'HEIC 照片：本机无法预览，可点“打开”查看' : EVIDENCE_TYPE_LABELS[e.type]}>
      {TYPE_ICON[e.type] ?? '…'}
    </span>
  );
}

export interface EvidenceListProps {
  row: GridRow | undefined;
  /** The month shown: new files attach to it, and it is listed first. */
  period: string | null;
  /** Where messages go (the window's notice line); without it they show in the list. */
  notify?: (n: NoticeState) => void;
  /** Bumped when files were attached elsewhere (a drop on the grid), to reload. */
  version?: number;
}

export function EvidenceList({ row, period, notify: notifyProp, version = 0 }: EvidenceListProps) {
  const [items, setItems] = useState<Evidence[] | null>(null);
  const [message, setMessage] = useState<NoticeState | null>(null);
  const notify = useCallback((n: NoticeState) => (notifyProp ? notifyProp(n) : setMessage(n)), [notifyProp]);
  const [removed, setRemoved] = useState<Evidence | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const rowId = row?.id;

  const load = useCallback(async () => {
    if (rowId == null) return setItems(null);
    try {
      setItems(await client.call('evidence.list', { rowId, includeRemoved: true }));
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
    }
  }, [rowId, notify]);

  useEffect(() => {
    setRemoved(null);
    void load();
  }, [load, version]);

  const changed = async () => {
    await load();
    await refreshShownEvidenceCounts().catch(() => undefined);
  };

  async function add(files: File[]) {
    if (rowId == null || !files.length) return;
    setBusy(true);
    try {
      const r = await client.call('evidence.add', { rowId, ...(period ? { period } : {}), files: await filesToInput(files) });
      notify({ kind: 'info', text: `已添加 ${r.added.length} 个佐证材料到 ${periodLabel(r.period)}${r.duplicates.length ? `，${r.duplicates.length} 个已存在（未重复添加）` : ''}。` });
      await changed();
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  async function rename(e: Evidence) {
    const name = window.prompt('新的文件名：', e.name);
    if (name == null || name === e.name) return;
    try {
      await client.call('evidence.rename', { id: e.id, name });
      await changed();
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
    }
  }

  async function remove(e: Evidence) {
    try {
      await client.call('evidence.remove', { id: e.id });
      setRemoved(e);
      await changed();
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
    }
  }

  async function restore(e: Evidence) {
    try {
      await client.call('evidence.restore', { id: e.id });
      setRemoved(null);
      await changed();
    } catch (err) {
      notify({ kind: 'error', text: errorText(err) });
    }
  }

  if (!row) return <p className="evidence-empty">点选表格中的一行，查看和添加它的佐证材料。</p>;

  const live = (items ?? []).filter((e) => !e.removedAt);
  const gone = (items ?? []).filter((e) => e.removedAt);
  const months = [...new Set(live.map((e) => e.period))].sort((a, b) => (a === period ? -1 : b === period ? 1 : b.localeCompare(a)));

  return (
    <div
      className={`evidence-list${over ? ' evidence-over' : ''}`}
      data-testid="evidence-list"
      onDragOver={(e) => {
        if (!Array.from(e.dataTransfer.types).includes('Files')) return;
        e.preventDefault();
        e.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return;
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        void add(Array.from(e.dataTransfer.files));
      }}
    >
      <div className="evidence-actions">
        <button type="button" onClick={() => picker.current?.click()} disabled={busy} data-testid="evidence-pick">
          {busy ? '正在添加…' : `添加文件到${period ? periodLabel(period) : '本月'}…`}
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          accept=".jpg,.jpeg,.png,.heic,.heif,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,.ofd,.zip"
          data-testid="evidence-file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void add(files);
          }}
        />
        <span className="evidence-hint">也可把文件拖到这里或表格的行上</span>
      </div>
      {message && <p className={message.kind === 'error' ? 'history-error' : 'evidence-hint'}>{message.text}</p>}
      {removed && (
        <p className="evidence-undo" data-testid="evidence-undo">
          已删除“{removed.name}”（已记入修改历史）。
          <button type="button" className="link" onClick={() => void restore(removed)}>
            撤销
          </button>
        </p>
      )}
      {items && !live.length && <p className="evidence-empty">这一行还没有佐证材料。</p>}
      {months.map((m) => (
        <section key={m} className="evidence-month">
          <h3>
            {periodLabel(m)}
            {m === period ? '（本月）' : ''}
          </h3>
          <ul>
            {live
              .filter((e) => e.period === m)
              .map((e) => (
                <li key={e.id} className="evidence-item" data-testid="evidence-item">
                  <Thumbnail e={e} />
                  <div className="evidence-info">
                    <div className="evidence-name" title={e.name}>
                      {e.name}
                    </div>
                    <div className="evidence-meta">
                      {EVIDENCE_TYPE_LABELS[e.type]} · {sizeLabel(e.size)} · {e.addedBy}
                      {e.unit ? ` · ${e.unit}报送` : ''}
                    </div>
                    <div className="evidence-buttons">
                      <button type="button" className="link" onClick={() => void openEvidenceFile(e.id).catch((err) => notify({ kind: 'error', text: errorText(err) }))}>
                        打开
                      </button>
                      <button type="button" className="link" onClick={() => void rename(e)}>
                        重命名
                      </button>
                      <button type="button" className="link" onClick={() => void remove(e)} data-testid="evidence-remove">
                        删除
                      </button>
                    </div>
                  </div>
                </li>
              ))}
          </ul>
        </section>
      ))}
      {gone.length > 0 && (
        <details className="evidence-removed">
          <summary>已删除的材料（{gone.length}）</summary>
          <ul>
            {gone.map((e) => (
              <li key={e.id}>
                {periodLabel(e.period)} {e.name}{' '}
                <button type="button" className="link" onClick={() => void restore(e)}>
                  恢复
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function EvidencePanel(props: EvidenceListProps & { onClose: () => void }) {
  const { row, onClose } = props;
  return (
    <aside className="history-panel evidence-panel" aria-label="佐证材料" data-testid="evidence-panel">
      <div className="history-head">
        <h2>佐证材料</h2>
        <button type="button" className="link" onClick={onClose} aria-label="关闭佐证材料">
          ×
        </button>
      </div>
      {row && (
        <p className="history-row" title={row.values.task || row.values.measures}>
          {row.values.code ? `${row.values.code} ` : ''}
          {(row.values.task || row.values.measures).slice(0, 60) || '（空行）'}
        </p>
      )}
      <EvidenceList {...props} />
    </aside>
  );
}
