import type { Ledger } from '#shared/domain.js';
import type { DroppedFile } from '../shell/file-drop.js';
import type { NoticeState } from '../ui/Notice.js';
import type { OpenWorkbench, WorkbenchIntent } from './navigation.js';

/** What the window shell gives every page. */
export interface PageProps {
  /** The ledger chosen in the top bar, if any. */
  ledger: Ledger | undefined;
  /** Reload the ledger list (after a page created or renamed a ledger) and optionally switch to one. */
  refreshLedgers: (selectId?: number) => Promise<void>;
  /** Switch to another page by id (e.g. back to the workbench after an import). */
  goTo: (pageId: string) => void;
  notify: (notice: NoticeState) => void;
  /**
   * A file the clerk dropped on the window for this page (plan-import: .txt/.docx; submissions: .xlsx/.csv).
   * The shell switches to the page first; the page reads the file when `seq` changes.
   */
  droppedFile?: DroppedFile;
  /** Open the workbench on a filter and month (the 统计 page's click-through). */
  openWorkbench?: OpenWorkbench;
  /** For the workbench: the filter and month another page asked it to open on. */
  workbenchIntent?: WorkbenchIntent;
}
