// A question in the app's own dialog style (not window.confirm): `ask()` shows it and resolves with the
// clerk's answer. Escape or 取消 answers no; the confirm button has the focus, as Enter in Excel's prompts.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

export interface ConfirmQuestion {
  title: string;
  message: string;
  confirmLabel?: string;
  cancelLabel?: string;
}

export function ConfirmDialog({ question, onAnswer }: { question: ConfirmQuestion; onAnswer: (yes: boolean) => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div
      className="dialog-backdrop"
      role="presentation"
      onKeyDown={(e) => {
        // Keys stay in the dialog: the grid below must not take them as edits.
        e.stopPropagation();
        if (e.key === 'Escape') onAnswer(false);
      }}
    >
      <div className="dialog confirm-dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-message" data-testid="confirm-dialog">
        <h2 id="confirm-title">{question.title}</h2>
        <p id="confirm-message" className="confirm-message" data-testid="confirm-message">
          {question.message}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={() => onAnswer(false)} data-testid="confirm-cancel">
            {question.cancelLabel ?? '取消'}
          </button>
          <button type="button" className="primary" ref={confirm} onClick={() => onAnswer(true)} data-testid="confirm-ok">
            {question.confirmLabel ?? '确定'}
          </button>
        </div>
      </div>
    </div>
  );
}

/** The dialog element to render and the function that asks; one question at a time. */
export function useConfirm(): [ReactNode, (question: ConfirmQuestion) => Promise<boolean>] {
  const [pending, setPending] = useState<{ question: ConfirmQuestion; resolve: (yes: boolean) => void } | null>(null);
  const ask = useCallback(
    (question: ConfirmQuestion) =>
      new Promise<boolean>((resolve) => {
        setPending((prev) => {
          prev?.resolve(false);
          return { question, resolve };
        });
      }),
    [],
  );
  const element = pending ? (
    <ConfirmDialog
      question={pending.question}
      onAnswer={(yes) => {
        pending.resolve(yes);
        setPending(null);
      }}
    />
  ) : null;
  return [element, ask];
}
