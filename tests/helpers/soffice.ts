// LibreOffice headless, as a stand-in for "opens without a repair prompt": convert a workbook and read
// the result back. Each call gets its own profile so parallel test files do not clash.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SOFFICE_PATH = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';

export function sofficeAvailable(): boolean {
  return fs.existsSync(SOFFICE_PATH);
}

/** Converts `file` with LibreOffice (`--convert-to xlsx` or `pdf`) into `outDir`; returns the output path. */
export async function convertWithLibreOffice(file: string, outDir: string, to: 'xlsx' | 'pdf' = 'xlsx'): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-lo-'));
  fs.mkdirSync(outDir, { recursive: true });
  try {
    await run(
      SOFFICE_PATH,
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, file],
      { timeout: 180_000 },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const out = path.join(outDir, `${path.basename(file, path.extname(file))}.${to}`);
  if (!fs.existsSync(out)) throw new Error(`LibreOffice did not produce ${out}`);
  return out;
}
