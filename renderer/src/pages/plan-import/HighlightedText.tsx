// Text with its quantitative targets marked.
import { useMemo } from 'react';
import { highlightTargets } from './plan-draft.js';

export function HighlightedText({ text, targets }: { text: string; targets: string[] }) {
  const pieces = useMemo(() => highlightTargets(text, targets), [text, targets]);
  return (
    <>
      {pieces.map((p, i) =>
        p.target ? (
          <mark key={i} className="plan-target" data-testid="plan-target-mark">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
