// The window shell: ledger picker, page tabs, one notice line, the current page.
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Ledger } from '#shared/domain.js';
import { client } from './api/client.js';
import type { OpenWorkbench, WorkbenchIntent } from './pages/navigation.js';
import { PAGES, preloadPages } from './pages/registry.js';
import { useFileDrop, type DroppedFile } from './shell/file-drop.js';
import { useShellCommands } from './shell/shell-commands.js';
import { BackupDialog } from './ui/BackupDialog.js';
import { NewLedgerDialog } from './ui/NewLedgerDialog.js';
import { errorText, Notice, type NoticeState } from './ui/Notice.js';

/** When the other pages' code is loaded after the first screen (see preloadPages). */
const PRELOAD_PAGES_AFTER_MS = 2000;

export function App() {
  const [ledgers, setLedgers] = useState<Ledger[]>([]);
  const [ledgerId, setLedgerId] = useState<number | null>(null);
  const [pageId, setPageId] = useState(PAGES[0].id);
  // A notice belongs to the page it was given on: it is shown there only and cleared when the page changes.
  const [notice, setPageNotice] = useState<(NoticeState & { page: string }) | null>(null);
  const [creating, setCreating] = useState(false);
  const [loading, setLoading] = useState(true);
  const [dropped, setDropped] = useState<{ pageId: string; file: DroppedFile } | null>(null);
  const [intent, setIntent] = useState<WorkbenchIntent | null>(null);
  const [backups, setBackups] = useState<'backup' | 'restore' | null>(null);
  // A database opened read-only (no write permission, read-only media): reading and export only.
  const [readOnly, setReadOnly] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  const pageRef = useRef(pageId);
  pageRef.current = pageId;
  /** A notice from the window itself: it belongs to the page shown (or about to be shown). */
  const setNotice = useCallback((n: NoticeState | null, page?: string) => setPageNotice(n ? { ...n, page: page ?? pageRef.current } : null), []);
  const fail = useCallback((err: unknown) => setNotice({ kind: 'error', text: errorText(err) }), [setNotice]);

  const refreshLedgers = useCallback(
    async (selectId?: number) => {
      try {
        const list = await client.call('ledger.list', {});
        setLedgers(list);
        setLedgerId((current) => selectId ?? (list.some((l) => l.id === current) ? current : (list[0]?.id ?? null)));
      } catch (err) {
        fail(err);
      }
    },
    [fail],
  );

  useEffect(() => {
    void refreshLedgers().finally(() => setLoading(false));
    client.call('app.info', {}).then((info) => setReadOnly(info.readOnly), fail);
  }, [refreshLedgers, fail]);

  useEffect(() => {
    if (ledgerId != null) client.call('ledger.open', { ledgerId }).catch(fail);
  }, [ledgerId, fail]);

  // The other pages' code, once the first screen is up (a big ledger's first rows take well under this),
  // so a tab's first visit does not wait for it.
  useEffect(() => {
    if (loading) return;
    const timer = setTimeout(preloadPages, PRELOAD_PAGES_AFTER_MS);
    return () => clearTimeout(timer);
  }, [loading]);

  // The desktop menu (文件/编辑/视图) and files dropped on the window.
  const goTo = useCallback((id: string) => {
    if (PAGES.some((p) => p.id === id)) {
      setIntent(null);
      setPageId(id);
    }
  }, []);
  // The 统计 page's click-through: the workbench opens on the filter and month (until another tab is chosen).
  const openWorkbench = useCallback<OpenWorkbench>((i) => {
    setIntent((prev) => ({ ...i, seq: (prev?.seq ?? 0) + 1 }));
    setPageId('workbench');
  }, []);
  const shellActions = useMemo(
    () => ({ openLedger: (id: number) => setLedgerId(id), newLedger: () => setCreating(true), goTo, backups: setBackups }),
    [goTo],
  );
  useShellCommands(shellActions);
  useFileDrop(
    useCallback((target: string | null, file: DroppedFile) => {
      if (!target || !PAGES.some((p) => p.id === target)) {
        setNotice({ kind: 'error', text: `不能导入“${file.file.name}”：请拖入工作要点（.txt、.docx）或报送表（.xlsx、.csv）。` });
        return;
      }
      setDropped({ pageId: target, file });
      setPageId(target);
    }, [setNotice]),
  );

  const current = ledgers.find((l) => l.id === ledgerId);
  useEffect(() => {
    document.title = current ? `${current.name} - 台账` : '台账';
  }, [current]);

  async function createLedger(name: string) {
    try {
      const ledger = await client.call('ledger.create', { name });
      setCreating(false);
      await refreshLedgers(ledger.id);
      setPageId(PAGES[0].id);
      setNotice({ kind: 'info', text: `已新建台账“${ledger.name}”。` }, PAGES[0].id);
    } catch (err) {
      fail(err);
    }
  }

  const page = PAGES.find((p) => p.id === pageId) ?? PAGES[0];
  const Page = page.component;
  // Each page's notify tags its notices with that page: a late answer of a page left behind stays there.
  const notify = useMemo(() => (n: NoticeState) => setPageNotice({ ...n, page: page.id }), [page.id]);
  useEffect(() => {
    setPageNotice((n) => (n && n.page !== page.id ? null : n));
  }, [page.id]);
  const shownNotice = notice && notice.page === page.id ? notice : null;
  // A page that sends the clerk on (生成台账 → 台账) takes its notice along: it tells the outcome there.
  const pageGoTo = useCallback(
    (id: string) => {
      setPageNotice((n) => (n && n.page === page.id ? { ...n, page: id } : n));
      goTo(id);
    },
    [page.id, goTo],
  );

  return (
    <div className="app">
      <header className="toolbar">
        <h1>台账</h1>
        <label className="ledger-picker">
          当前台账
          <select
            value={ledgerId ?? ''}
            onChange={(e) => setLedgerId(Number(e.target.value))}
            disabled={!ledgers.length}
            data-testid="ledger-picker"
          >
            {!ledgers.length && <option value="">（暂无台账）</option>}
            {ledgers.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setCreating(true)} data-testid="new-ledger">
          新建台账
        </button>
        <button type="button" onClick={() => setBackups('restore')} data-testid="open-backups" title="备份数据库、从备份恢复">
          备份与恢复
        </button>
        <nav className="tabs" role="tablist" aria-label="功能">
          {PAGES.map((p) => (
            <button
              key={p.id}
              type="button"
              role="tab"
              aria-selected={p.id === page.id}
              className={p.id === page.id ? 'tab active' : 'tab'}
              onClick={() => goTo(p.id)}
              data-testid={`tab-${p.id}`}
            >
              {p.label}
            </button>
          ))}
        </nav>
      </header>
      {readOnly && (
        <div className="read-only-banner" role="status" data-testid="read-only-banner">
          只读打开：数据库文件没有写入权限或位于只读介质上，可以查看、搜索和导出，不能修改。如需修改，请把数据库复制到有写入权限的文件夹后再打开。
        </div>
      )}
      <Notice notice={shownNotice} onClose={() => setNotice(null)} />
      <main className="content">
        {loading ? (
          <p className="empty">正在加载…</p>
        ) : !ledgers.length && page.id === PAGES[0].id ? (
          <div className="empty">
            <p>还没有台账。</p>
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              新建台账
            </button>
          </div>
        ) : (
          <Suspense fallback={<p className="empty">正在加载…</p>}>
            <Page
              key={reloadKey}
              ledger={current}
              refreshLedgers={refreshLedgers}
              goTo={pageGoTo}
              notify={notify}
              openWorkbench={openWorkbench}
              workbenchIntent={page.id === 'workbench' ? (intent ?? undefined) : undefined}
              droppedFile={dropped?.pageId === page.id ? dropped.file : undefined}
            />
          </Suspense>
        )}
      </main>
      {backups && (
        <BackupDialog
          mode={backups}
          readOnly={readOnly}
          notify={notify}
          onClose={() => setBackups(null)}
          onRestored={(text) => {
            setBackups(null);
            setNotice({ kind: 'info', text });
            // Everything on screen came from the database that was replaced: reload the list and the page.
            setReloadKey((k) => k + 1);
            void refreshLedgers();
          }}
        />
      )}
      {creating && (
        <NewLedgerDialog
          onCreate={createLedger}
          onCancel={() => setCreating(false)}
          onImportExcel={() => {
            setCreating(false);
            setPageId('ledger-import');
          }}
        />
      )}
    </div>
  );
}
