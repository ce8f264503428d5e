// 指派 on the plan-import page: tick tasks of the parsed draft (one by one and a whole section), assign
// 责任单位 (added) and 完成时限 (replaced), create the ledger: its task rows carry the values.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAppPage, type AppPage } from '../helpers/app-page.js';
import { chromiumAvailable, screenshotPath } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { eventually } from '../helpers/workbench.js';

const SAMPLE = readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'work-plan-2020.txt'), 'utf8');
const tmp = makeTempDir();
let app: AppPage;
let page: Page;

describe.runIf(chromiumAvailable())('指派 on the plan-import page', () => {
  beforeAll(async () => {
    app = await openAppPage(tmp.file('plan-assign.db'));
    page = app.page;
    await httpClient(app.serve).call('units.add', { name: '和平小学', kind: 'school', aliases: ['和平小'] });
    await page.goto(app.serve.url);
    await page.getByTestId('tab-plan-import').click();
  });

  afterAll(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it('assigns to the ticked tasks of the draft, and the created ledger has the values', async () => {
    await page.getByTestId('plan-text').fill(SAMPLE);
    await page.getByTestId('plan-parse').click();
    await eventually(() => page.getByTestId('plan-task-count').textContent()).toBe('33');
    expect(await page.getByTestId('plan-assign-open').isDisabled()).toBe(true);

    // Section 二 entirely, and the first task of section 一.
    const second = page.getByTestId('plan-section').nth(1);
    const secondCount = await second.getByTestId('plan-task').count();
    expect(secondCount).toBeGreaterThan(1);
    await second.getByTestId('plan-section-select').check();
    const firstTask = page.getByTestId('plan-task').nth(0);
    await firstTask.getByTestId('plan-task-select').check();
    expect(await page.getByTestId('plan-selected-count').textContent()).toBe(`已选 ${secondCount + 1} 条任务`);
    // The first task already names a responsible unit of its own: set it to 和平小 (alias) first.
    await firstTask.getByTestId('plan-edit-units').click();
    await firstTask.getByTestId('plan-units').fill('和平小');
    await firstTask.getByTestId('plan-units-save').click();

    await page.getByTestId('plan-assign-open').click();
    const dialog = page.getByTestId('assign-dialog');
    expect(await dialog.textContent()).toContain(`已选 ${secondCount + 1} 条任务`);
    await dialog.getByTestId('assign-field-units').check();
    await dialog.getByTestId('assign-value').fill('和平小学');
    await dialog.getByTestId('assign-mode-add').check();
    await dialog.getByTestId('assign-apply').click();
    expect(await dialog.count()).toBe(0);
    // 和平小 is 和平小学: the first task is not changed.
    expect(await page.getByTestId('notice').textContent()).toContain(`${secondCount} 条任务已修改，1 条无需改动`);
    expect(await firstTask.getByTestId('plan-task-units').allTextContents()).toContain('责任：和平小');

    await page.getByTestId('plan-assign-open').click();
    await dialog.getByTestId('assign-field-deadline').check();
    await dialog.getByTestId('assign-value').fill('10月底前');
    await dialog.getByTestId('assign-apply').click();
    expect(await second.getByTestId('plan-task').nth(0).getByTestId('plan-task-units').allTextContents()).toContain('时限：10月底前');
    await page.screenshot({ path: screenshotPath('plan-assign') });

    await page.getByTestId('plan-create').click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('已生成台账');
    const ledgers = await httpClient(app.serve).call('ledger.list', {});
    const rows = await httpClient(app.serve).call('rows.list', { ledgerId: ledgers[0]!.id });
    const sections = rows.filter((r) => r.level === 'section');
    const tasksOf = (sectionId: number) => rows.filter((r) => r.parentId === sectionId && r.level === 'task');
    const assigned = tasksOf(sections[1]!.id);
    expect(assigned).toHaveLength(secondCount);
    for (const t of assigned) {
      expect(t.values.units.split('、')).toContain('和平小学');
      expect(t.values.deadline).toBe('10月底前');
    }
    const [first, next] = tasksOf(sections[0]!.id);
    expect(first!.values).toMatchObject({ units: '和平小', deadline: '10月底前' });
    expect(next!.values.units).not.toContain('和平小学');
    expect(next!.values.deadline).not.toBe('10月底前');
  });
});
