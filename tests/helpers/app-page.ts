// The real app for an e2e test: `taizhang serve` on a database file, and a Chromium page the size of
// a clerk's 1366×768 screen with a zh-CN locale.
import type { BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startServe, type ServeProcess } from './serve.js';

export interface AppPage {
  serve: ServeProcess;
  page: Page;
  close(): Promise<void>;
}

export async function openAppPage(dbPath: string, options: BrowserContextOptions = {}): Promise<AppPage> {
  const serve = await startServe(dbPath);
  const browser = await launchBrowser();
  const page = await browser.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', ...options });
  return {
    serve,
    page,
    close: async () => {
      await browser.close();
      await serve.stop();
    },
  };
}
