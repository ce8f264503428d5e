// One line at the top of the window telling the clerk what happened (errors in red, successes in green).
export interface NoticeState {
  kind: 'error' | 'info';
  text: string;
}

export function Notice({ notice, onClose }: { notice: NoticeState | null; onClose: () => void }) {
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" className="link" onClick={onClose} aria-label="关闭提示">
        ×
      </button>
    </div>
  );
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
