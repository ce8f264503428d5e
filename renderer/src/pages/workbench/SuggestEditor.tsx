// The ledger grid's text editor with suggestions (a React editor: one exists at a time, while editing).
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { WorkbenchGridContext } from './grid-context.js';
import type { GridRow } from './grid-model.js';

/** A text editor with suggestions (units from the directory, leaders already in the ledger, statuses). */
export function SuggestEditor(props: CustomCellEditorProps<GridRow, string, WorkbenchGridContext> & { kind: 'unit' | 'leader' | 'status' }) {
  const { context, kind, eventKey, onValueChange } = props;
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => (eventKey && eventKey.length === 1 ? eventKey : (props.initialValue ?? '')));
  useEffect(() => {
    onValueChange(text);
    input.current?.focus();
    if (!(eventKey && eventKey.length === 1)) input.current?.select();
    // Only on mount: later changes go through onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const options =
    kind === 'unit' ? context.unitOptions : kind === 'leader' ? context.leaderOptions : context.statuses.map((s) => s.label);
  return (
    <>
      <input
        ref={input}
        className="suggest-editor"
        list={listId}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onValueChange(e.target.value);
        }}
      />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </>
  );
}
