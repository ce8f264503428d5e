// Undo/redo of the clerk's own edits. A step is a group of cell changes (one edit, one paste, one clear);
// undoing writes the old values back through the API, so the undo itself is saved and logged.

export interface CellChange {
  rowId: number;
  column: string;
  oldValue: string;
  newValue: string;
}

export class EditHistory {
  private undoStack: CellChange[][] = [];
  private redoStack: CellChange[][] = [];
  /** What each step was (粘贴 3 个单元格 …): an undo is logged as 撤销 with it. */
  private readonly labels = new WeakMap<CellChange[], string>();

  constructor(private readonly limit = 200) {}

  /** Records a new step; a new edit clears what could be redone. */
  record(step: CellChange[], label?: string): void {
    if (!step.length) return;
    if (label) this.labels.set(step, label);
    this.undoStack.push(step);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack = [];
  }

  /** The step's description ('' when it was recorded without one). */
  labelOf(step: CellChange[]): string {
    return this.labels.get(step) ?? '';
  }

  takeUndo(): CellChange[] | undefined {
    return this.undoStack.pop();
  }

  takeRedo(): CellChange[] | undefined {
    return this.redoStack.pop();
  }

  /** After an undo was written: it can be redone. */
  undone(step: CellChange[]): void {
    if (step.length) this.redoStack.push(step);
  }

  /** After a redo was written: it can be undone again (without clearing the rest of the redo stack). */
  redone(step: CellChange[]): void {
    if (step.length) this.undoStack.push(step);
  }

  /** Forget steps that touch rows that no longer exist (after a delete or a reload of another ledger). */
  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
}

/** The inverse of a step: old and new values swapped, applied in reverse order. */
export function invert(step: readonly CellChange[]): CellChange[] {
  return [...step].reverse().map((c) => ({ ...c, oldValue: c.newValue, newValue: c.oldValue }));
}
