// The workbench's 佐证材料 wiring in one place: badge counts for the ledger and month shown, files dropped
// on a row, the side panel (opened from a badge, the toolbar or a drop). WorkbenchPage only hooks it up.
import { useCallback, useEffect, useRef, useState } from 'react';
import { client } from '../../../api/client.js';
import { errorText, type NoticeState } from '../../../ui/Notice.js';
import { periodLabel } from '../as-of-display.js';
import type { GridRow } from '../grid-model.js';
import { onEvidencePanelRequest, refreshEvidenceCounts } from './evidence-store.js';
import { filesToInput, useRowFileDrop } from './row-drop.js';

export interface EvidenceWiring {
  /** Put on the element around the grid: drops on its rows attach files. */
  dropZone: React.RefObject<HTMLDivElement | null>;
  open: boolean;
  setOpen: (open: boolean | ((o: boolean) => boolean)) => void;
  /** The row the panel shows: the one dropped on or whose badge was clicked, else the current row. */
  row: GridRow | undefined;
  version: number;
}

export function useEvidence(ledgerId: number | undefined, period: string | null, rows: readonly GridRow[], current: GridRow | undefined, notify: (n: NoticeState) => void): EvidenceWiring {
  const dropZone = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [pinned, setPinned] = useState<number | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (ledgerId == null || period == null) return;
    refreshEvidenceCounts(ledgerId, period).catch((err) => notify({ kind: 'error', text: errorText(err) }));
  }, [ledgerId, period, rows, notify]);

  // Moving to another row follows it; a badge click or a drop shows that row.
  useEffect(() => setPinned(null), [current?.id]);
  useEffect(
    () =>
      onEvidencePanelRequest((rowId) => {
        setPinned(rowId);
        setOpen(true);
      }),
    [],
  );

  const onDrop = useCallback(
    async (rowId: number, files: File[]) => {
      if (ledgerId == null) return;
      try {
        const r = await client.call('evidence.add', { rowId, ...(period ? { period } : {}), files: await filesToInput(files) });
        notify({ kind: 'info', text: `已添加 ${r.added.length} 个佐证材料到 ${periodLabel(r.period)}${r.duplicates.length ? `，${r.duplicates.length} 个已存在（未重复添加）` : ''}。` });
        await refreshEvidenceCounts(ledgerId, period ?? r.period);
        setPinned(rowId);
        setOpen(true);
        setVersion((v) => v + 1);
      } catch (err) {
        notify({ kind: 'error', text: errorText(err) });
      }
    },
    [ledgerId, period, notify],
  );
  const dropped = useCallback((rowId: number, files: File[]) => void onDrop(rowId, files), [onDrop]);
  useRowFileDrop(dropZone, dropped);

  const row = pinned != null ? rows.find((r) => r.id === pinned) : current;
  return { dropZone, open, setOpen, row, version };
}
