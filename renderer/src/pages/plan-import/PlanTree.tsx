// The parsed plan as an editable tree: sections (一、…) with their tasks, each task with its measures,
// targets and units. The clerk can correct numerals, numbers and titles and remove tasks or measures.
import { HighlightedText } from './HighlightedText.js';
import { removeMeasure, replaceAt, sectionTasks, targetLabel, type DraftSection, type DraftTask } from './plan-draft.js';

export function PlanTree({ sections, onChange }: { sections: DraftSection[]; onChange: (sections: DraftSection[]) => void }) {
  if (!sections.length) {
    return <p className="plan-empty">没有识别到章节和任务。请确认粘贴的是工作要点正文（章节写作“一、…”，任务写作“1.…”），修改后重新解析。</p>;
  }
  return (
    <ol className="plan-tree" data-testid="plan-tree">
      {sections.map((s, i) => (
        <SectionEditor key={`${i}-${s.line}`} section={s} onChange={(next) => onChange(replaceAt(sections, i, next))} />
      ))}
    </ol>
  );
}

function SectionEditor({ section, onChange, nested = false }: { section: DraftSection; onChange: (s: DraftSection | null) => void; nested?: boolean }) {
  const taskCount = sectionTasks(section).length;
  const unnamed = !section.label && !section.numeral && !section.title;
  return (
    <li className={nested ? 'plan-section plan-subsection' : 'plan-section'} data-testid={nested ? 'plan-subsection' : 'plan-section'}>
      <div className="plan-section-head">
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
              onChange={(next) => onChange({ ...section, subsections: replaceAt(section.subsections!, i, next) })}
            />
          ))}
        </ol>
      )}
    </li>
  );
}

function TaskEditor({ task, onChange }: { task: DraftTask; onChange: (t: DraftTask | null) => void }) {
  const units = [
    task.leadUnits.length ? `牵头：${task.leadUnits.join('、')}` : '',
    task.units.length ? `责任：${task.units.join('、')}` : '',
    task.leaders.length ? `领导：${task.leaders.join('、')}` : '',
  ].filter(Boolean);
  return (
    <li className="plan-task" data-testid="plan-task">
      <div className="plan-task-head">
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
      {(task.targets.length > 0 || units.length > 0) && (
        <div className="plan-task-info">
          {task.targets.map((t, i) => (
            <span key={i} className="plan-chip" title={targetLabel(t)} data-testid="plan-target">
              {t.text}
            </span>
          ))}
          {units.map((u) => (
            <span key={u} className="plan-units">
              {u}
            </span>
          ))}
        </div>
      )}
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
