// The parsed plan as an editable tree: sections (一、…) with their tasks, each task with its measures,
// targets and units. The clerk can correct numerals, numbers and titles and remove tasks or measures.
import { useEffect, useRef, useState } from 'react';
import { splitUnitText } from '#shared/responsibility.js';
import { HighlightedText } from './HighlightedText.js';
import {
  removeMeasure,
  replaceAt,
  sectionTaskKeys,
  sectionTasks,
  targetLabel,
  taskKey,
  type DraftSection,
  type DraftTask,
  type TaskKey,
} from './plan-draft.js';

export interface PlanTreeProps {
  sections: DraftSection[];
  onChange: (sections: DraftSection[]) => void;
  /** The clerk is working on the item written on this line of the source text. */
  onLocate: (line: number) => void;
  /** Tasks ticked for 指派 (see plan-draft.ts taskKey). */
  selected?: ReadonlySet<TaskKey>;
  onSelect?: (keys: TaskKey[], on: boolean) => void;
}

interface Selection {
  selected: ReadonlySet<TaskKey>;
  onSelect: (keys: TaskKey[], on: boolean) => void;
}

const NO_SELECTION: Selection = { selected: new Set(), onSelect: () => undefined };

/** A tick box for all of a section's tasks: checked when all are, half when some are. */
function SelectAll({ keys, selection }: { keys: TaskKey[]; selection: Selection }) {
  const ref = useRef<HTMLInputElement>(null);
  const count = keys.filter((k) => selection.selected.has(k)).length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && count < keys.length;
  }, [count, keys.length]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="plan-select"
      checked={keys.length > 0 && count === keys.length}
      disabled={!keys.length}
      aria-label="选择本章节全部任务"
      title="选择本章节全部任务（用于指派）"
      onClick={(e) => e.stopPropagation()}
      onChange={(e) => selection.onSelect(keys, e.target.checked)}
      data-testid="plan-section-select"
    />
  );
}

export function PlanTree({ sections, onChange, onLocate, selected, onSelect }: PlanTreeProps) {
  const selection: Selection = selected && onSelect ? { selected, onSelect } : NO_SELECTION;
  if (!sections.length) {
    return <p className="plan-empty">没有识别到章节和任务。请确认粘贴的是工作要点正文（章节写作“一、…”，任务写作“1.…”），修改后重新解析。</p>;
  }
  return (
    <ol className="plan-tree" data-testid="plan-tree">
      {sections.map((s, i) => (
        <SectionEditor
          key={`${i}-${s.line}`}
          section={s}
          path={String(i)}
          selection={selection}
          onLocate={onLocate}
          onChange={(next) => onChange(replaceAt(sections, i, next))}
        />
      ))}
    </ol>
  );
}

interface SectionEditorProps {
  section: DraftSection;
  onChange: (s: DraftSection | null) => void;
  onLocate: (line: number) => void;
  nested?: boolean;
  /** The section's place in the draft ("2", "2.1"): the prefix of its tasks' keys. */
  path: string;
  selection: Selection;
}

function SectionEditor({ section, onChange, onLocate, nested = false, path, selection }: SectionEditorProps) {
  const taskCount = sectionTasks(section).length;
  const unnamed = !section.label && !section.numeral && !section.title;
  return (
    <li className={nested ? 'plan-section plan-subsection' : 'plan-section'} data-testid={nested ? 'plan-subsection' : 'plan-section'}>
      <div className="plan-section-head" onFocus={() => onLocate(section.line)} onClick={() => onLocate(section.line)}>
        <SelectAll keys={sectionTaskKeys(section, path)} selection={selection} />
        {unnamed ? (
          <span className="plan-section-unnamed">（未分章节的任务）</span>
        ) : (
          <>
            <input
              className="plan-numeral"
              value={section.numeral}
              aria-label="章节序号"
              title="章节序号，例如“一”"
              onChange={(e) => onChange({ ...section, numeral: e.target.value })}
              data-testid="plan-section-numeral"
            />
            <input
              className="plan-section-title"
              value={section.title}
              aria-label="章节标题"
              onChange={(e) => onChange({ ...section, title: e.target.value })}
              data-testid="plan-section-title"
            />
          </>
        )}
        <span className="plan-meta">{taskCount} 条任务</span>
        <button type="button" className="plan-remove" title="删除整个章节及其任务" onClick={() => onChange(null)} data-testid="plan-section-remove">
          删除章节
        </button>
      </div>
      {section.tasks.length > 0 && (
        <ol className="plan-tasks">
          {section.tasks.map((t, i) => (
            <TaskEditor
              key={`${i}-${t.line}`}
              task={t}
              taskKey={taskKey(path, i)}
              selection={selection}
              onLocate={onLocate}
              onChange={(next) => onChange({ ...section, tasks: replaceAt(section.tasks, i, next) })}
            />
          ))}
        </ol>
      )}
      {section.subsections && section.subsections.length > 0 && (
        <ol className="plan-tree">
          {section.subsections.map((sub, i) => (
            <SectionEditor
              key={`${i}-${sub.line}`}
              nested
              section={sub}
              path={`${path}.${i}`}
              selection={selection}
              onLocate={onLocate}
              onChange={(next) => onChange({ ...section, subsections: replaceAt(section.subsections!, i, next) })}
            />
          ))}
        </ol>
      )}
    </li>
  );
}

/** "基础教育科、人事科" ⇄ ["基础教育科", "人事科"]; the clerk may also separate with "，" or spaces. */
const splitNames = splitUnitText;

function UnitsEditor({ task, onChange, onDone }: { task: DraftTask; onChange: (t: DraftTask) => void; onDone: () => void }) {
  const [lead, setLead] = useState(task.leadUnits.join('、'));
  const [units, setUnits] = useState(task.units.join('、'));
  const [leaders, setLeaders] = useState(task.leaders.join('、'));
  const [deadline, setDeadline] = useState(task.deadline);
  const save = () => {
    onChange({ ...task, leadUnits: splitNames(lead), units: splitNames(units), leaders: splitNames(leaders), deadline: deadline.trim() });
    onDone();
  };
  return (
    <div className="plan-units-editor" data-testid="plan-units-editor">
      <label>
        牵头科室
        <input value={lead} onChange={(e) => setLead(e.target.value)} placeholder="多个用“、”分隔" data-testid="plan-lead-units" />
      </label>
      <label>
        责任单位
        <input value={units} onChange={(e) => setUnits(e.target.value)} placeholder="多个用“、”分隔" data-testid="plan-units" />
      </label>
      <label>
        责任领导
        <input value={leaders} onChange={(e) => setLeaders(e.target.value)} data-testid="plan-leaders" />
      </label>
      <label>
        完成时限
        <input value={deadline} onChange={(e) => setDeadline(e.target.value)} placeholder="如：6月底前" data-testid="plan-deadline" />
      </label>
      <button type="button" className="primary" onClick={save} data-testid="plan-units-save">
        确定
      </button>
      <button type="button" onClick={onDone}>
        取消
      </button>
    </div>
  );
}

interface TaskEditorProps {
  task: DraftTask;
  taskKey: TaskKey;
  selection: Selection;
  onChange: (t: DraftTask | null) => void;
  onLocate: (line: number) => void;
}

function TaskEditor({ task, taskKey: key, selection, onChange, onLocate }: TaskEditorProps) {
  const [editingUnits, setEditingUnits] = useState(false);
  const units = [
    task.leadUnits.length ? `牵头：${task.leadUnits.join('、')}` : '',
    task.units.length ? `责任：${task.units.join('、')}` : '',
    task.leaders.length ? `领导：${task.leaders.join('、')}` : '',
    task.deadline ? `时限：${task.deadline}` : '',
  ].filter(Boolean);
  return (
    <li className="plan-task" data-testid="plan-task" onFocus={() => onLocate(task.line)} onClick={() => onLocate(task.line)}>
      <div className="plan-task-head">
        <input
          type="checkbox"
          className="plan-select"
          checked={selection.selected.has(key)}
          aria-label="选择这条任务"
          title="选择这条任务（用于指派）"
          onChange={(e) => selection.onSelect([key], e.target.checked)}
          data-testid="plan-task-select"
        />
        <input
          className="plan-number"
          value={task.number}
          aria-label="任务编号"
          title="任务编号（保留工作要点原编号）"
          onChange={(e) => onChange({ ...task, number: e.target.value })}
          data-testid="plan-task-number"
        />
        <input
          className={task.title.trim() ? 'plan-task-title' : 'plan-task-title plan-invalid'}
          value={task.title}
          aria-label="任务标题"
          placeholder="请填写任务标题"
          onChange={(e) => onChange({ ...task, title: e.target.value })}
          data-testid="plan-task-title"
        />
        <button type="button" className="plan-remove" title="删除这条任务及其措施" onClick={() => onChange(null)} data-testid="plan-task-remove">
          删除
        </button>
      </div>
      <div className="plan-task-info">
        {task.targets.map((t, i) => (
          <span key={i} className="plan-chip" title={`量化目标：${targetLabel(t)}`} data-testid="plan-target">
            {t.text}
          </span>
        ))}
        {units.map((u) => (
          <span key={u} className="plan-units" data-testid="plan-task-units">
            {u}
          </span>
        ))}
        {!editingUnits && (
          <button type="button" className="link plan-edit-units" onClick={() => setEditingUnits(true)} data-testid="plan-edit-units">
            {units.length ? '修改单位和时限' : '填写责任单位和时限'}
          </button>
        )}
      </div>
      {editingUnits && <UnitsEditor task={task} onChange={onChange} onDone={() => setEditingUnits(false)} />}
      {task.measures.length > 0 && (
        <ul className="plan-measures">
          {task.measures.map((m, i) => (
            <li key={i} className="plan-measure" data-testid="plan-measure">
              <span className="plan-measure-text">
                <HighlightedText text={m} targets={(task.measureTargets[i] ?? []).map((t) => t.text)} />
              </span>
              <button
                type="button"
                className="link plan-measure-remove"
                title="删除这条措施"
                aria-label="删除这条措施"
                onClick={() => onChange(removeMeasure(task, i))}
                data-testid="plan-measure-remove"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
