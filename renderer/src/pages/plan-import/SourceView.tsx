// The plan's source text, line by line, with each task's targets marked inside that task's lines only,
// and the line of the task the clerk is working on scrolled into view.
import { useEffect, useMemo, useRef } from 'react';
import { HighlightedText } from './HighlightedText.js';
import { targetsByLine, type DraftSection } from './plan-draft.js';

export function SourceView({ text, sections, activeLine }: { text: string; sections: DraftSection[]; activeLine: number | null }) {
  const lines = useMemo(() => text.split(/\r\n|\r|\n/), [text]);
  const marks = useMemo(() => targetsByLine(sections, lines), [sections, lines]);
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (activeLine == null) return;
    host.current?.querySelector(`[data-line="${activeLine}"]`)?.scrollIntoView({ block: 'center' });
  }, [activeLine]);

  return (
    <div className="plan-source-view" ref={host} data-testid="plan-source-view">
      {lines.map((line, i) => (
        <div key={i} data-line={i + 1} className={activeLine === i + 1 ? 'plan-line plan-line-active' : 'plan-line'}>
          {line ? <HighlightedText text={line} targets={marks[i + 1] ?? NONE} /> : '\u00a0'}
        </div>
      ))}
    </div>
  );
}

const NONE: string[] = [];
