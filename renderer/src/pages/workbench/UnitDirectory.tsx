// The units directory (科室/学校/幼儿园) with aliases: what unit cells suggest, and how 汉都三幼 becomes
// 汉都第三幼儿园 when typed or imported.
import { useState } from 'react';
import type { Unit } from '../../../../shared/domain.js';
import { splitUnitText } from '../../../../shared/responsibility.js';
import { client } from '../../api/client.js';
import { errorText } from '../../ui/Notice.js';

const KIND_LABELS: Record<Unit['kind'], string> = { department: '科室', school: '学校', kindergarten: '幼儿园', other: '其他' };
const KINDS = Object.keys(KIND_LABELS) as Unit['kind'][];

const splitAliases = splitUnitText;

interface Draft {
  name: string;
  kind: Unit['kind'];
  aliases: string;
}

const draftOf = (u: Unit): Draft => ({ name: u.name, kind: u.kind, aliases: u.aliases.join('、') });

export function UnitDirectoryDialog({ units, onChanged, onClose }: { units: Unit[]; onChanged: (units: Unit[]) => void; onClose: () => void }) {
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [added, setAdded] = useState<Draft>({ name: '', kind: 'school', aliases: '' });
  const [error, setError] = useState('');
  const [filter, setFilter] = useState('');

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      setError('');
      onChanged(await client.call('units.list', {}));
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  }

  const shown = units.filter((u) => !filter || u.name.includes(filter) || u.aliases.some((a) => a.includes(filter)));

  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog unit-directory" role="dialog" aria-modal="true" aria-labelledby="unit-directory-title" data-testid="unit-directory">
        <h2 id="unit-directory-title">单位目录</h2>
        <p className="dialog-hint">简称之间用顿号分隔。填写或导入简称时，会自动换成单位全称。</p>
        <form
          className="unit-row unit-add"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await run(() => client.call('units.add', { name: added.name.trim(), kind: added.kind, aliases: splitAliases(added.aliases) }));
            if (ok) setAdded({ name: '', kind: added.kind, aliases: '' });
          }}
        >
          <input aria-label="单位全称" placeholder="单位全称" value={added.name} maxLength={100} onChange={(e) => setAdded({ ...added, name: e.target.value })} data-testid="unit-add-name" />
          <select aria-label="类别" value={added.kind} onChange={(e) => setAdded({ ...added, kind: e.target.value as Unit['kind'] })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
          <input aria-label="简称" placeholder="简称（可不填）" value={added.aliases} onChange={(e) => setAdded({ ...added, aliases: e.target.value })} data-testid="unit-add-aliases" />
          <button type="submit" className="primary" disabled={!added.name.trim()} data-testid="unit-add-submit">
            添加
          </button>
        </form>
        {error && <p className="unit-error" role="alert">{error}</p>}
        <input type="search" className="unit-filter" placeholder={`在 ${units.length} 个单位中查找`} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="查找单位" />
        <div className="unit-list">
          {shown.map((u) => {
            const d = drafts[u.id] ?? draftOf(u);
            const dirty = JSON.stringify(d) !== JSON.stringify(draftOf(u));
            const set = (patch: Partial<Draft>) => setDrafts((all) => ({ ...all, [u.id]: { ...d, ...patch } }));
            return (
              <div className="unit-row" key={u.id}>
                <input aria-label="单位全称" value={d.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} />
                <select aria-label="类别" value={d.kind} onChange={(e) => set({ kind: e.target.value as Unit['kind'] })}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
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
          {!shown.length && <p className="history-empty">{units.length ? '没有找到。' : '目录还是空的：在上面添加科室、学校和幼儿园。'}</p>}
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
