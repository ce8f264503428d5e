// Import the annual work plan (工作要点): paste the text or pick a .txt/.docx file on the left, check and
// correct the parsed sections, tasks, measures and targets on the right, then create the ledger.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ParsedPlanDto } from '#shared/api/plan-api.js';
import type { Unit } from '#shared/domain.js';
import { client } from '../../api/client.js';
import { useFilePicker } from '../../shell/file-picker.js';
import { errorText } from '../../ui/Notice.js';
import { useBusy } from '../../ui/use-busy.js';
import type { PageProps } from '../page-props.js';
import { PlanAssignBar } from './PlanAssignBar.js';
import { allTaskKeys, draftCounts, sectionTasks, type DraftSection, type TaskKey } from './plan-draft.js';
import { PlanTree } from './PlanTree.js';
import { SourceView } from './SourceView.js';
import { readPickedFile } from '../../api/picked-file.js';

export function PlanImportPage({ refreshLedgers, goTo, notify, droppedFile }: PageProps) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [parsed, setParsed] = useState<ParsedPlanDto | null>(null);
  const [sections, setSections] = useState<DraftSection[]>([]);
  const [name, setName] = useState('');
  const [viewing, setViewing] = useState(false);
  const { busy, error, setError, run } = useBusy<'parse' | 'create'>((text) => notify({ kind: 'error', text }));
  const [activeLine, setActiveLine] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<TaskKey>>(new Set());
  const [units, setUnits] = useState<Unit[]>([]);

  useEffect(() => {
    client.call('units.list', {}).then(setUnits, () => setUnits([]));
  }, []);

  function selectTasks(keys: TaskKey[], on: boolean) {
    setSelected((old) => {
      const next = new Set(old);
      for (const k of keys) if (on) next.add(k);
      else next.delete(k);
      return next;
    });
  }

  // Selection is by place in the draft: a removed task or section shifts places, so start afresh then.
  function changeSections(next: DraftSection[]) {
    if (allTaskKeys(next).length !== allTaskKeys(sections).length || next.length !== sections.length) setSelected(new Set());
    setSections(next);
  }

  const counts = useMemo(() => draftCounts(sections), [sections]);
  const stale = parsed !== null && text !== parsed.text;
  const untitled = useMemo(() => sections.flatMap(sectionTasks).filter((t) => !t.title.trim()).length, [sections]);
  const blocker =
    !parsed ? '请先解析工作要点'
    : stale ? '原文已修改，请先重新解析'
    : counts.tasks === 0 ? '没有任务，无法生成台账'
    : untitled > 0 ? `有 ${untitled} 条任务没有标题，请填写或删除`
    : !name.trim() ? '请填写台账名称'
    : null;

  function apply(result: ParsedPlanDto) {
    setParsed(result);
    setText(result.text);
    setSections(result.sections);
    setSelected(new Set());
    setName(result.suggestedName);
    setViewing(true);
    setActiveLine(null);
    setError(null);
  }

  function parseText() {
    void run('parse', async () => {
      setFileName(null);
      apply(await client.call('plan.parse', { text }));
    });
  }

  const picker = useFilePicker('plan', ([file]) => file && readFile(file), {
    testId: 'plan-file',
    onError: (err) => notify({ kind: 'error', text: errorText(err) }),
  });

  // A .txt/.docx dropped anywhere on the window arrives here through the shell.
  const readFileRef = useRef(readFile);
  readFileRef.current = readFile;
  useEffect(() => {
    if (droppedFile) readFileRef.current(droppedFile.file);
  }, [droppedFile?.seq]); // eslint-disable-line react-hooks/exhaustive-deps

  function readFile(file: File) {
    void run('parse', async () => {
      const bytes = await readPickedFile(file, 'plan');
      const result = await client.call('plan.parse', { bytes, fileName: file.name });
      setFileName(file.name);
      apply(result);
    });
  }

  function createLedger() {
    if (!parsed || blocker) return;
    void run('create', async () => {
      const { ledger, counts: created } = await client.call('plan.createLedger', { name: name.trim(), year: parsed.year, sections });
      notify({
        kind: 'info',
        text: `已生成台账“${ledger.name}”：${created.sections} 个章节、${created.tasks} 条任务、${created.measures} 条措施，共 ${created.rows} 行。`,
      });
      await refreshLedgers(ledger.id);
      goTo('workbench');
    });
  }

  return (
    <div className="plan-import" data-testid="plan-import">
      <section className="plan-pane plan-source" aria-label="工作要点原文">
        <div className="plan-pane-head">
          <h2>工作要点原文{fileName ? `：${fileName}` : ''}</h2>
          <span className="spacer" />
          <button type="button" onClick={picker.open} disabled={busy !== null}>
            选择文件…
          </button>
          {picker.input}
          {viewing ? (
            <button type="button" onClick={() => setViewing(false)} data-testid="plan-edit-text">
              修改原文
            </button>
          ) : (
            <button type="button" className="primary" onClick={parseText} disabled={busy !== null || !text.trim()} data-testid="plan-parse">
              {busy === 'parse' ? '正在解析…' : parsed ? '重新解析' : '解析'}
            </button>
          )}
        </div>
        {viewing && parsed ? (
          <SourceView text={text} sections={sections} activeLine={activeLine} />
        ) : (
          <textarea
            className="plan-textarea"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={'在这里粘贴工作要点全文，例如：\n一、全面从严治党，坚持党对教育工作的领导\n1. 强化思想武装，抓好基层党建工作。……\n\n也可以点击上方“选择文件…”打开 .txt 或 .docx 文件。'}
            spellCheck={false}
            data-testid="plan-text"
          />
        )}
        <p className="plan-hint">
          {viewing ? '黄色标记为识别出的量化目标；点击右侧任务可定位到原文。' : ''}支持 .txt（UTF-8 或 GBK）和 .docx 文件；.doc、.wps 请先在 Word/WPS 中另存为 .docx。
        </p>
      </section>

      <section className="plan-pane plan-result" aria-label="解析结果">
        {error && (
          <p className="plan-error" role="alert" data-testid="plan-error">
            {error}
          </p>
        )}
        {!parsed ? (
          <div className="plan-empty">
            <p>在左侧粘贴工作要点正文或选择文件，然后点击“解析”。</p>
            <p>解析后可以在这里核对章节、任务编号、措施和量化目标，修改无误后点击“生成台账”。</p>
          </div>
        ) : (
          <>
            <div className="plan-pane-head plan-create-bar">
              <span className="plan-summary" data-testid="plan-summary">
                <b data-testid="plan-section-count">{counts.sections}</b> 个章节 · <b data-testid="plan-task-count">{counts.tasks}</b> 条任务 ·{' '}
                <b data-testid="plan-measure-count">{counts.measures}</b> 条措施 · <b data-testid="plan-target-count">{counts.targets}</b> 个量化目标
              </span>
              <span className="spacer" />
              <label className="plan-name">
                台账名称
                <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="plan-ledger-name" />
              </label>
              <button
                type="button"
                className="primary"
                onClick={createLedger}
                disabled={busy !== null || blocker !== null}
                title={blocker ?? '按右侧结构生成新台账'}
                data-testid="plan-create"
              >
                {busy === 'create' ? '正在生成…' : '生成台账'}
              </button>
            </div>
            {blocker && <p className="plan-blocker" data-testid="plan-blocker">{blocker}</p>}
            {parsed.warnings.length > 0 ? (
              <div className="plan-warnings" data-testid="plan-warnings">
                <b>请核对以下 {parsed.warnings.length} 处（解析时未作改动）：</b>
                <ul>
                  {parsed.warnings.map((w, i) => (
                    <li key={i} data-testid="plan-warning">
                      {w}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="plan-ok" data-testid="plan-no-warnings">未发现需要核对的问题。</p>
            )}
            {parsed.preamble && (
              <details className="plan-preamble">
                <summary>前言（第一个章节之前的文字，不生成台账行）</summary>
                <p>{parsed.preamble}</p>
              </details>
            )}
            <PlanAssignBar
              sections={sections}
              selected={selected}
              units={units}
              onSelect={setSelected}
              onAssigned={setSections}
              notify={notify}
            />
            <PlanTree sections={sections} onChange={changeSections} onLocate={setActiveLine} selected={selected} onSelect={selectTasks} />
          </>
        )}
      </section>
    </div>
  );
}
