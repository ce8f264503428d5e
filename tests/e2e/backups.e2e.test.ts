// Backups in the real renderer (Debian's Chromium) against `taizhang serve`: 备份与恢复 takes a backup
// (listed at once), a restore brings the ledger back as it was and the page shows it; a database opened
// read-only shows the notice and refuses writes with the Chinese message.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { openAppPage } from '../helpers/app-page.js';
import { chromiumAvailable, launchBrowser } from '../helpers/browser.js';
import { httpClient } from '../helpers/http-client.js';
import { REPO_ROOT, startUrlPrintingProcess, type ServeProcess } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const dbPath = tmp.file('e2e-backups.db');
let serve: ServeProcess;
let page: Page;
let closeApp: (() => Promise<void>) | undefined;
let ledgerId: number;

// Under CI a missing Chromium fails the run instead of skipping it.
describe.runIf(chromiumAvailable() || process.env.CI === 'true')('backups in the app', () => {
  beforeAll(async () => {
    const backend = createBackend(dbPath, { actor: '办公室小王' });
    ledgerId = (await backend.handlers['ledger.create']({ name: '2020年重点工作台账' }, { actor: '办公室小王', source: 'seed' })).id;
    backend.close();
    ({ serve, page, close: closeApp } = await openAppPage(dbPath));
  });
  afterAll(async () => {
    await closeApp?.();
    tmp.cleanup();
  });

  it('备份与恢复: 立即备份 lists the backup; 恢复 brings back the ledger as it was', { timeout: 120_000 }, async () => {
    await page.goto(serve.url);
    await page.getByTestId('open-backups').click();
    const dialog = page.getByTestId('backup-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.getByTestId('backup-now').click();
    await expect.poll(() => page.getByTestId('backup-message').textContent(), { timeout: 30_000 }).toMatch(/已备份到 .*backup-\d{8}-\d{6}-\d{3}\.db（1 个台账/);
    // serve also takes its daily backup a few seconds after start: count the manual ones.
    const manualRows = page.getByTestId('backup-row').filter({ hasText: '手动备份' });
    await expect.poll(() => manualRows.count()).toBe(1);
    await page.getByRole('button', { name: '关闭' }).click();

    // Another process renames the ledger after the backup (the CLI, another window).
    const other = createBackend(dbPath, { actor: '另一窗口' });
    await other.dispatch('ledger.rename', { ledgerId, name: '改过名的台账' });
    other.close();
    await page.reload();
    await expect.poll(() => page.getByTestId('ledger-picker').locator('option:checked').textContent()).toBe('改过名的台账');

    await page.getByTestId('open-backups').click();
    await page.getByTestId('backup-row').filter({ hasText: '手动备份' }).getByTestId('backup-restore').click();
    await page.getByTestId('backup-confirm-restore').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toMatch(/已从备份“backup-.*”恢复（1 个台账）；恢复前的数据库已另存为 .*before-restore-/);
    await expect.poll(() => page.getByTestId('ledger-picker').locator('option:checked').textContent()).toBe('2020年重点工作台账');
    // The restore is in the file itself, and the copy taken before it is listed.
    const list = await httpClient(serve).call('backup.list', {});
    expect(list.backups.map((b) => b.kind)).toEqual(expect.arrayContaining(['before-restore', 'manual']));
  });

  it('a database opened read-only shows the notice; reading works, writes are refused in Chinese', { timeout: 120_000 }, async () => {
    const ro = await startUrlPrintingProcess([path.join(REPO_ROOT, 'bin', 'taizhang.mjs'), 'serve', '--db', dbPath, '--read-only']);
    const browser = await launchBrowser();
    try {
      const p = await browser.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
      await p.goto(ro.url);
      await expect.poll(() => p.getByTestId('read-only-banner').textContent(), { timeout: 30_000 }).toContain('只读打开');
      expect(await p.getByTestId('ledger-picker').locator('option:checked').textContent()).toBe('2020年重点工作台账');
      const client = httpClient(ro);
      expect(await client.call('app.info', {})).toMatchObject({ readOnly: true });
      await expect(client.call('ledger.rename', { ledgerId, name: '写不进去' })).rejects.toThrow(/只读.*不能修改/);
    } finally {
      await browser.close();
      await ro.stop();
    }
  });
});
