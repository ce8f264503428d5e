// The units directory (科室/学校/幼儿园) with aliases: what unit cells suggest, and how 汉都三幼 becomes
// 汉都第三幼儿园 when typed or imported. A whole list can be pasted or read from a 名录 workbook, with a
// preview line by line before anything is written; two units can be merged into one.
import { useState } from 'react';
import type { UnitImportRow } from '#shared/api/units-api.js';
import type { Unit } from '#shared/domain.js';
import { splitUnitText, UNIT_KIND_LABELS, UNIT_KINDS } from '#shared/responsibility.js';
import { client } from '../../api/client.js';
import { useFilePicker } from '../../shell/file-picker.js';
import { errorText } from '../../ui/Notice.js';
import './unit-directory.css';
import { readPickedFile } from '../../api/picked-file.js';

const splitAliases = splitUnitText;

interface Draft {
  name: string;
  kind: Unit['kind'];
  aliases: string;
}

const draftOf = (u: Unit): Draft => ({ name: u.name, kind: u.kind, aliases: u.aliases.join('、') });

const STATUS_LABEL: Record<UnitImportRow['status'], string> = { new: '新单位', existing: '已在目录中', conflict: '冲突' };

function KindSelect({ value, onChange, testId }: { value: Unit['kind']; onChange: (k: Unit['kind']) => void; testId?: string }) {
  return (
    <select aria-label="类别" value={value} onChange={(e) => onChange(e.target.value as Unit['kind'])} data-testid={testId}>
      {UNIT_KINDS.map((k) => (
        <option key={k} value={k}>
          {UNIT_KIND_LABELS[k]}
        </option>
      ))}
    </select>
  );
}

/** A pasted list or a 名录 file, previewed: each line's status and reason; kinds can be changed before importing. */
function ImportPanel({ onImported, setError }: { onImported: (text: string) => Promise<void>; setError: (e: string) => void }) {
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<{ rows: UnitImportRow[]; warnings: string[]; from: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function read(input: { text: string } | { bytes: Uint8Array<ArrayBuffer>; fileName: string }, from: string) {
    setBusy(true);
    try {
      const p = await client.call('units.importPreview', input);
      setPreview({ ...p, from });
      setError('');
    } catch (err) {
      setPreview(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const picker = useFilePicker(
    'units',
    ([f]) =>
      f &&
      void readPickedFile(f, 'unitList').then(
        (bytes) => read({ bytes, fileName: f.name }, `“${f.name}”`),
        (err: unknown) => {
          setPreview(null);
          setError(errorText(err));
        },
      ),
    { testId: 'unit-import-file', onError: (err) => setError(errorText(err)) },
  );

  async function apply() {
    if (!preview) return;
    const rows = preview.rows.filter((r) => r.status !== 'conflict').map(({ name, kind, aliases }) => ({ name, kind, aliases }));
    setBusy(true);
    try {
      const r = await client.call('units.import', { rows });
      const conflicts = preview.rows.length - rows.length;
      setPreview(null);
      setText('');
      await onImported(`已导入：新增 ${r.added} 个单位，更新 ${r.updated} 个，${r.unchanged} 个无变化${conflicts ? `，${conflicts} 行冲突未导入` : ''}。`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const applicable = preview?.rows.filter((r) => r.status !== 'conflict') ?? [];
  const changing = applicable.filter((r) => r.status === 'new' || !/无变化/.test(r.message)).length;

  return (
    <div className="unit-import" data-testid="unit-import">
      {!preview ? (
        <>
          <textarea
            className="unit-paste"
            rows={3}
            placeholder={'批量添加：每行一个单位，或从 Excel 复制“单位名称、单位类别、简称/别名”几列粘贴到这里'}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label="粘贴单位名单"
            data-testid="unit-paste"
          />
          <div className="unit-import-actions">
            <button type="button" disabled={!text.trim() || busy} onClick={() => void read({ text }, '粘贴的名单')} data-testid="unit-paste-preview">
              预览
            </button>
            <button type="button" disabled={busy} onClick={picker.open} data-testid="unit-import-pick">
              从名录文件导入…
            </button>
            {picker.input}
            <span className="dialog-hint">先显示每一行会怎样处理，确认后才写入。</span>
          </div>
        </>
      ) : (
        <>
          <p className="unit-preview-title">
            {preview.from}：{preview.rows.length} 行，其中新单位 {preview.rows.filter((r) => r.status === 'new').length} 个、已在目录中{' '}
            {preview.rows.filter((r) => r.status === 'existing').length} 个、冲突 {preview.rows.filter((r) => r.status === 'conflict').length} 行
          </p>
          <div className="unit-preview-scroll">
            <table className="unit-preview" data-testid="unit-import-preview">
              <thead>
                <tr>
                  <th>位置</th>
                  <th>单位名称</th>
                  <th>类别</th>
                  <th>简称</th>
                  <th>处理</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i} className={`unit-preview-${r.status}`} data-testid="unit-import-row" data-status={r.status} data-name={r.name}>
                    <td>{r.source}</td>
                    <td>{r.name}</td>
                    <td>
                      {r.status === 'conflict' ? (
                        UNIT_KIND_LABELS[r.kind]
                      ) : (
                        <KindSelect
                          value={r.kind}
                          testId="unit-import-kind"
                          onChange={(kind) => setPreview({ ...preview, rows: preview.rows.map((x, j) => (j === i ? { ...x, kind, kindInferred: false } : x)) })}
                        />
                      )}
                      {r.kindInferred && <small className="unit-inferred">推断</small>}
                    </td>
                    <td>{r.aliases.join('、')}</td>
                    <td>
                      <span className={`unit-status unit-status-${r.status}`}>{STATUS_LABEL[r.status]}</span> {r.message}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.warnings.length > 0 && (
            <ul className="unit-warnings">
              {preview.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          )}
          <div className="unit-import-actions">
            <button type="button" className="primary" disabled={busy || !applicable.length} onClick={() => void apply()} data-testid="unit-import-apply">
              导入 {changing} 个单位
            </button>
            <button type="button" disabled={busy} onClick={() => setPreview(null)} data-testid="unit-import-cancel">
              取消
            </button>
            {preview.rows.some((r) => r.status === 'conflict') && <span className="dialog-hint">冲突的行不会导入，可修改后重新预览。</span>}
          </div>
        </>
      )}
    </div>
  );
}

export function UnitDirectoryDialog({ units, onChanged, onClose }: { units: Unit[]; onChanged: (units: Unit[]) => void; onClose: () => void }) {
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [added, setAdded] = useState<Draft>({ name: '', kind: 'school', aliases: '' });
  const [error, setError] = useState('');
  const [info, setInfo] = useState('');
  const [filter, setFilter] = useState('');
  const [merging, setMerging] = useState<{ unitId: number; intoUnitId: number | null } | null>(null);

  async function refresh() {
    onChanged(await client.call('units.list', {}));
  }

  async function run(action: () => Promise<unknown>, done = '') {
    try {
      await action();
      setError('');
      setInfo(done);
      await refresh();
      return true;
    } catch (err) {
      setError(errorText(err));
      setInfo('');
      return false;
    }
  }

  const shown = units.filter((u) => !filter || u.name.includes(filter) || u.aliases.some((a) => a.includes(filter)));
  const byId = new Map(units.map((u) => [u.id, u]));

  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog unit-directory" role="dialog" aria-modal="true" aria-labelledby="unit-directory-title" data-testid="unit-directory">
        <h2 id="unit-directory-title">单位目录</h2>
        <p className="dialog-hint">简称之间用顿号分隔。填写或导入简称时，会自动换成单位全称；合并或添加简称后，台账中已填写的名称随之对应，无需修改。</p>
        <ImportPanel
          setError={setError}
          onImported={async (text) => {
            setInfo(text);
            setError('');
            await refresh();
          }}
        />
        <form
          className="unit-row unit-add"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await run(() => client.call('units.add', { name: added.name.trim(), kind: added.kind, aliases: splitAliases(added.aliases) }));
            if (ok) setAdded({ name: '', kind: added.kind, aliases: '' });
          }}
        >
          <input aria-label="单位全称" placeholder="单位全称" value={added.name} maxLength={100} onChange={(e) => setAdded({ ...added, name: e.target.value })} data-testid="unit-add-name" />
          <KindSelect value={added.kind} onChange={(kind) => setAdded({ ...added, kind })} />
          <input aria-label="简称" placeholder="简称（可不填）" value={added.aliases} onChange={(e) => setAdded({ ...added, aliases: e.target.value })} data-testid="unit-add-aliases" />
          <button type="submit" className="primary" disabled={!added.name.trim()} data-testid="unit-add-submit">
            添加
          </button>
        </form>
        {error && <p className="unit-error" role="alert">{error}</p>}
        {info && (
          <p className="unit-info" role="status" data-testid="unit-info">
            {info}
          </p>
        )}
        <input type="search" className="unit-filter" placeholder={`在 ${units.length} 个单位中查找`} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="查找单位" />
        <div className="unit-list">
          {shown.map((u) => {
            const d = drafts[u.id] ?? draftOf(u);
            const dirty = JSON.stringify(d) !== JSON.stringify(draftOf(u));
            const set = (patch: Partial<Draft>) => setDrafts((all) => ({ ...all, [u.id]: { ...d, ...patch } }));
            const isMerging = merging?.unitId === u.id;
            return (
              <div className="unit-row" key={u.id} data-testid="unit-item" data-name={u.name}>
                <input aria-label="单位全称" value={d.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} />
                <KindSelect value={d.kind} onChange={(kind) => set({ kind })} />
                <input aria-label="简称" value={d.aliases} onChange={(e) => set({ aliases: e.target.value })} />
                <button
                  type="button"
                  className="small"
                  disabled={!dirty || !d.name.trim()}
                  onClick={async () => {
                    const ok = await run(() => client.call('units.update', { unitId: u.id, name: d.name.trim(), kind: d.kind, aliases: splitAliases(d.aliases) }));
                    if (ok) setDrafts(({ [u.id]: _, ...rest }) => rest);
                  }}
                >
                  保存
                </button>
                {isMerging ? (
                  <span className="unit-merge">
                    并入
                    <select
                      aria-label="并入哪个单位"
                      value={merging.intoUnitId ?? ''}
                      onChange={(e) => setMerging({ unitId: u.id, intoUnitId: e.target.value ? Number(e.target.value) : null })}
                      data-testid="unit-merge-target"
                    >
                      <option value="">（选择单位）</option>
                      {units
                        .filter((x) => x.id !== u.id)
                        .map((x) => (
                          <option key={x.id} value={x.id}>
                            {x.name}
                          </option>
                        ))}
                    </select>
                    <button
                      type="button"
                      className="small primary"
                      disabled={merging.intoUnitId == null}
                      data-testid="unit-merge-confirm"
                      onClick={async () => {
                        const into = byId.get(merging.intoUnitId!);
                        if (!into) return;
                        const ok = await run(
                          () => client.call('units.merge', { unitId: u.id, intoUnitId: into.id }),
                          `已把“${u.name}”并入“${into.name}”：“${u.name}”及其简称成为“${into.name}”的简称，台账中写“${u.name}”的行都算作“${into.name}”。`,
                        );
                        if (ok) setMerging(null);
                      }}
                    >
                      合并
                    </button>
                    <button type="button" className="small" onClick={() => setMerging(null)}>
                      取消
                    </button>
                  </span>
                ) : (
                  <button type="button" className="small" title="把这个单位并入另一个单位，成为它的简称" onClick={() => setMerging({ unitId: u.id, intoUnitId: null })} data-testid="unit-merge">
                    合并到…
                  </button>
                )}
                <button
                  type="button"
                  className="small danger"
                  onClick={() => {
                    if (window.confirm(`确定从目录中删除“${u.name}”吗？台账中已填写的单位名称不受影响。`)) void run(() => client.call('units.delete', { unitId: u.id }));
                  }}
                >
                  删除
                </button>
              </div>
            );
          })}
          {!shown.length && <p className="history-empty">{units.length ? '没有找到。' : '目录还是空的：在上面粘贴名单、从名录文件导入，或逐个添加科室、学校和幼儿园。'}</p>}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            关闭
          </button>
        </div>
      </div>
    </div>
  );
}
