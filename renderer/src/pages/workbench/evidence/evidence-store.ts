// What the grid's 佐证 badges read: per-row counts for the ledger and month shown, kept outside React state
// so that a change repaints only the badges (50,000-row ledgers), and a request channel so a badge click
// opens the evidence panel on its row without new props through the grid.
import { client } from '../../../api/client.js';

export interface RowEvidenceCount {
  inPeriod: number;
  total: number;
}

type Listener = () => void;

let counts = new Map<number, RowEvidenceCount>();
let shownFor: { ledgerId: number; period: string } | null = null;
const listeners = new Set<Listener>();
const openListeners = new Set<(rowId: number) => void>();

function emit(): void {
  for (const l of listeners) l();
}

/** Reloads the counts of the ledger and month shown (after a load, an add, a removal). */
export async function refreshEvidenceCounts(ledgerId: number, period: string): Promise<void> {
  shownFor = { ledgerId, period };
  const list = await client.call('evidence.counts', { ledgerId, period });
  // A later request for another ledger/month wins.
  if (shownFor.ledgerId !== ledgerId || shownFor.period !== period) return;
  counts = new Map(list.map((c) => [c.rowId, { inPeriod: c.inPeriod, total: c.total }]));
  emit();
}

export async function refreshShownEvidenceCounts(): Promise<void> {
  if (shownFor) await refreshEvidenceCounts(shownFor.ledgerId, shownFor.period);
}

export function evidenceCount(rowId: number | undefined): RowEvidenceCount | undefined {
  return rowId == null ? undefined : counts.get(rowId);
}

/** Called after every reload of the counts (the badges repaint themselves if theirs changed). */
export function subscribeEvidenceCounts(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function requestEvidencePanel(rowId: number): void {
  for (const l of openListeners) l(rowId);
}

export function onEvidencePanelRequest(listener: (rowId: number) => void): () => void {
  openListeners.add(listener);
  return () => openListeners.delete(listener);
}
