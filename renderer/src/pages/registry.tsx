// The pages of the main window, in tab order. Each concern adds its page here (one line) and keeps
// its components in its own folder under pages/.
// The workbench, the first page shown, is in the main script; every other page is its own chunk, loaded
// on its first visit (or ahead of it, see preloadPages), so the first screen parses only what it shows.
import { lazy, type ComponentType } from 'react';
import { WorkbenchPage } from './workbench/WorkbenchPage.js';
import type { PageProps } from './page-props.js';

export interface PageEntry {
  id: string;
  /** Tab label shown to the clerk. */
  label: string;
  component: ComponentType<PageProps>;
  /** Loads a lazily loaded page's code without showing it. */
  preload?: () => Promise<unknown>;
}

/** What a page shows when its code cannot be loaded (the app was updated or serve stopped since the window opened). */
function PageLoadFailed() {
  return <p className="empty">这一页的程序没有加载成功，请刷新页面（F5）后重试；如仍失败，请重新启动台账。</p>;
}

function lazyPage(load: () => Promise<ComponentType<PageProps>>): Pick<PageEntry, 'component' | 'preload'> {
  const component = lazy<ComponentType<PageProps>>(() =>
    load().then(
      (page) => ({ default: page }),
      () => ({ default: PageLoadFailed }),
    ),
  );
  return { component, preload: load };
}

export const PAGES: [PageEntry, ...PageEntry[]] = [
  { id: 'workbench', label: '台账', component: WorkbenchPage },
  { id: 'dashboard', label: '统计', ...lazyPage(() => import('./dashboard/DashboardPage.js').then((m) => m.DashboardPage)) },
  { id: 'plan-import', label: '导入工作要点', ...lazyPage(() => import('./plan-import/PlanImportPage.js').then((m) => m.PlanImportPage)) },
  { id: 'submissions', label: '导入报送', ...lazyPage(() => import('./submissions/SubmissionsPage.js').then((m) => m.SubmissionsPage)) },
  { id: 'templates', label: '模板与导出', ...lazyPage(() => import('./templates/TemplatesPage.js').then((m) => m.TemplatesPage)) },
  { id: 'ledger-import', label: '从 Excel 导入 / 导入修改', ...lazyPage(() => import('./ledger-import/LedgerImportPage.js').then((m) => m.LedgerImportPage)) },
];

/** Loads every lazily loaded page's code (a failure is left to the page's own load on its first visit). */
export function preloadPages(): void {
  for (const page of PAGES) page.preload?.().catch(() => {});
}
