// The pages of the main window, in tab order. Each concern adds its page here (one line) and keeps
// its components in its own folder under pages/.
import type { ComponentType } from 'react';
import { WorkbenchPage } from './workbench/WorkbenchPage.js';
import type { PageProps } from './page-props.js';
import { TemplatesPage } from './templates/TemplatesPage.js';
import { PlanImportPage } from './plan-import/PlanImportPage.js';
import { SubmissionsPage } from './submissions/SubmissionsPage.js';
import { LedgerImportPage } from './ledger-import/LedgerImportPage.js';
import { DashboardPage } from './dashboard/DashboardPage.js';

export interface PageEntry {
  id: string;
  /** Tab label shown to the clerk. */
  label: string;
  component: ComponentType<PageProps>;
}

export const PAGES: [PageEntry, ...PageEntry[]] = [
  { id: 'workbench', label: '台账', component: WorkbenchPage },
  { id: 'dashboard', label: '统计', component: DashboardPage },
  { id: 'plan-import', label: '导入工作要点', component: PlanImportPage },
  { id: 'submissions', label: '导入报送', component: SubmissionsPage },
  { id: 'templates', label: '模板与导出', component: TemplatesPage },
  { id: 'ledger-import', label: '从 Excel 导入 / 导入修改', component: LedgerImportPage },
];
