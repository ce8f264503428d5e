// 指派: give the chosen rows (grid rows or draft tasks) one 牵头科室 / 责任单位 / 责任领导 / 完成时限,
// replacing what they have or adding to it. Used by the workbench and the plan-import page.
import { useId, useRef, useState, type FormEvent } from 'react';
import { ASSIGN_FIELD_LABELS, ASSIGN_FIELDS, type AssignField, type AssignMode } from '#shared/assignment.js';

const DEADLINE_OPTIONS = ['6月底前', '年底前', '长期坚持', '每月28日前'];

export interface AssignDialogProps {
  /** How many rows / tasks the assignment goes to. */
  count: number;
  /** “行” or “条任务”. */
  noun: string;
  unitOptions: readonly string[];
  leaderOptions: readonly string[];
  /** Applies the assignment; resolves to an error text to show, or null when done. */
  onApply: (field: AssignField, value: string, mode: AssignMode) => Promise<string | null>;
  onClose: () => void;
}

function modeHint(field: AssignField, mode: AssignMode): string {
  if (mode === 'replace') return `所选各项的${ASSIGN_FIELD_LABELS[field]}都改为填写的内容。`;
  if (field === 'deadline') return '只填写完成时限为空的项，已有时限的不变。';
  return `在原有${ASSIGN_FIELD_LABELS[field]}后面追加尚未列出的名称（简称视为已列出），原有内容不变。多个用“、”分隔。`;
}

export function AssignDialog({ count, noun, unitOptions, leaderOptions, onApply, onClose }: AssignDialogProps) {
  const [field, setField] = useState<AssignField>('units');
  const [mode, setMode] = useState<AssignMode>('replace');
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const composing = useRef(false);
  const listId = useId();
  const options = field === 'leader' ? leaderOptions : field === 'deadline' ? DEADLINE_OPTIONS : unitOptions;

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Enter that confirms a pinyin candidate is not a submit.
    if (composing.current || !value.trim() || busy) return;
    setBusy(true);
    try {
      const failure = await onApply(field, value, mode);
      if (failure) setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && !composing.current && onClose()}>
      <form className="dialog assign-dialog" role="dialog" aria-modal="true" aria-labelledby="assign-title" onSubmit={submit} data-testid="assign-dialog">
        <h2 id="assign-title">
          指派（已选 {count} {noun}）
        </h2>
        <fieldset className="assign-choices">
          <legend>指派内容</legend>
          {ASSIGN_FIELDS.map((f) => (
            <label key={f} className="inline-check">
              <input type="radio" name="assign-field" checked={field === f} onChange={() => setField(f)} data-testid={`assign-field-${f}`} />
              {ASSIGN_FIELD_LABELS[f]}
            </label>
          ))}
        </fieldset>
        <label>
          {ASSIGN_FIELD_LABELS[field]}
          <input
            autoFocus
            list={listId}
            value={value}
            maxLength={2000}
            placeholder={field === 'deadline' ? '如：6月底前、2020年10月31日前' : '可从列表选择或直接输入，多个用“、”分隔'}
            onChange={(e) => {
              setValue(e.target.value);
              setError('');
            }}
            onCompositionStart={() => (composing.current = true)}
            onCompositionEnd={() => (composing.current = false)}
            data-testid="assign-value"
          />
          <datalist id={listId}>
            {options.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </label>
        <fieldset className="assign-choices">
          <legend>方式</legend>
          <label className="inline-check">
            <input type="radio" name="assign-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} data-testid="assign-mode-replace" />
            替换
          </label>
          <label className="inline-check">
            <input type="radio" name="assign-mode" checked={mode === 'add'} onChange={() => setMode('add')} data-testid="assign-mode-add" />
            追加
          </label>
        </fieldset>
        <p className="dialog-hint">{modeHint(field, mode)}</p>
        {error && (
          <p className="assign-error" role="alert" data-testid="assign-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            取消
          </button>
          <button type="submit" className="primary" disabled={busy || !value.trim()} data-testid="assign-apply">
            {busy ? '正在指派…' : '指派'}
          </button>
        </div>
      </form>
    </div>
  );
}
