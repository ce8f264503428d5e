// One submitted file: its status, unit (a chooser when the clerk must decide), period and what it changes.
import { useState } from 'react';
import type { SubmissionFile } from '#shared/api/submission-api.js';
import type { Unit } from '#shared/domain.js';
import { inferUnitKind, splitUnitText, UNIT_KIND_LABELS, UNIT_KINDS, UnitDirectory } from '#shared/responsibility.js';
import { MonthPicker } from '../../ui/MonthPicker.js';

export const STATUS_LABEL: Record<SubmissionFile['status'], string> = {
  ok: '可导入',
  empty: '空表',
  'needs-unit': '需选择单位',
  duplicate: '重复文件',
  error: '无法读取',
};

const UNIT_SOURCE: Record<NonNullable<SubmissionFile['unitSource']>, string> = {
  cell: '表内“报送单位”',
  'file-name': '文件名',
  clerk: '手动选择',
};

interface Props {
  file: SubmissionFile;
  units: Unit[];
  selected: boolean;
  onSelect: () => void;
  onInclude: (included: boolean) => void;
  onUnit: (unitId: number | null) => void;
  onPeriod: (period: string) => void;
  /** Add the unit the 报送单位 cell names to the directory. */
  onAddUnit: (kind: Unit['kind']) => void;
  /** Make what the 报送单位 cell says an alias of this unit. */
  onAliasUnit: (unitId: number) => void;
}

/** The 报送单位 cell names one unit the directory lacks: offer to add it, or to make it another unit's alias. */
function UnknownUnit({ text, units, onAddUnit, onAliasUnit }: { text: string; units: Unit[]; onAddUnit: Props['onAddUnit']; onAliasUnit: Props['onAliasUnit'] }) {
  const [kind, setKind] = useState<Unit['kind']>(() => inferUnitKind(text));
  const [aliasOf, setAliasOf] = useState<number | null>(null);
  const [mode, setMode] = useState<'add' | 'alias' | null>(null);
  return (
    <div className="sub-unknown-unit" data-testid="unknown-unit" onClick={(e) => e.stopPropagation()}>
      <span>
        表中报送单位“<b>{text}</b>”不在单位目录中：
      </span>
      {mode !== 'alias' && (
        <span className="sub-unknown-action">
          <select aria-label="新单位的类别" value={kind} onChange={(e) => setKind(e.target.value as Unit['kind'])} data-testid="add-unit-kind">
            {UNIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {UNIT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
          <button type="button" className="small primary" onClick={() => onAddUnit(kind)} data-testid="add-unit">
            添加为新单位
          </button>
        </span>
      )}
      {mode === 'alias' ? (
        <span className="sub-unknown-action">
          <select aria-label="是哪个单位的别名" value={aliasOf ?? ''} onChange={(e) => setAliasOf(e.target.value ? Number(e.target.value) : null)} data-testid="alias-unit-target">
            <option value="">（选择单位）</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <button type="button" className="small primary" disabled={aliasOf == null} onClick={() => aliasOf != null && onAliasUnit(aliasOf)} data-testid="alias-unit-confirm">
            设为别名
          </button>
          <button type="button" className="small" onClick={() => setMode(null)}>
            取消
          </button>
        </span>
      ) : (
        units.length > 0 && (
          <button type="button" className="small" onClick={() => setMode('alias')} data-testid="alias-unit">
            设为已有单位的别名…
          </button>
        )
      )}
    </div>
  );
}

export function FileCard({ file, units, selected, onSelect, onInclude, onUnit, onPeriod, onAddUnit, onAliasUnit }: Props) {
  const canInclude = file.status === 'ok';
  const unknownText = file.status === 'needs-unit' ? file.unitText?.trim() : undefined;
  const unknown =
    unknownText && splitUnitText(unknownText).length === 1 && new UnitDirectory(units).findInText(unknownText).length === 0 ? unknownText : null;
  const canChooseUnit = file.status === 'needs-unit' || file.unitSource === 'clerk';
  return (
    <li
      className={`sub-card sub-card-${file.status}${selected ? ' selected' : ''}${canInclude && !file.included ? ' excluded' : ''}`}
      data-testid="submission-file-card"
      data-status={file.status}
      data-file={file.file}
      onClick={onSelect}
    >
      <div className="sub-card-head">
        {canInclude && (
          <input
            type="checkbox"
            checked={file.included}
            onChange={(e) => onInclude(e.target.checked)}
            title="导入这个文件"
            data-testid="submission-file-include"
          />
        )}
        <span className="sub-card-name" title={file.file}>
          {file.file}
        </span>
        <span className={`sub-badge sub-badge-${file.status}`} data-testid="submission-file-status">
          {STATUS_LABEL[file.status]}
        </span>
      </div>
      <div className="sub-card-meta">
        {file.unit && (
          <span>
            单位：<b>{file.unit}</b>
            {file.unitSource && <small>（{UNIT_SOURCE[file.unitSource]}）</small>}
          </span>
        )}
        {(file.status === 'ok' || file.status === 'needs-unit') && (
          <label className="sub-period" title="这份报送表填报的是哪个月的进展（由文件名、标题或报送日期判断，可修改）">
            月份
            <MonthPicker value={file.period} onChange={onPeriod} data-testid="submission-file-period" />
          </label>
        )}
        {file.reportDate && <span>报送日期：{file.reportDate}</span>}
      </div>
      {unknown && <UnknownUnit key={unknown} text={unknown} units={units} onAddUnit={onAddUnit} onAliasUnit={onAliasUnit} />}
      {canChooseUnit && (
        <label className="sub-unit-chooser">
          报送单位
          <select value={file.unitId ?? ''} onChange={(e) => onUnit(e.target.value ? Number(e.target.value) : null)} data-testid="unit-chooser">
            <option value="">（请选择）</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="sub-card-message" data-testid="submission-file-message">
        {file.message}
      </p>
      {file.warnings.length > 0 && (
        <ul className="sub-warnings">
          {file.warnings.slice(0, 5).map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
          {file.warnings.length > 5 && <li>…共 {file.warnings.length} 条提示</li>}
        </ul>
      )}
    </li>
  );
}
