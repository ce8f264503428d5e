// 备份数据库… / 从备份恢复…: the backups that exist (newest first), 立即备份, and 恢复 on each (after a
// confirmation; the current database is backed up first). Reached from the desktop menu and the toolbar.
import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '#shared/api.js';
import { client } from '../api/client.js';
import { errorText } from './Notice.js';

type BackupList = MethodOutput<'backup.list'>;
type Backup = BackupList['backups'][number];

const KIND_LABELS: Record<Backup['kind'], string> = {
  manual: '手动备份',
  daily: '每日自动备份',
  'before-import': '导入前自动备份',
  'before-restore': '恢复前自动备份',
  migration: '升级前自动备份',
};

const when = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export function BackupDialog({
  mode,
  readOnly,
  onClose,
  onRestored,
  notify,
}: {
  /** 'backup': take one at once (备份数据库…); 'restore': just show the list to choose from. */
  mode: 'backup' | 'restore';
  readOnly: boolean;
  onClose: () => void;
  onRestored: (text: string) => void;
  notify: (n: { kind: 'error' | 'info'; text: string }) => void;
}) {
  const [list, setList] = useState<BackupList | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [confirming, setConfirming] = useState<Backup | null>(null);

  const refresh = useCallback(async () => {
    try {
      setList(await client.call('backup.list', {}));
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  }, []);

  const backupNow = useCallback(async () => {
    setBusy(true);
    setMessage(null);
    try {
      const made = await client.call('backup.create', {});
      setMessage({ kind: 'info', text: `已备份到 ${made.file}（${made.ledgers} 个台账，${size(made.size)}）。` });
      await refresh();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }, [refresh]);

  useEffect(() => {
    if (mode === 'backup') void backupNow();
    else void refresh();
  }, [mode, backupNow, refresh]);

  async function restore(backup: Backup) {
    setBusy(true);
    setMessage(null);
    try {
      const r = await client.call('backup.restore', { name: backup.name });
      onRestored(`已从备份“${backup.name}”恢复（${r.ledgers} 个台账）；恢复前的数据库已另存为 ${r.safetyCopy ?? '备份'}。`);
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
      notify({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }

  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog backup-dialog" role="dialog" aria-modal="true" aria-labelledby="backup-title" data-testid="backup-dialog">
        <h2 id="backup-title">备份与恢复</h2>
        <p className="hint">
          备份保存在 {list?.dir ?? '数据库旁的 backups 文件夹'}；每天自动备份一次，保留最近 {list?.dailyKept ?? 7} 份。
        </p>
        {message && (
          <p className={`notice notice-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="backup-message">
            {message.text}
          </p>
        )}
        {confirming ? (
          <div className="backup-confirm" data-testid="backup-confirm">
            <p>
              用“{confirming.name}”（{when(confirming.createdAt)}）替换当前数据库？此后的修改将不在恢复后的台账中；当前数据库会先另存为一份备份，可随时再恢复。
            </p>
            <div className="dialog-actions">
              <button type="button" onClick={() => setConfirming(null)} disabled={busy}>
                取消
              </button>
              <button type="button" className="primary" onClick={() => void restore(confirming)} disabled={busy} data-testid="backup-confirm-restore">
                恢复
              </button>
            </div>
          </div>
        ) : list && !list.backups.length ? (
          <p className="empty">还没有备份。</p>
        ) : (
          <table className="backup-list" data-testid="backup-list">
            <thead>
              <tr>
                <th>时间</th>
                <th>类型</th>
                <th>大小</th>
                <th>文件</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(list?.backups ?? []).map((b) => (
                <tr key={b.file} data-testid="backup-row">
                  <td>{when(b.createdAt)}</td>
                  <td>{KIND_LABELS[b.kind]}</td>
                  <td>{size(b.size)}</td>
                  <td title={b.file}>{b.name}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => setConfirming(b)}
                      disabled={busy || readOnly}
                      title={readOnly ? '数据库是只读打开的，不能恢复' : '用这份备份替换当前数据库'}
                      data-testid="backup-restore"
                    >
                      恢复…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => void backupNow()} disabled={busy} data-testid="backup-now">
            立即备份
          </button>
          <button type="button" onClick={onClose}>
            关闭
          </button>
        </div>
      </div>
    </div>
  );
}
