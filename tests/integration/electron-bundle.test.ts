// The Electron shell cannot run here, but its bundles can be built and inspected: the sandboxed
// preload may require nothing but 'electron', and the main bundle keeps the native module external.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkbookSafely } from '../../electron/backend/excel/safe-load.js';
import { readPlanFile } from '../../electron/backend/plan/plan-text.js';
import { buildDocx, DOCX_PLAN } from '../fixtures/plans/make-docx.mjs';
// @ts-expect-error plain .mjs build script without types
import { buildElectron } from '../../scripts/build-electron.mjs';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const requires = (code: string) => [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();

describe('Electron bundles', () => {
  it('builds main, preload and the workbook worker; the preload only requires electron', async () => {
    const tmp = makeTempDir();
    try {
      const out: string = await buildElectron(REPO_ROOT, tmp.dir);
      const preload = fs.readFileSync(`${out}/preload.cjs`, 'utf8');
      expect(requires(preload)).toEqual(['electron']);
      expect(preload).toContain('exposeInMainWorld');
      const main = fs.readFileSync(`${out}/main.cjs`, 'utf8');
      expect(requires(main)).toContain('better-sqlite3');
      expect(main).toContain('requestSingleInstanceLock');
      expect(main).toContain('sandbox: true');
      // The native file dialogs are wired: the preload's channels are served by main.
      expect(preload).toContain('taizhang:open-files');
      expect(main).toContain('taizhang:open-files');
      expect(main).toContain('showSaveDialog');
      // The bundled workbook worker really parses a workbook, under plain Node as under Electron.
      const bytes = fs.readFileSync(`${REPO_ROOT}/tests/fixtures/submissions/和平小学-6月报送.xlsx`);
      const model = await loadWorkbookSafely(bytes, { workerUrl: pathToFileURL(`${out}/load-worker.mjs`) });
      expect(model.sheets.length).toBeGreaterThan(0);
      // The same worker reads plan documents (mammoth bundled in).
      const docx = await readPlanFile(buildDocx(DOCX_PLAN), '工作要点.docx', { workerUrl: pathToFileURL(`${out}/load-worker.mjs`) });
      expect(docx.text).toContain('一、');
      // …and a legacy .xls: SheetJS is bundled into the worker, not left for a require at run time.
      const xls = fs.readFileSync(`${REPO_ROOT}/tests/fixtures/xls/和平小学-6月报送.xls`);
      const legacy = await loadWorkbookSafely(xls, { workerUrl: pathToFileURL(`${out}/load-worker.mjs`) });
      expect(legacy).toMatchObject({ format: 'xls', sheets: [{ name: '报送表' }] });
    } finally {
      tmp.cleanup();
    }
  });
});
